using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Serving;
using Teddy.Simulation;
using Teddy.Storage;

namespace Teddy.Functions.Tests.Http;

/// <summary>
/// Simulated shoppers never run inside the request: POST api/simulations answers 202 with a status URL while the run is still
/// queued, the queue trigger (served by the development runner from Azurite's queue) runs it, and the status record shows its
/// progress and then what the shoppers did — whose clicks are stored with their lists' tokens. Bad bodies are 4xx problems
/// naming the field and queue nothing.
/// </summary>
[Collection(AppCollection.Name)]
public class SimulationQueueEndToEndTests(TeddyAppFixture app)
{
    private HttpRequestMessage Post(object body)
    {
        var request = app.WithKey(HttpMethod.Post, "api/simulations");
        request.Content = JsonContent.Create(body, body.GetType());
        return request;
    }

    [Fact]
    public async Task A_simulation_is_accepted_while_queued_and_runs_from_the_queue_to_its_result_and_stored_clicks()
    {
        var before = await SimulatedClicksAsync();
        var accepted = await app.Client.SendAsync(Post(new { sessions = 60, k = 10, seed = 11 }));

        // Answered before the run: the record the POST returns is still queued, nothing done.
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var queued = await accepted.Content.ReadFromJsonAsync<JsonElement>();
        string id = queued.GetProperty("id").GetString()!;
        Assert.True(SimulationRun.IsValidId(id), id);
        Assert.Equal($"/api/simulations/{id}", accepted.Headers.Location!.OriginalString);
        Assert.Equal(accepted.Headers.Location.OriginalString, queued.GetProperty("status_url").GetString());
        Assert.Equal(("queued", 0, 60, 10, 11L), (queued.GetProperty("state").GetString(), queued.GetProperty("sessions_done").GetInt32(),
            queued.GetProperty("sessions").GetInt32(), queued.GetProperty("k").GetInt32(), queued.GetProperty("seed").GetInt64()));
        Assert.False(queued.TryGetProperty("result", out _));

        // Polled to the end: progress never goes back, and the pending answers ask the poller to wait.
        int lastDone = 0;
        JsonElement run;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var response = await app.Client.SendAsync(app.WithKey(HttpMethod.Get, accepted.Headers.Location.OriginalString));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            run = await response.Content.ReadFromJsonAsync<JsonElement>();
            int done = run.GetProperty("sessions_done").GetInt32();
            Assert.InRange(done, lastDone, 60);
            lastDone = done;
            if (run.GetProperty("state").GetString() is not ("queued" or "running")) break;
            Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
            Assert.True(DateTime.UtcNow < deadline, "The simulation did not finish: " + run);
            await Task.Delay(200);
        }

        Assert.Equal("succeeded", run.GetProperty("state").GetString());
        Assert.Equal((60, 1), (run.GetProperty("sessions_done").GetInt32(), run.GetProperty("attempts").GetInt32()));
        var result = run.GetProperty("result");
        Assert.Equal(60, result.GetProperty("sessions").GetInt32());
        Assert.Equal("hybrid", result.GetProperty("method").GetString());
        Assert.Equal(app.Services.GetRequiredService<ServingModelProvider>().Current!.Version, result.GetProperty("model_version").GetString());
        Assert.Equal(600, result.GetProperty("impressions").GetInt64());
        long clicks = result.GetProperty("clicks").GetInt64();
        Assert.Equal(Math.Round(clicks / 600.0, 6), result.GetProperty("ctr").GetDouble(), 9);
        foreach (string when in new[] { "weights_before", "weights_after" })
        {
            var weights = result.GetProperty(when);
            Assert.Equal(1, weights.GetProperty("content").GetDouble() + weights.GetProperty("collaborative").GetDouble(), 5);
        }
        Assert.True(run.GetProperty("finished_at").GetDateTimeOffset() >= run.GetProperty("started_at").GetDateTimeOffset());

