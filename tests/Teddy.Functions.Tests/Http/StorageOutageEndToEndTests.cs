using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Feedback;
using Teddy.Functions.DevRunner;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Serving;
using Xunit.Abstractions;

namespace Teddy.Functions.Tests.Http;

/// <summary>
/// Fault injection: the app serves through the development runner while its Azurite is stopped and started
/// again (same ports, data on disk). Clicks with unique ids are sent all along, with recommendations and
/// health polled beside them. Afterwards: every click answered 2xx is in the table; every other answer was a
/// 503 problem+json with Retry-After (no 500, no hang); recommendations kept serving from the loaded model;
/// the admin routes answered 503 fast while storage was down; and after the restart clicks are stored (201)
/// and health is 200 again, without restarting the app. A client retrying its unacknowledged clicks then
/// finds each stored exactly once. Timings per phase are written to the test output.
/// </summary>
[Collection(TimingCollection.Name)]
public class StorageOutageEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RouteBound = TimeSpan.FromSeconds(4.5); // target 3 s, with a margin for a loaded machine
    private static readonly TimeSpan HealthBound = TimeSpan.FromSeconds(2); // target 1 s

    private enum Phase { Up, Down, Restarted }

    private sealed record Answer(string Kind, Phase Phase, string? Id, HttpStatusCode Status, string? MediaType, TimeSpan? RetryAfter,
        TimeSpan Elapsed, string Body);

    private readonly ConcurrentQueue<Answer> _answers = new();
    private volatile int _phase;

    private Phase Now => (Phase)_phase;

    [Fact]
    public async Task Azurite_stopped_and_restarted_mid_traffic_loses_no_acknowledged_click()
    {
        var test = Stopwatch.StartNew();
        await using var azurite = await RestartableAzurite.StartAsync();
        await using var app = DevRunnerHost.Build(["--urls", "http://127.0.0.1:0"], config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TeddyStorage"] = azurite.ConnectionString,
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["RETRAIN_SCHEDULE"] = "0 0 3 * * *",
            ["RETRAIN_QUEUE"] = "retrain-requests",
            [DevRunnerHost.FunctionKeySetting] = "key",
            ["Teddy:Bootstrap:SeedSampleData"] = "true",
            ["Teddy:Bootstrap:TrainWhenNoModel"] = "true",
            ["Teddy:Bootstrap:SampleScale"] = "0.05",
            ["Teddy:Serving:RefreshSeconds"] = "2",
            ["Teddy:Training:Evaluation:MaxUsers"] = "200",
        }));
        await app.StartAsync();
        using var client = new HttpClient
        {
            BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()),
            Timeout = TimeSpan.FromSeconds(60),
        };
        await WaitForAsync(async () => (await client.GetAsync("api/health")).StatusCode == HttpStatusCode.OK, TimeSpan.FromMinutes(2), "the first model");
        string user = app.Services.GetRequiredService<ServingModelProvider>().Current!.Model.Users.Ids[0];
        output.WriteLine($"{test.Elapsed.TotalSeconds:0.0} s: first model served; traffic starts");

        using var stop = new CancellationTokenSource();
        var traffic = new[]
        {
            Task.Run(() => SendClicksAsync(client, 1, stop.Token)),
            Task.Run(() => SendClicksAsync(client, 2, stop.Token)),
            Task.Run(() => PollAsync(client, "recommendations", $"api/recommendations/{user}?k=5", TimeSpan.FromMilliseconds(100), stop.Token)),
            Task.Run(() => PollAsync(client, "health", "api/health", TimeSpan.FromMilliseconds(250), stop.Token)),
        };

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        _phase = (int)Phase.Down;
        await azurite.StopAsync();
        output.WriteLine($"{test.Elapsed.TotalSeconds:0.0} s: Azurite stopped");
        var downFor = Stopwatch.StartNew();
        var admin = await AdminRoutesAsync(client);
        await Task.Delay(TimeSpan.FromSeconds(4) - downFor.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
        await azurite.RestartAsync();
        _phase = (int)Phase.Restarted;
        output.WriteLine($"{test.Elapsed.TotalSeconds:0.0} s: Azurite listening again");
        await WaitForAsync(() => Task.FromResult(
                _answers.Any(a => a is { Kind: "click", Phase: Phase.Restarted, Status: HttpStatusCode.Created })
                && _answers.Any(a => a is { Kind: "health", Phase: Phase.Restarted, Status: HttpStatusCode.OK })),
            TimeSpan.FromSeconds(30), "clicks stored and health 200 after the restart");
        await Task.Delay(TimeSpan.FromSeconds(0.5));
        output.WriteLine($"{test.Elapsed.TotalSeconds:0.0} s: clicks stored and health 200 again");
        await stop.CancelAsync();
        await Task.WhenAll(traffic);

        Report(admin);
        var answers = _answers.ToArray();
        var clicks = answers.Where(a => a.Kind == "click").ToArray();

        // Nothing acknowledged is lost.
        var store = app.Services.GetRequiredService<IClickStore>();
        foreach (var ack in clicks.Where(a => (int)a.Status is >= 200 and < 300))
            Assert.True(await store.FindAsync(ack.Id!, DateTimeOffset.UtcNow) is { } stored && stored.ClickId == ack.Id, $"acknowledged click {ack.Id} is not in the table");

        // Every other answer was an honest, fast 503.
        foreach (var answer in answers.Where(a => a.Kind != "recommendations" && !((int)a.Status is >= 200 and < 300)))
        {
            Assert.True(answer.Status == HttpStatusCode.ServiceUnavailable, $"{answer.Kind} answered {(int)answer.Status}: {answer.Body}");
            Assert.True(answer.RetryAfter > TimeSpan.Zero, $"{answer.Kind} 503 without Retry-After");
            if (answer.Kind == "click") Assert.Equal("application/problem+json", answer.MediaType);
        }
        foreach (var answer in answers)
            Assert.True(answer.Elapsed < (answer.Kind == "health" ? HealthBound : RouteBound), $"{answer.Kind} took {answer.Elapsed.TotalSeconds:0.00} s");

        // The outage was seen, recommendations kept serving through it, and service resumed.
        Assert.Contains(clicks, a => a.Phase == Phase.Down && a.Status == HttpStatusCode.ServiceUnavailable);
        Assert.All(clicks.Where(a => a.Phase == Phase.Up), a => Assert.Equal(HttpStatusCode.Created, a.Status));
        Assert.All(answers.Where(a => a.Kind == "recommendations"), a => Assert.Equal(HttpStatusCode.OK, a.Status));
        Assert.Contains(answers, a => a is { Kind: "health", Phase: Phase.Down, Status: HttpStatusCode.ServiceUnavailable });

        // While storage was down the admin routes answered 503 problem+json at once; the served model's metadata stayed readable.
        foreach (var answer in admin.Where(a => a.Kind != "GET api/models/current"))
        {
            Assert.True(answer.Status == HttpStatusCode.ServiceUnavailable, $"{answer.Kind} answered {(int)answer.Status}: {answer.Body}");
            Assert.Equal("application/problem+json", answer.MediaType);
            Assert.True(answer.RetryAfter > TimeSpan.Zero);
            Assert.True(answer.Elapsed < RouteBound, $"{answer.Kind} took {answer.Elapsed.TotalSeconds:0.00} s");
        }
        Assert.Equal(HttpStatusCode.OK, admin.Single(a => a.Kind == "GET api/models/current").Status);

        // A client retrying what was not acknowledged ends with every click stored once.
        foreach (var unacknowledged in clicks.Where(a => a.Status == HttpStatusCode.ServiceUnavailable))
        {
            using var retry = await client.PostAsJsonAsync("api/clicks", ClickBody(unacknowledged.Id!));
            Assert.True(retry.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, $"retry of {unacknowledged.Id}: {(int)retry.StatusCode}");
            Assert.NotNull(await store.FindAsync(unacknowledged.Id!, DateTimeOffset.UtcNow));
        }
        await app.StopAsync();
    }

    private static object ClickBody(string id) => new { click_id = id, user_id = "u-1", product_id = "p-1", position = 1, recommendation_type = "hybrid" };

    private async Task SendClicksAsync(HttpClient client, int sender, CancellationToken stop)
    {
        for (int n = 0; !stop.IsCancellationRequested; n++)
        {
            string id = $"outage/{sender}/{n}/{Guid.NewGuid():N}";
            await RecordAsync("click", id, () => client.PostAsJsonAsync("api/clicks", ClickBody(id)));
            await Task.Delay(40, CancellationToken.None);
        }
    }

    private async Task PollAsync(HttpClient client, string kind, string path, TimeSpan every, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await RecordAsync(kind, null, () => client.GetAsync(path));
            await Task.Delay(every, CancellationToken.None);
        }
    }

    private async Task<Answer> RecordAsync(string kind, string? id, Func<Task<HttpResponseMessage>> send)
    {
        var phase = Now;
        var clock = Stopwatch.StartNew();
        using var response = await send();
        var elapsed = clock.Elapsed;
        var answer = new Answer(kind, phase == Now ? phase : Phase.Down, id, response.StatusCode, response.Content.Headers.ContentType?.MediaType,
            response.Headers.RetryAfter?.Delta, elapsed, await response.Content.ReadAsStringAsync());
        _answers.Enqueue(answer);
        return answer;
    }

    private async Task<List<Answer>> AdminRoutesAsync(HttpClient client)
    {
        HttpRequestMessage WithKey(HttpMethod method, string path)
        {
            var request = new HttpRequestMessage(method, path);
            request.Headers.Add("x-functions-key", "key");
            return request;
        }
        var answers = new List<Answer>
        {
            await Probe("GET api/models", () => client.GetAsync("api/models")),
            await Probe("POST api/models/retrain", () => client.SendAsync(WithKey(HttpMethod.Post, "api/models/retrain"))),
            await Probe("POST api/models/{version}/promote", () => client.SendAsync(WithKey(HttpMethod.Post, "api/models/20261126_030000/promote"))),
            await Probe("GET api/models/current", () => client.GetAsync("api/models/current")),
        };
        return answers;

        async Task<Answer> Probe(string name, Func<Task<HttpResponseMessage>> send)
        {
            var clock = Stopwatch.StartNew();
            using var response = await send();
            return new Answer(name, Phase.Down, null, response.StatusCode, response.Content.Headers.ContentType?.MediaType,
                response.Headers.RetryAfter?.Delta, clock.Elapsed, await response.Content.ReadAsStringAsync());
        }
    }

    private void Report(IEnumerable<Answer> admin)
    {
        output.WriteLine("kind, phase, answers by status, p50 ms, max ms");
        foreach (var group in _answers.GroupBy(a => (a.Kind, a.Phase)).OrderBy(g => g.Key.Kind).ThenBy(g => g.Key.Phase))
        {
            var ms = group.Select(a => a.Elapsed.TotalMilliseconds).Order().ToArray();
            string statuses = string.Join(" ", group.GroupBy(a => (int)a.Status).OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Count()}"));
            output.WriteLine($"{group.Key.Kind}, {group.Key.Phase}, {statuses}, {ms[ms.Length / 2]:0}, {ms[^1]:0}");
        }
        foreach (var answer in admin)
            output.WriteLine($"{answer.Kind} while down, {(int)answer.Status}, {answer.Elapsed.TotalMilliseconds:0} ms, Retry-After {answer.RetryAfter?.TotalSeconds}");
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout) throw new TimeoutException($"Gave up waiting for {what} after {timeout}.");
            await Task.Delay(200);
        }
    }
}
