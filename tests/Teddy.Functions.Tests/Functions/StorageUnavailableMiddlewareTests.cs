using Azure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging.Abstractions;
using Teddy.Functions.Http;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Storage;

namespace Teddy.Functions.Tests.Functions;

/// <summary>
/// The Functions worker's half of the 503 mapping (Core Tools cannot run here, so the middleware is driven
/// with a <see cref="WorkerFunctionContext"/>, shaped as the ASP.NET Core integration leaves it).
/// </summary>
public class StorageUnavailableMiddlewareTests
{
    [Fact]
    public async Task A_storage_fault_in_an_http_function_becomes_the_503_answer()
    {
        var context = new WorkerFunctionContext(http: true);
        await new StorageUnavailableMiddleware(NullLogger<StorageUnavailableMiddleware>.Instance).Invoke(context,
            _ => throw new StorageUnavailableException("table 'clicks'", "did not answer within 2 s"));

        var answer = Assert.IsType<ServiceUnavailableResult>(context.Bindings.Result);
        Assert.Equal(503, answer.StatusCode);
        Assert.Contains(Problems.ContentType, answer.ContentTypes);
        var problem = Assert.IsType<ProblemDetails>(answer.Value);
        Assert.Equal("table 'clicks'", problem.Extensions["dependency"]);
        Assert.Contains("did not answer within 2 s", problem.Detail);
    }

    [Fact]
    public async Task The_sdks_own_errors_are_mapped_too()
    {
        var context = new WorkerFunctionContext(http: true);
        await new StorageUnavailableMiddleware(NullLogger<StorageUnavailableMiddleware>.Instance).Invoke(context,
            _ => throw new AggregateException(new RequestFailedException(0, "refused"), new RequestFailedException(503, "busy")));
        Assert.Equal(503, Assert.IsType<ServiceUnavailableResult>(context.Bindings.Result).StatusCode);
    }

    [Fact]
    public async Task Other_failures_and_non_http_functions_propagate()
    {
        var middleware = new StorageUnavailableMiddleware(NullLogger<StorageUnavailableMiddleware>.Instance);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            middleware.Invoke(new WorkerFunctionContext(http: true), _ => throw new InvalidOperationException("a bug")));
        await Assert.ThrowsAsync<RequestFailedException>(() =>
            middleware.Invoke(new WorkerFunctionContext(http: true), _ => throw new RequestFailedException(400, "InvalidInput")));
        await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            middleware.Invoke(new WorkerFunctionContext(http: false), _ => throw new StorageUnavailableException("x", "y")));
    }

    [Fact]
    public async Task A_successful_function_keeps_its_own_answer()
    {
        var context = new WorkerFunctionContext(http: true);
        var ok = new OkResult();
        await new StorageUnavailableMiddleware(NullLogger<StorageUnavailableMiddleware>.Instance).Invoke(context, c =>
        {
            context.Bindings.Result = ok;
            return Task.CompletedTask;
        });
        Assert.Same(ok, context.Bindings.Result);
    }
}
