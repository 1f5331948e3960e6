using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Serving;
using Teddy.Storage;
using Teddy.Training;

namespace Teddy.Functions.Tests.Http;

/// <summary>
/// Long work does not depend on the caller: POST api/models/retrain answers 202 with a status URL, the queue trigger
/// (served by the development runner from Azurite's queue) runs the retrain, and the status record tells the outcome —
/// including the 4xx for data that trains nothing and the refusal that health reports.
/// </summary>
[Collection(AppCollection.Name)]
public class RetrainQueueEndToEndTests(TeddyAppFixture app)
{
    private async Task<(HttpResponseMessage Response, JsonElement Body)> PostRetrainAsync(HttpClient? client = null)
    {
        var response = await (client ?? app.Client).SendAsync(app.WithKey(HttpMethod.Post, "api/models/retrain"));
        return (response, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task A_retrain_is_accepted_at_once_and_runs_from_the_queue_to_a_stored_version()
    {
        var (accepted, body) = await PostRetrainAsync();

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        string id = body.GetProperty("id").GetString()!;
        Assert.True(RetrainRun.IsValidId(id), id);
        Assert.Equal($"/api/models/retrain/{id}", accepted.Headers.Location!.OriginalString);
        Assert.Equal(accepted.Headers.Location.OriginalString, body.GetProperty("status_url").GetString());
        Assert.Equal(("queued", "http"), (body.GetProperty("state").GetString(), body.GetProperty("trigger").GetString()));

        var done = await app.WaitForRetrainAsync(accepted.Headers.Location.OriginalString);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        var run = await done.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("succeeded", run.GetProperty("state").GetString());
        Assert.Equal(1, run.GetProperty("attempts").GetInt32());
        string version = run.GetProperty("version").GetString()!;
        Assert.Equal(version, run.GetProperty("report").GetProperty("version").GetString());
        Assert.True(run.GetProperty("report").GetProperty("candidates").GetArrayLength() >= 2);
        Assert.True(run.GetProperty("finished_at").GetDateTimeOffset() >= run.GetProperty("started_at").GetDateTimeOffset());

        // The list shows it with the start-up run, newest first.
        var list = await app.Client.SendAsync(app.WithKey(HttpMethod.Get, "api/models/retrain"));
        var runs = (await list.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runs").EnumerateArray().ToArray();
        Assert.Contains(runs, r => r.GetProperty("id").GetString() == id && r.GetProperty("state").GetString() == "succeeded");
        Assert.Contains(runs, r => r.GetProperty("trigger").GetString() == "bootstrap" && r.GetProperty("state").GetString() == "succeeded");
        Assert.Equal(runs.OrderByDescending(r => r.GetProperty("requested_at").GetDateTimeOffset()).Select(r => r.GetProperty("id").GetString()),
            runs.Select(r => r.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_client_that_hangs_up_does_not_stop_the_retrain()
    {
        string statusUrl;
        using (var impatient = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(2) })
        {
            var (accepted, _) = await PostRetrainAsync(impatient);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            statusUrl = accepted.Headers.Location!.OriginalString;
        } // gone before the retrain has even started

        var run = await (await app.WaitForRetrainAsync(statusUrl)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("succeeded", run.GetProperty("state").GetString());
        var versions = await app.Services.GetRequiredService<Teddy.Artifacts.IModelStore>().ListVersionsAsync();
        Assert.Contains(run.GetProperty("version").GetString(), versions);
    }

    [Fact]
    public async Task Status_routes_need_the_key_and_answer_problems_for_bad_and_unknown_ids()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.GetAsync("api/models/retrain")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client.GetAsync("api/models/retrain/20260101-000000-00000000")).StatusCode);

        var unknown = await app.Client.SendAsync(app.WithKey(HttpMethod.Get, "api/models/retrain/20200101-000000-00000000"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

        var bad = await app.Client.SendAsync(app.WithKey(HttpMethod.Get, "api/models/retrain/latest"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("id", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }

    [Fact]
    public async Task Data_that_trains_nothing_is_a_422_problem_naming_the_skip_reasons_and_the_serving_model_stays()
    {
        string serving = app.Services.GetRequiredService<ServingModelProvider>().Current!.Version;
        await WithDataAsync("{\"title\":\"no id\"}\n{\"id\":\"\",\"title\":\"empty id\"}\n{not json\n", "", async () =>
        {
            var (accepted, _) = await PostRetrainAsync();
            var done = await app.WaitForRetrainAsync(accepted.Headers.Location!.OriginalString);

            Assert.Equal(HttpStatusCode.UnprocessableEntity, done.StatusCode);
            Assert.Equal("application/problem+json", done.Content.Headers.ContentType?.MediaType);
            var problem = await done.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(422, problem.GetProperty("status").GetInt32());
            Assert.Equal("failed", problem.GetProperty("state").GetString());
            string detail = problem.GetProperty("detail").GetString()!;
            Assert.Contains("3 lines, 0 accepted, 3 rejected", detail);
            Assert.Contains("missing_id 2", detail);
            Assert.Contains("malformed_json 1", detail);
            Assert.Equal(serving, app.Services.GetRequiredService<ServingModelProvider>().Current!.Version);
        });
    }

    [Fact]
    public async Task A_refused_retrain_keeps_serving_and_health_names_it()
    {
        string serving = app.Services.GetRequiredService<ServingModelProvider>().Current!.Version;
        string catalog = await ReadAsync(d => d.OpenCatalogAsync());
        await WithDataAsync(catalog, "", async () =>
        {
            var (accepted, body) = await PostRetrainAsync();
            var done = await app.WaitForRetrainAsync(accepted.Headers.Location!.OriginalString);
            var run = await done.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
            Assert.Equal("refused", run.GetProperty("state").GetString());
            Assert.False(run.GetProperty("promoted").GetBoolean());
            Assert.Equal("data_gates", run.GetProperty("refused_by").GetString());
            Assert.Equal(serving, app.Services.GetRequiredService<ServingModelProvider>().Current!.Version);

            // Health still answers 200 (the service serves) and names the refused retrain.
            string id = body.GetProperty("id").GetString()!;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            JsonElement health;
            do
            {
                var response = await app.Client.GetAsync("api/health");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                health = await response.Content.ReadFromJsonAsync<JsonElement>();
                if (health.GetProperty("warnings").EnumerateArray().Any(w => w.GetProperty("retrain_id").GetString() == id)) break;
                await Task.Delay(500);
            } while (DateTime.UtcNow < deadline);
            var warning = health.GetProperty("warnings").EnumerateArray().Single();
            Assert.Equal(("retrain_refused", id), (warning.GetProperty("code").GetString(), warning.GetProperty("retrain_id").GetString()));
            Assert.Equal(serving, health.GetProperty("model_version").GetString());
        });
    }

    private async Task<string> ReadAsync(Func<ITrainingData, Task<Stream>> open)
    {
        using var reader = new StreamReader(await open(app.Services.GetRequiredService<ITrainingData>()));
        return await reader.ReadToEndAsync();
    }

    /// <summary>Runs <paramref name="test"/> with other data in the shop's blobs, then puts the demo data back.</summary>
    private async Task WithDataAsync(string catalog, string events, Func<Task> test)
    {
        string originalCatalog = await ReadAsync(d => d.OpenCatalogAsync()), originalEvents = await ReadAsync(d => d.OpenEventsAsync());
        var data = app.Services.GetRequiredService<BlobTrainingData>();
        try
        {
            await Upload(data, catalog, events);
            await test();
        }
        finally
        {
            await Upload(data, originalCatalog, originalEvents);
        }

        static Task Upload(BlobTrainingData data, string catalog, string events) => data.UploadAsync(
            new MemoryStream(System.Text.Encoding.UTF8.GetBytes(catalog)), new MemoryStream(System.Text.Encoding.UTF8.GetBytes(events)));
    }
}
