using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Teddy.Functions.Http;

namespace Teddy.Functions.DevRunner;

/// <summary>
/// Calls a function method the way the isolated worker does: a new instance of its class from DI per call,
/// <see cref="HttpRequest"/> for the trigger, route values bound to parameters by name, and the returned
/// <see cref="IActionResult"/> executed against the response. A query string <see cref="QueryStringCheck"/> refuses is
/// answered with its 400 before the function runs, as the worker's <see cref="QueryStringMiddleware"/> does; a storage
/// fault becomes the same 503 the worker's <see cref="StorageUnavailableMiddleware"/> gives (<see cref="StorageUnavailableAnswer"/>).
/// </summary>
public static class FunctionInvoker
{
    public static RequestDelegate ForHttp(HttpFunction function)
    {
        var parameters = function.Method.GetParameters();
        var binders = parameters.Select(p => HttpBinder(function, p)).ToArray();
        var call = FunctionCall.For(function.Method);
        return async context =>
        {
            // The same check as the worker's QueryStringMiddleware, before anything is bound or run.
            if (QueryStringCheck.Problem(function.Name, context.Request) is { } queryProblem)
            {
                await HostProblems.WriteAsync(context, queryProblem);
                return;
            }
            var arguments = new object?[binders.Length];
            for (int i = 0; i < binders.Length; i++)
            {
                if (!binders[i](context, out arguments[i]))
                {
                    string name = parameters[i].Name!;
                    await HostProblems.WriteAsync(context, Http.Problems.InvalidField(name, $"The route value {name} is not valid for this route."));
                    return;
                }
            }
            object? result;
            try
            {
                result = await call.InvokeAsync(context.RequestServices, arguments);
            }
            catch (Exception e) when (StorageUnavailableAnswer.For(e, context.RequestAborted,
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FunctionInvoker)), function.Name) is { } answer)
            {
                result = answer; // the same mapping as the worker's StorageUnavailableMiddleware
            }
            if (result is IActionResult actionResult)
                await actionResult.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
            else if (result is not null)
                throw new NotSupportedException($"Function '{function.Name}' returned {result.GetType().Name}; return IActionResult.");
        };
    }

    public static async Task InvokeTimerAsync(TimerFunction function, IServiceProvider services, Microsoft.Azure.Functions.Worker.TimerInfo timer, CancellationToken cancellation)
    {
        var arguments = function.Method.GetParameters().Select(p =>
            p.ParameterType == typeof(Microsoft.Azure.Functions.Worker.TimerInfo) ? timer
            : p.ParameterType == typeof(CancellationToken) ? (object)cancellation
            : throw new NotSupportedException($"Timer function '{function.Name}' has a parameter '{p.Name}' the runner cannot bind."))
            .ToArray();
        await using var scope = services.CreateAsyncScope();
        await InvokeAsync(function.Method, scope.ServiceProvider, arguments);
    }

    internal static Task<object?> InvokeAsync(MethodInfo method, IServiceProvider services, object?[] arguments) =>
        FunctionCall.For(method).InvokeAsync(services, arguments);

    /// <summary>
    /// How to call one function method, worked out once (per request only the call itself remains): the factory that
    /// builds its class from DI (as <see cref="ActivatorUtilities.GetServiceOrCreateInstance(IServiceProvider, Type)"/>,
    /// the worker's activator), and how to read the result of the task it returns.
    /// </summary>
    private sealed class FunctionCall
    {
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<MethodInfo, FunctionCall> Calls = new();
        private static readonly MethodInfo ResultOfMethod = typeof(FunctionCall).GetMethod(nameof(ResultOf), BindingFlags.NonPublic | BindingFlags.Static)!;

        private readonly MethodInfo _method;
        private readonly ObjectFactory? _create;
        private readonly Func<Task, object?>? _result;

        private FunctionCall(MethodInfo method)
        {
            _method = method;
            _create = method.IsStatic ? null : ActivatorUtilities.CreateFactory(method.DeclaringType!, Type.EmptyTypes);
            var returns = method.ReturnType;
            if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>))
                _result = ResultOfMethod.MakeGenericMethod(returns.GetGenericArguments()[0]).CreateDelegate<Func<Task, object?>>();
        }

        public static FunctionCall For(MethodInfo method) => Calls.GetOrAdd(method, m => new FunctionCall(m));

        public async Task<object?> InvokeAsync(IServiceProvider services, object?[] arguments)
        {
            object? target = _create is null ? null : services.GetService(_method.DeclaringType!) ?? _create(services, null);
            object? returned;
            try
            {
                returned = _method.Invoke(target, arguments);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
            if (returned is Task task)
            {
                await task;
                return _result?.Invoke(task);
            }
            return returned;
        }

        private static object? ResultOf<T>(Task task) => ((Task<T>)task).Result;
    }

    private delegate bool Binder(HttpContext context, out object? value);

    private static Binder HttpBinder(HttpFunction function, ParameterInfo parameter)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
            return (HttpContext c, out object? v) => { v = c.Request; return true; };
        if (parameter.ParameterType == typeof(CancellationToken))
            return (HttpContext c, out object? v) => { v = c.RequestAborted; return true; };

        string name = parameter.Name!;
        bool inRoute = function.Route.Contains("{" + name, StringComparison.OrdinalIgnoreCase);
        var converter = TypeDescriptor.GetConverter(parameter.ParameterType);
        if (!inRoute || !converter.CanConvertFrom(typeof(string)))
            throw new NotSupportedException(
                $"Function '{function.Name}' parameter '{name}' is neither HttpRequest, CancellationToken nor a route value.");

        return (HttpContext c, out object? v) =>
        {
            v = null;
            if (c.GetRouteValue(name) is not string text) return !parameter.ParameterType.IsValueType;
            try
            {
                v = converter.ConvertFromString(null, CultureInfo.InvariantCulture, text);
                return true;
            }
            catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException)
            {
                return false;
            }
        };
    }
}
