using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using Azure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging.Abstractions;
using Teddy.Functions.Http;
using Teddy.Storage;

namespace Teddy.Functions.Tests.Functions;

/// <summary>
/// The Functions worker's half of the 503 mapping (Core Tools cannot run here, so the middleware is driven
/// with a <see cref="FunctionContext"/> shaped as the ASP.NET Core integration leaves it: the HttpContext in
/// Items and the invocation result in the worker's bindings feature).
/// </summary>
public class StorageUnavailableMiddlewareTests
{
    [Fact]
    public async Task A_storage_fault_in_an_http_function_becomes_the_503_answer()
    {
        var context = new TestFunctionContext(http: true);
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
        var context = new TestFunctionContext(http: true);
        await new StorageUnavailableMiddleware(NullLogger<StorageUnavailableMiddleware>.Instance).Invoke(context,
            _ => throw new AggregateException(new RequestFailedException(0, "refused"), new RequestFailedException(503, "busy")));
        Assert.Equal(503, Assert.IsType<ServiceUnavailableResult>(context.Bindings.Result).StatusCode);
    }

    [Fact]
    public async Task Other_failures_and_non_http_functions_propagate()
    {
        var middleware = new StorageUnavailableMiddleware(NullLogger<StorageUnavailableMiddleware>.Instance);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            middleware.Invoke(new TestFunctionContext(http: true), _ => throw new InvalidOperationException("a bug")));
        await Assert.ThrowsAsync<RequestFailedException>(() =>
            middleware.Invoke(new TestFunctionContext(http: true), _ => throw new RequestFailedException(400, "InvalidInput")));
        await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            middleware.Invoke(new TestFunctionContext(http: false), _ => throw new StorageUnavailableException("x", "y")));
    }

    [Fact]
    public async Task A_successful_function_keeps_its_own_answer()
    {
        var context = new TestFunctionContext(http: true);
        var ok = new OkResult();
        await new StorageUnavailableMiddleware(NullLogger<StorageUnavailableMiddleware>.Instance).Invoke(context, c =>
        {
            context.Bindings.Result = ok;
            return Task.CompletedTask;
        });
        Assert.Same(ok, context.Bindings.Result);
    }

    /// <summary>Stands in for the worker's internal bindings feature (where GetInvocationResult reads and writes).</summary>
    public class BindingsProxy : DispatchProxy
    {
        public object? Result { get; set; }

        protected override object? Invoke(MethodInfo? method, object?[]? args) => method?.Name switch
        {
            "get_InvocationResult" => Result,
            "set_InvocationResult" => Result = args![0],
            "get_OutputBindingData" => new Dictionary<string, object?>(),
            "get_InputData" or "get_TriggerMetadata" => ImmutableDictionary<string, object?>.Empty,
            _ => throw new NotSupportedException(method?.Name),
        };
    }

    private sealed class TestFunctionContext : FunctionContext
    {
        public TestFunctionContext(bool http)
        {
            var featureType = typeof(FunctionContext).Assembly.GetTypes().Single(t => t.Name == "IFunctionBindingsFeature");
            var bindings = DispatchProxy.Create(featureType, typeof(BindingsProxy));
            Bindings = (BindingsProxy)bindings;
            Features = new TestFeatures { [featureType] = bindings };
            if (http) Items["HttpRequestContext"] = new DefaultHttpContext();
        }

        public BindingsProxy Bindings { get; }
        public override string InvocationId => "invocation";
        public override string FunctionId => "function";
        public override TraceContext TraceContext => throw new NotSupportedException();
        public override BindingContext BindingContext => throw new NotSupportedException();
        public override RetryContext RetryContext => throw new NotSupportedException();
        public override IServiceProvider InstanceServices { get; set; } = null!;
        public override FunctionDefinition FunctionDefinition { get; } = new TestDefinition();
        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();
        public override IInvocationFeatures Features { get; }
        public override CancellationToken CancellationToken => CancellationToken.None;
    }

    private sealed class TestFeatures : Dictionary<Type, object>, IInvocationFeatures
    {
        public T? Get<T>() => TryGetValue(typeof(T), out var feature) ? (T)feature : default;
        public void Set<T>(T instance) => this[typeof(T)] = instance!;
        IEnumerator<KeyValuePair<Type, object>> IEnumerable<KeyValuePair<Type, object>>.GetEnumerator() => GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class TestDefinition : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];
        public override string PathToAssembly => "";
        public override string EntryPoint => "";
        public override string Id => "function";
        public override string Name => "RecordClick";
        public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }
}
