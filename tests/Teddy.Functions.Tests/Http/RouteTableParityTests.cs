using System.Reflection;
using System.Text.Json;
using Teddy.Functions.DevRunner;
using Teddy.Functions.Tests.Infrastructure;

namespace Teddy.Functions.Tests.Http;

/// <summary>
/// The development runner must serve exactly what the Functions host would: its route table, read from the
/// attributes, equals the functions.metadata the Worker SDK generated in the function app's build output.
/// </summary>
public class RouteTableParityTests
{
    private static string BuildOutput(string file)
    {
        string configuration = typeof(RouteTableParityTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        return Path.Combine(RepositoryPaths.Root, "bin", configuration, "net10.0", file);
    }

    private static JsonElement[] Metadata()
    {
        string path = BuildOutput("functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: the function app build did not generate it");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateArray().ToArray();
    }

    [Fact]
    public void The_build_output_holds_what_the_functions_host_needs()
    {
        foreach (string file in new[] { "functions.metadata", "extensions.json", "worker.config.json", "host.json" })
            Assert.True(File.Exists(BuildOutput(file)), $"{file} is missing from the function app's build output");
        using var host = JsonDocument.Parse(File.ReadAllText(BuildOutput("host.json")));
        Assert.Equal("", host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
        using var worker = JsonDocument.Parse(File.ReadAllText(BuildOutput("worker.config.json")));
        Assert.Equal("dotnet-isolated", worker.RootElement.GetProperty("description").GetProperty("language").GetString());
    }

    [Fact]
    public void Http_routes_methods_and_auth_levels_match_functions_metadata()
    {
        var fromMetadata = Metadata()
            .Select(f => (Name: f.GetProperty("name").GetString()!, Trigger: f.GetProperty("bindings").EnumerateArray()
                .First(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal))))
            .Where(f => f.Trigger.GetProperty("type").GetString() == "httpTrigger")
            .Select(f => $"{f.Name} {string.Join(",", f.Trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()).Order())} " +
                         $"{f.Trigger.GetProperty("route").GetString()} {f.Trigger.GetProperty("authLevel").GetString()}")
            .Order().ToArray();

        var fromRunner = FunctionTable.Discover(typeof(DevRunnerHost).Assembly).Http
            .Select(f => $"{f.Name} {string.Join(",", f.Methods.Order())} {f.Route} {f.AuthLevel}")
            .Order().ToArray();

        Assert.NotEmpty(fromRunner);
        Assert.Equal(fromMetadata, fromRunner);
    }

    [Fact]
    public void Timer_schedules_match_functions_metadata()
    {
        var fromMetadata = Metadata()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("type").GetString() == "timerTrigger")
                .Select(b => $"{f.GetProperty("name").GetString()} {b.GetProperty("schedule").GetString()}"))
            .Order().ToArray();
        var fromRunner = FunctionTable.Discover(typeof(DevRunnerHost).Assembly).Timers.Select(t => $"{t.Name} {t.Schedule}").Order().ToArray();
        Assert.Equal(["RetrainOnSchedule %RETRAIN_SCHEDULE%"], fromRunner);
        Assert.Equal(fromMetadata, fromRunner);
    }

    [Fact]
    public void Queue_triggers_match_functions_metadata()
    {
        var fromMetadata = Metadata()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("type").GetString() == "queueTrigger")
                .Select(b => $"{f.GetProperty("name").GetString()} {b.GetProperty("queueName").GetString()} " +
                             $"{(b.TryGetProperty("connection", out var c) ? c.GetString() : "")}"))
            .Order().ToArray();
        var fromRunner = FunctionTable.Discover(typeof(DevRunnerHost).Assembly).Queues
            .Select(q => $"{q.Name} {q.QueueName} {q.Connection ?? ""}").Order().ToArray();
        Assert.Equal(["RetrainFromQueue %RETRAIN_QUEUE% TeddyStorage", "SimulateFromQueue %SIMULATION_QUEUE% TeddyStorage"], fromRunner);
        Assert.Equal(fromMetadata, fromRunner);
    }

    [Fact]
    public void Every_trigger_in_functions_metadata_is_served_by_the_runner()
    {
        var table = FunctionTable.Discover(typeof(DevRunnerHost).Assembly);
        var served = table.Http.Select(f => f.Name).Concat(table.Timers.Select(t => t.Name)).Concat(table.Queues.Select(q => q.Name)).Order();
        Assert.Equal(Metadata().Select(f => f.GetProperty("name").GetString()!).Order(), served);
    }

    [Fact]
    public void Host_json_queue_settings_are_the_ones_the_retrain_relies_on()
    {
        var options = Teddy.Functions.Queues.QueuesHostOptions.Read(BuildOutput("host.json"),
            new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build());
        // One retrain at a time per instance, base64 messages as the sender writes them, a few retries.
        Assert.Equal((1, 0), (options.BatchSize, options.NewBatchThreshold));
        Assert.Equal(Azure.Storage.Queues.QueueMessageEncoding.Base64, options.MessageEncoding);
        Assert.Equal(3, options.MaxDequeueCount);
        Assert.Equal(TimeSpan.FromSeconds(30), options.VisibilityTimeout);
        using var host = JsonDocument.Parse(File.ReadAllText(BuildOutput("host.json")));
        Assert.True(TimeSpan.Parse(host.RootElement.GetProperty("functionTimeout").GetString()!) > TimeSpan.FromSeconds(230));
        using var extensions = JsonDocument.Parse(File.ReadAllText(BuildOutput("extensions.json")));
        Assert.Contains(extensions.RootElement.GetProperty("extensions").EnumerateArray(), e => e.GetProperty("name").GetString() == "AzureStorageQueues");
    }

    [Fact]
    public void Routes_follow_the_hosts_rules()
    {
        foreach (var function in FunctionTable.Discover(typeof(DevRunnerHost).Assembly).Http)
        {
            Assert.False(function.Route.StartsWith("admin", StringComparison.OrdinalIgnoreCase), function.Name);
            Assert.False(function.Route.StartsWith("runtime", StringComparison.OrdinalIgnoreCase), function.Name);
            Assert.DoesNotContain("{*", function.Route);
        }
    }
}
