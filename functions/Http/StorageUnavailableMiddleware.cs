using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace Teddy.Functions.Http;

/// <summary>
/// Functions worker middleware (registered in Program.cs, inside the ASP.NET Core integration's own
/// middleware): when an HTTP function fails because storage is unavailable, its answer becomes the 503 of
/// <see cref="StorageUnavailableAnswer"/> instead of a 500. The development runner applies the same mapping in
/// <c>FunctionInvoker</c>. Other failures, and non-HTTP functions, propagate unchanged.
/// </summary>
public sealed class StorageUnavailableMiddleware(ILogger<StorageUnavailableMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (context.GetHttpContext() is not null
            && StorageUnavailableAnswer.For(e, context.CancellationToken, logger, context.FunctionDefinition.Name) is { } answer)
        {
            // The ASP.NET Core integration writes an IActionResult invocation result to the response.
            context.GetInvocationResult().Value = answer;
        }
    }
}
