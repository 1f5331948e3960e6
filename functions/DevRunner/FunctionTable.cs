using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Teddy.Functions.DevRunner;

/// <summary>An HTTP-triggered function as the Worker SDK describes it in functions.metadata.</summary>
public sealed record HttpFunction(string Name, IReadOnlyList<string> Methods, string Route, AuthorizationLevel AuthLevel, MethodInfo Method);

/// <summary>A timer-triggered function; <see cref="Schedule"/> may be a %SETTING% reference, as in the attribute.</summary>
public sealed record TimerFunction(string Name, string Schedule, bool RunOnStartup, MethodInfo Method);

/// <summary>
/// The functions of an assembly, read from the same <c>[Function]</c>, <c>[HttpTrigger]</c> and
/// <c>[TimerTrigger]</c> attributes the Worker SDK reads to generate functions.metadata, so the
/// development runner has no second list of routes to keep in step.
/// </summary>
public sealed class FunctionTable
{
    public IReadOnlyList<HttpFunction> Http { get; }
    public IReadOnlyList<TimerFunction> Timers { get; }

    private FunctionTable(IReadOnlyList<HttpFunction> http, IReadOnlyList<TimerFunction> timers)
    {
        Http = http;
        Timers = timers;
    }

    public static FunctionTable Discover(Assembly assembly)
    {
        var http = new List<HttpFunction>();
        var timers = new List<TimerFunction>();
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
            else
            {
                throw new NotSupportedException(
                    $"Function '{function!.Name}' uses a trigger the development runner does not serve; use `func start`.");
            }
        }
        return new FunctionTable(http, timers);
    }
}
