using System.Collections;
using System.Collections.Immutable;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Teddy.Functions.Tests.Infrastructure;

/// <summary>
/// A <see cref="FunctionContext"/> shaped as the Functions worker's ASP.NET Core integration leaves it for worker
/// middleware (Core Tools cannot run here): for an HTTP function, the HttpContext in Items; the invocation result in
/// the worker's bindings feature (<see cref="Bindings"/>).
/// </summary>
public sealed class WorkerFunctionContext : FunctionContext
{
    /// <param name="http">Whether the function is HTTP-triggered (an HttpContext is present).</param>
    /// <param name="function">The function's name, as its [Function] attribute gives it.</param>
    public WorkerFunctionContext(bool http, string function = "RecordClick")
    {
        var featureType = typeof(FunctionContext).Assembly.GetTypes().Single(t => t.Name == "IFunctionBindingsFeature");
        var bindings = DispatchProxy.Create(featureType, typeof(BindingsProxy));
        Bindings = (BindingsProxy)bindings;
        Features = new TestFeatures { [featureType] = bindings };
        FunctionDefinition = new TestDefinition(function);
        if (http) Items["HttpRequestContext"] = HttpContext;
    }

    /// <summary>The request's context (in Items only for an HTTP function).</summary>
    public DefaultHttpContext HttpContext { get; } = new();

    public BindingsProxy Bindings { get; }
    public override string InvocationId => "invocation";
    public override string FunctionId => "function";
    public override TraceContext TraceContext => throw new NotSupportedException();
    public override BindingContext BindingContext => throw new NotSupportedException();
    public override RetryContext RetryContext => throw new NotSupportedException();
    public override IServiceProvider InstanceServices { get; set; } = null!;
    public override FunctionDefinition FunctionDefinition { get; }
    public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();
    public override IInvocationFeatures Features { get; }
    public override CancellationToken CancellationToken => CancellationToken.None;

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

    private sealed class TestFeatures : Dictionary<Type, object>, IInvocationFeatures
    {
        public T? Get<T>() => TryGetValue(typeof(T), out var feature) ? (T)feature : default;
        public void Set<T>(T instance) => this[typeof(T)] = instance!;
        IEnumerator<KeyValuePair<Type, object>> IEnumerable<KeyValuePair<Type, object>>.GetEnumerator() => GetEnumerator();
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private sealed class TestDefinition(string name) : FunctionDefinition
    {
        public override ImmutableArray<FunctionParameter> Parameters => [];
        public override string PathToAssembly => "";
        public override string EntryPoint => "";
        public override string Id => "function";
        public override string Name => name;
        public override IImmutableDictionary<string, BindingMetadata> InputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
        public override IImmutableDictionary<string, BindingMetadata> OutputBindings => ImmutableDictionary<string, BindingMetadata>.Empty;
    }
}
