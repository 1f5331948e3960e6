using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Teddy.Functions.DevRunner;

/// <summary>An HTTP-triggered function as the Worker SDK describes it in functions.metadata.</summary>
public sealed record HttpFunction(string Name, IReadOnlyList<string> Methods, string Route, AuthorizationLevel AuthLevel, MethodInfo Method);

/// <summary>A timer-triggered function; <see cref="Schedule"/> may be a %SETTING% reference, as in the attribute.</summary>
public sealed record TimerFunction(string Name, string Schedule, bool RunOnStartup, MethodInfo Method);

/// <summary>
/// A queue-triggered function; <see cref="QueueName"/> may hold %SETTING% references, and <see cref="Connection"/>
/// names the connection setting (empty: AzureWebJobsStorage), as in the attribute.
/// </summary>
public sealed record QueueFunction(string Name, string QueueName, string? Connection, MethodInfo Method);

/// <summary>
/// The functions of an assembly, read from the same <c>[Function]</c>, <c>[HttpTrigger]</c> and
/// <c>[TimerTrigger]</c> and <c>[QueueTrigger]</c> attributes the Worker SDK reads to generate functions.metadata, so the
/// development runner has no second list of routes to keep in step.
/// </summary>
public sealed class FunctionTable
{
    public IReadOnlyList<HttpFunction> Http { get; }
    public IReadOnlyList<TimerFunction> Timers { get; }
    public IReadOnlyList<QueueFunction> Queues { get; }

    private FunctionTable(IReadOnlyList<HttpFunction> http, IReadOnlyList<TimerFunction> timers, IReadOnlyList<QueueFunction> queues)
    {
        Http = http;
        Timers = timers;
        Queues = queues;
    }

    public static FunctionTable Discover(Assembly assembly)
    {
        var http = new List<HttpFunction>();
        var timers = new List<TimerFunction>();
        var queues = new List<QueueFunction>();
        var methods = assembly.GetTypes()
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Select(method => (method, function: method.GetCustomAttribute<FunctionAttribute>()))
            .Where(pair => pair.function is not null)
            .OrderBy(pair => pair.function!.Name, StringComparer.Ordinal);

        foreach (var (method, function) in methods)
        {
            var parameters = method.GetParameters();
            if (parameters.Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null) is { } httpTrigger)
            {
                // The SDK uses the function name when no route is given, and every method when none are listed.
                var verbs = httpTrigger.Methods is { Length: > 0 } listed
                    ? listed.Select(v => v.ToLowerInvariant()).ToArray()
                    : ["get", "post", "put", "delete", "head", "patch", "options"];
                http.Add(new HttpFunction(function!.Name, verbs, httpTrigger.Route ?? function.Name, httpTrigger.AuthLevel, method));
            }
            else if (parameters.Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).FirstOrDefault(a => a is not null) is { } timerTrigger)
            {
                timers.Add(new TimerFunction(function!.Name, timerTrigger.Schedule, timerTrigger.RunOnStartup, method));
            }
            else if (parameters.Select(p => p.GetCustomAttribute<QueueTriggerAttribute>()).FirstOrDefault(a => a is not null) is { } queueTrigger)
            {
                queues.Add(new QueueFunction(function!.Name, queueTrigger.QueueName, queueTrigger.Connection, method));
            }
            else
            {
                throw new NotSupportedException(
                    $"Function '{function!.Name}' uses a trigger the development runner does not serve; use `func start`.");
            }
        }
        return new FunctionTable(http, timers, queues);
    }
}