        // The clicks are stored as POST api/clicks stores them, with their lists' tokens.
        var stored = (await SimulatedClicksAsync()).ExceptBy(before.Select(c => c.RowKey), c => c.RowKey).ToArray();
        Assert.Equal(clicks, stored.Length);
        Assert.All(stored, c =>
        {
            Assert.Matches("^[0-9a-f]{44}$", c.GetString("AttributionToken"));
            Assert.InRange(c.GetInt32("Position") ?? 0, 1, 10);
        });
    }

    [Fact]
    public async Task A_client_that_hangs_up_does_not_stop_the_simulation()
    {
        string statusUrl;
        using (var impatient = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(5) })
        {
            var accepted = await impatient.SendAsync(Post(new { sessions = 20, k = 5, method = "popular", seed = 3 }));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            statusUrl = accepted.Headers.Location!.OriginalString;
        }
        var run = await (await app.WaitForSimulationAsync(statusUrl)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("succeeded", run.GetProperty("state").GetString());
        Assert.Equal(("popular", 100L), (run.GetProperty("result").GetProperty("method").GetString(), run.GetProperty("result").GetProperty("impressions").GetInt64()));
    }

    [Fact]
    public async Task Bad_bodies_are_problems_naming_the_field_and_queue_nothing()
    {
        var runs = app.Services.GetRequiredService<ISimulationRuns>();
        int recordsBefore = (await runs.ListAsync()).Count;
        int queuedBefore = await QueuedMessagesAsync();

        var anonymous = new HttpRequestMessage(HttpMethod.Post, "api/simulations") { Content = JsonContent.Create(new { sessions = 1 }) };
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.SendAsync(anonymous)).StatusCode);
        foreach (var (body, field) in new (string, string)[]
        {
            ("{}", "sessions"), ("""{"sessions":0}""", "sessions"), ("""{"sessions":201}""", "sessions"), ("""{"sessions":-5}""", "sessions"),
            ("""{"sessions":5,"k":0}""", "k"), ("""{"sessions":5,"k":101}""", "k"), ("""{"sessions":5,"method":"magic"}""", "method"),
            ("""{"sessions":"many"}""", "sessions"), ("""{"sessions":1.5}""", "sessions"), ("""{"sessions":5,"seed":"x"}""", "seed"),
            ("""{"sessions":5,"method":"als"}""", "method"),
        })
        {
            var response = await app.Client.SendAsync(Raw(body, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(field, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.SendAsync(Raw("{not json", "application/json"))).StatusCode);

        // A number that is not a whole number in range is answered with the range, and k's default is the recommendations' one.
        var serving = app.Services.GetRequiredService<IOptions<ServingOptions>>().Value;
        foreach (var (body, field, words) in new (string, string, string)[]
        {
            ("""{"sessions":1e30}""", "sessions", "sessions must be a whole number from 1 to 200"),
            ("""{"sessions":99999999999}""", "sessions", "sessions must be a whole number from 1 to 200"),
            ("""{"sessions":1,"k":1e3}""", "k", $"k must be a whole number from 1 to {serving.MaxCount} (Teddy__Serving__MaxCount), or left out ({serving.DefaultListSize})"),
            ("""{"sessions":1,"k":5000}""", "k", $"k must be a whole number from 1 to {serving.MaxCount} (Teddy__Serving__MaxCount), or left out ({serving.DefaultListSize})"),
        })
        {
            var response = await app.Client.SendAsync(Raw(body, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(field, problem.GetProperty("field").GetString());
            Assert.StartsWith(words, problem.GetProperty("detail").GetString());
        }
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, (await app.Client.SendAsync(Raw("""{"sessions":5}""", "text/plain"))).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge,
            (await app.Client.SendAsync(Raw($$"""{"sessions":5,"method":"{{new string('x', 17 * 1024)}}"}""", "application/json"))).StatusCode);

        Assert.Equal(recordsBefore, (await runs.ListAsync()).Count);
        Assert.Equal(queuedBefore, await QueuedMessagesAsync());
    }

    [Fact]
    public async Task The_status_route_needs_the_key_and_answers_problems_for_bad_and_unknown_ids()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.GetAsync("api/simulations/20260101-000000-00000000")).StatusCode);

        var unknown = await app.Client.SendAsync(app.WithKey(HttpMethod.Get, "api/simulations/20200101-000000-00000000"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());

        foreach (string bad in new[] { "latest", "20200101-000000-0000000G", "20200101-000000-00000000x", "%20" })
        {
            var response = await app.Client.SendAsync(app.WithKey(HttpMethod.Get, $"api/simulations/{bad}"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("id", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        }
        var head = await app.Client.SendAsync(app.WithKey(HttpMethod.Head, "api/simulations/20200101-000000-00000000"));
        Assert.Equal(HttpStatusCode.NotFound, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    private HttpRequestMessage Raw(string body, string contentType)
    {
        var request = app.WithKey(HttpMethod.Post, "api/simulations");
        request.Content = new StringContent(body, Encoding.UTF8, contentType);
        return request;
    }

    private async Task<int> QueuedMessagesAsync()
    {
        var queue = new QueueClient(app.Storage.ConnectionString, app.Services.GetRequiredService<IConfiguration>()[SimulationOptions.QueueSetting]);
        await queue.CreateIfNotExistsAsync();
        return (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount;
    }

    private async Task<List<TableEntity>> SimulatedClicksAsync()
    {
        var table = app.Services.GetRequiredService<TableServiceClient>()
            .GetTableClient(app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ClicksTable);
        await table.CreateIfNotExistsAsync(); // the app creates it with its first click: this test may run before any
        var clicks = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == TableClickStore.PartitionFor(DateTime.UtcNow)))
            if (entity.GetString("ClickId")?.StartsWith("sim-", StringComparison.Ordinal) == true) clicks.Add(entity);
        return clicks;
    }
}
