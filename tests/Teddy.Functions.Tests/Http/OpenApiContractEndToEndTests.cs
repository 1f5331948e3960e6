using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Functions.DevRunner;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Serving;
using Teddy.Storage;
using Teddy.Training;
using Xunit.Abstractions;

namespace Teddy.Functions.Tests.Http;

/// <summary>
/// Every documented operation called on the running app (the development runner on Azurite), and every answer checked
/// against openapi.json: the status is documented for the operation, the media type too, the required headers are sent,
/// and the body validates against the schema (JSON Schema 2020-12, formats checked; response objects are closed, so an
/// undocumented field fails). Three apps give every documented status: the trained demo shop (successes, 400, 401, 404,
/// 304, 413, 415; it is only read from, clicked, sent events and simulated shoppers, never retrained), an empty shop of its
/// own (409 and 422 from retrains, 503 before any model, then a retrain of the demo data that succeeds, and a simulator whose
/// generated shop is another scale's, so a simulation's status is 409) and one whose storage refuses
/// connections (503). Then every documented answer must have been seen, or be listed in <see cref="NotExercised"/> with
/// the reason it cannot be provoked here.
/// </summary>
[Collection(AppCollection.Name)]
public class OpenApiContractEndToEndTests(TeddyAppFixture app, ITestOutputHelper output)
{
    private const string Key = TeddyAppFixture.FunctionKey;

    /// <summary>Documented answers this test does not provoke, and why. A merger adds a line here only with a real reason.</summary>
    private static readonly Dictionary<(string Path, string Method, int Status), string> NotExercised = new()
    {
        [("/api/models/{version}/promote", "post", 409)] =
            "the model pointer must move between a promotion's read and its conditional write (two promotions racing); not provoked deterministically",
        [("/api/models/retrain/{id}", "get", 409)] =
            "the data blobs must vanish after a retrain is queued and before it runs, which the queue listener does within a second: only a race provokes it",
    };

    private readonly OpenApiContract _contract = new();
    private readonly List<string> _failures = [];

    [Fact]
    public async Task Every_documented_answer_is_given_by_the_running_app_and_matches_its_schema()
    {
        await TrainedShopAsync(app.Client);
        await EmptyShopAsync();
        await StorageDownAsync();

        var missing = _contract.Answers()
            .Where(a => !_contract.Exercised.Contains(a) && !NotExercised.ContainsKey(a))
            .Select(a => $"never exercised: {a.Method.ToUpperInvariant()} {a.Path} → {a.Status} — add a call that gives it, or a reason to NotExercised");
        var stale = NotExercised.Keys.Where(a => _contract.Exercised.Contains(a) || !_contract.Answers().Contains(a))
            .Select(a => $"NotExercised lists {a.Method.ToUpperInvariant()} {a.Path} → {a.Status}, which is exercised or not documented: remove it");
        _failures.AddRange(missing);
        _failures.AddRange(stale);
        foreach (var skip in NotExercised) output.WriteLine($"not exercised: {skip.Key.Method.ToUpperInvariant()} {skip.Key.Path} → {skip.Key.Status}: {skip.Value}");
        Assert.True(_failures.Count == 0, $"{_failures.Count} contract failures:\n" + string.Join("\n", _failures.Take(80))
            + (_failures.Count > 80 ? $"\n… and {_failures.Count - 80} more" : ""));
    }

    [Fact]
    public async Task The_app_serves_the_repositorys_openapi_json()
    {
        var response = await app.Client.GetAsync("api/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await File.ReadAllBytesAsync(OpenApiContract.FilePath), await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>The demo shop the app fixture trained: successes, and errors of bad input, keys and unknown ids.</summary>
    private async Task TrainedShopAsync(HttpClient client)
    {
        var model = app.Services.GetRequiredService<ServingModelProvider>().Current!;
        string user = Uri.EscapeDataString(model.Model.Users.Ids[0]);
        string product = Uri.EscapeDataString(model.Model.Catalog.Ids[0]);
        string version = model.Version;

        // The page, its assets and this document: 200, then 304 with the ETag.
        foreach (var (path, uri) in new[] { ("/", "/"), ("/assets/{name}", "/assets/app.js"), ("/assets/{name}", "/assets/styles.css"),
                     ("/assets/{name}", "/assets/placeholder.svg"), ("/api/openapi.json", "/api/openapi.json") })
        {
            var (response, _) = await CallAsync(client, path, "get", uri, 200);
            await CallAsync(client, path, "get", uri, 304, ifNoneMatch: response.Headers.ETag?.Tag);
        }
        await CallAsync(client, "/assets/{name}", "get", "/assets/nope.js", 404);
        await CallAsync(client, "/api/sample-images/{category}/{file}", "get", "/api/sample-images/toys-puzzles/red.svg", 200);
        await CallAsync(client, "/api/sample-images/{category}/{file}", "get", "/api/sample-images/Toys/red.svg", 400);
        await CallAsync(client, "/api/sample-images/{category}/{file}", "get", "/api/sample-images/toys/red%20.svg", 400);
        await CallAsync(client, "/api/health", "get", "/api/health", 200);

        // Lists: every parameter used once, and each kind of bad value.
        var (list, body) = await CallAsync(client, "/api/recommendations/{userId}", "get", $"/api/recommendations/{user}?k=3", 200);
        await CallAsync(client, "/api/recommendations/{userId}", "get",
            $"/api/recommendations/{user}?k=5&method=popular&category=Toys&brand=a&brand=b&exclude_brand=c&min_price=1&max_price=500&in_stock=false&strict=true", 200);
        await CallAsync(client, "/api/recommendations/{userId}", "get", $"/api/recommendations/{user}?k=0", 400);
        await CallAsync(client, "/api/recommendations/{userId}", "get", $"/api/recommendations/{user}?method=bogus&in_stock=maybe", 400);
        await CallAsync(client, "/api/recommendations/{userId}", "get", $"/api/recommendations/{user}?user_id=x", 400);
        await CallAsync(client, "/api/recommendations", "get", $"/api/recommendations?user_id={user}&k=2", 200);
        await CallAsync(client, "/api/recommendations", "get", "/api/recommendations?user_id=someone-new", 200);
        await CallAsync(client, "/api/recommendations", "get", "/api/recommendations", 400);
        await CallAsync(client, "/api/recommendations", "get", $"/api/recommendations?user_id={user}&min_price=9&max_price=1", 400);

        await CallAsync(client, "/api/products/{productId}", "get", $"/api/products/{product}", 200);
        await CallAsync(client, "/api/products/{productId}", "get", "/api/products/no-such-product", 404);
        await CallAsync(client, "/api/products/{productId}", "get", $"/api/products/{product}?product_id={product}", 400);
        await CallAsync(client, "/api/products", "get", $"/api/products?product_id={product}", 200);
        await CallAsync(client, "/api/products", "get", "/api/products?product_id=no-such-product", 404);
        await CallAsync(client, "/api/products", "get", "/api/products", 400);

        await CallAsync(client, "/api/products/{productId}/similar", "get", $"/api/products/{product}/similar?k=4", 200);
        await CallAsync(client, "/api/products/{productId}/similar", "get", $"/api/products/-/similar?product_id={product}&method=content", 200);
        await CallAsync(client, "/api/products/{productId}/similar", "get", "/api/products/no-such-product/similar", 404);
        await CallAsync(client, "/api/products/{productId}/similar", "get", $"/api/products/{product}/similar?k=101", 400);

        await CallAsync(client, "/api/users/examples", "get", "/api/users/examples", 200);
        await CallAsync(client, "/api/catalog/facets", "get", "/api/catalog/facets", 200);

        // Feedback: stored, repeated, bad, too large, not JSON. Only the first known shopper clicks and sends events (as the fuzz test
        // does), so no new shopper id enters a later retrain of the shared app and shifts the model's user order other tests index.
        using var shown = JsonDocument.Parse(body);
        var first = shown.RootElement.GetProperty("recommendations")[0];
        string click = JsonSerializer.Serialize(new
        {
            click_id = "contract-" + Guid.NewGuid().ToString("N"), user_id = model.Model.Users.Ids[0], product_id = first.GetProperty("product_id").GetString(),
            position = 1, recommendation_type = first.GetProperty("recommendation_type").GetString(), model_version = version,
            attribution_token = shown.RootElement.GetProperty("attribution_token").GetString(),
        });
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        await CallAsync(client, "/api/clicks", "post", "/api/clicks", 201, json: click);
        await CallAsync(client, "/api/clicks", "post", "/api/clicks", 200, json: click);
        await CallAsync(client, "/api/clicks", "post", "/api/clicks", 409, json: click.Replace("\"position\":1", "\"position\":2", StringComparison.Ordinal));
        await CallAsync(client, "/api/clicks", "post", "/api/clicks", 400, json: """{"click_id":"c","position":0}""");
        await CallAsync(client, "/api/clicks", "post", "/api/clicks", 400, json: "{not json");
        await CallAsync(client, "/api/clicks", "post", "/api/clicks", 413, json: $$"""{"click_id":"{{new string('x', 17 * 1024)}}"}""");
        await CallAsync(client, "/api/clicks", "post", "/api/clicks", 415, json: click, contentType: "text/plain");

        string events = JsonSerializer.Serialize(new object[]
        {
            new { eventType = "detail-page-view", visitorId = model.Model.Users.Ids[0], eventTime = DateTimeOffset.UtcNow.AddMinutes(-1),
                productDetails = new[] { new { product = new { id = model.Model.Catalog.Ids[0] } } } },
            new { eventType = "add-to-cart", visitorId = "contract-visitor", userInfo = new { userId = model.Model.Users.Ids[0] }, eventTime = DateTimeOffset.UtcNow,
                productDetails = new[] { new { product = new { id = "not-in-the-catalog" }, quantity = 2 } } },
        });
        await CallAsync(client, "/api/events", "post", "/api/events", 201, json: events);
        await CallAsync(client, "/api/events", "post", "/api/events", 200, json: events);
        await CallAsync(client, "/api/events", "post", "/api/events", 400, json: """{"eventType":"nope","visitorId":"v","eventTime":"2026-11-26T10:00:00Z"}""");
        await CallAsync(client, "/api/events", "post", "/api/events", 400, json: "[]");
        await CallAsync(client, "/api/events", "post", "/api/events", 413, json: "[" + new string(' ', 1024 * 1024) + "]");
        await CallAsync(client, "/api/events", "post", "/api/events", 415, json: events, contentType: "application/xml");

        await CallAsync(client, "/api/analytics/ctr", "get", "/api/analytics/ctr", 200);
        await CallAsync(client, "/api/analytics/ctr", "get", "/api/analytics/ctr?from=2026-01-01&to=2030-12-31&top=3", 200);
        await CallAsync(client, "/api/analytics/ctr", "get", "/api/analytics/ctr?from=yesterday", 400);
        await CallAsync(client, "/api/analytics/ctr", "get", "/api/analytics/ctr?from=2026-02-02&to=2026-02-01&top=0", 400);
        await CallAsync(client, "/api/analytics/weights", "get", "/api/analytics/weights", 200);

        // Simulated shoppers (the demo shop is the generated one): a short run polled from queued to its result, bad fields, no key,
        // too large, not JSON; the status route's bad and unknown ids.
        string simulation = """{"sessions":2,"k":3,"method":"hybrid","seed":7}""";
        var (simulationAccepted, simulationRecord) = await CallAsync(client, "/api/simulations", "post", "/api/simulations", 202, json: simulation, key: true);
        await PollAsync(client, "/api/simulations/{id}", simulationAccepted, simulationRecord, 200);
        await CallAsync(client, "/api/simulations", "post", "/api/simulations", 400, json: """{"sessions":0,"k":0}""", key: true);
        await CallAsync(client, "/api/simulations", "post", "/api/simulations", 400, json: """{"sessions":1,"method":"magic"}""", key: true);
        await CallAsync(client, "/api/simulations", "post", "/api/simulations", 401, json: simulation);
        await CallAsync(client, "/api/simulations", "post", "/api/simulations", 413, json: $$"""{"method":"{{new string('x', 17 * 1024)}}"}""", key: true);
        await CallAsync(client, "/api/simulations", "post", "/api/simulations", 415, json: simulation, contentType: "text/plain", key: true);
        await CallAsync(client, "/api/simulations/{id}", "get", "/api/simulations/20261126-030000-3f9a2c1b", 401);
        await CallAsync(client, "/api/simulations/{id}", "get", "/api/simulations/20261126-030000-3f9a2c1b", 404, key: true);
        await CallAsync(client, "/api/simulations/{id}", "get", "/api/simulations/not-an-id", 400, key: true);

        // Models, and the function-key routes with and without a key (header or code).
        await CallAsync(client, "/api/models", "get", "/api/models", 200);
        await CallAsync(client, "/api/models/current", "get", "/api/models/current", 200);
        await CallAsync(client, "/api/models/{version}/report", "get", $"/api/models/{version}/report", 200);
        await CallAsync(client, "/api/models/{version}/report", "get", "/api/models/20001126_030000/report", 404);
        await CallAsync(client, "/api/models/{version}/report", "get", "/api/models/latest/report", 400);
        await CallAsync(client, "/api/models/retrain", "get", "/api/models/retrain", 200, key: true);
        await CallAsync(client, "/api/models/retrain", "get", $"/api/models/retrain?code={Key}", 200);
        await CallAsync(client, "/api/models/retrain", "get", "/api/models/retrain", 401);
        await CallAsync(client, "/api/models/retrain", "get", "/api/models/retrain?code=wrong", 401);
        await CallAsync(client, "/api/models/retrain", "post", "/api/models/retrain", 401);
        await CallAsync(client, "/api/models/retrain/{id}", "get", "/api/models/retrain/20261126-030000-3f9a2c1b", 401);
        await CallAsync(client, "/api/models/retrain/{id}", "get", "/api/models/retrain/20261126-030000-3f9a2c1b", 404, key: true);
        await CallAsync(client, "/api/models/retrain/{id}", "get", "/api/models/retrain/not-an-id", 400, key: true);
        await CallAsync(client, "/api/models/{version}/promote", "post", $"/api/models/{version}/promote", 401);
        await CallAsync(client, "/api/models/{version}/promote", "post", "/api/models/20001126_030000/promote", 404, key: true);
        await CallAsync(client, "/api/models/{version}/promote", "post", "/api/models/latest/promote", 400, key: true);
        await CallAsync(client, "/api/models/{version}/promote", "post", $"/api/models/{version}/promote", 200, key: true); // the serving version: no change

        // A query parameter an operation does not declare, on the operations that take no other bad input: 400 before anything runs.
        foreach (var (path, method, uri) in new[]
                 {
                     ("/assets/{name}", "get", "/assets/app.js?v=2"), ("/api/openapi.json", "get", "/api/openapi.json?format=yaml"),
                     ("/api/health", "get", "/api/health?verbose=true"), ("/api/catalog/facets", "get", "/api/catalog/facets?k=5"),
                     ("/api/users/examples", "get", "/api/users/examples?n=3"), ("/api/analytics/weights", "get", "/api/analytics/weights?from=2026-01-01"),
                     ("/api/models", "get", "/api/models?top=1"), ("/api/models/current", "get", "/api/models/current?version=latest"),
                     ("/api/models/retrain", "get", "/api/models/retrain?state=queued"), ("/api/models/retrain", "post", "/api/models/retrain?force=true"),
                 })
            await CallAsync(client, path, method, uri, 400, key: true);
    }

    /// <summary>
    /// An empty shop: nothing to train (409), data nothing can be trained on (422), no model to serve (503); then the demo shop's data
    /// trains a model there (a retrain polled from queued to succeeded), so the shared app's model is never replaced by this test.
    /// </summary>
    private async Task EmptyShopAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["TeddyStorage"] = app.Storage.ConnectionString,
            ["AzureWebJobsStorage"] = app.Storage.ConnectionString,
            ["RETRAIN_SCHEDULE"] = "0 0 3 * * *",
            ["RETRAIN_QUEUE"] = AzuriteFixture.UniqueName("contract"),
            ["AzureFunctionsJobHost:extensions:queues:maxPollingInterval"] = "00:00:00.500",
            [DevRunnerHost.FunctionKeySetting] = Key,
            ["Teddy:Bootstrap:SeedSampleData"] = "false",
            ["Teddy:Bootstrap:TrainWhenNoModel"] = "false",
            // The simulator's generated shop at another scale than the demo data this shop trains on: not its catalog (409).
            ["Teddy:Bootstrap:SampleScale"] = "0.02",
            ["Teddy:Serving:ExampleUsers"] = "5",
            ["Teddy:Training:Evaluation:MaxUsers"] = "300",
            ["Teddy:Storage:DataContainer"] = AzuriteFixture.UniqueName("data"),
            ["Teddy:Storage:ModelsContainer"] = AzuriteFixture.UniqueName("models"),
            ["Teddy:Storage:AnalyticsContainer"] = AzuriteFixture.UniqueName("analytics"),
            ["Teddy:Storage:RetrainsTable"] = AzuriteFixture.UniqueName("retrains"),
            ["SIMULATION_QUEUE"] = AzuriteFixture.UniqueName("contract"),
            ["Teddy:Storage:SimulationsTable"] = AzuriteFixture.UniqueName("simulations"),
            ["Teddy:Storage:ClicksTable"] = AzuriteFixture.UniqueName("clicks"),
            ["Teddy:Storage:ImpressionsTable"] = AzuriteFixture.UniqueName("impressions"),
            ["Teddy:Storage:EventsTable"] = AzuriteFixture.UniqueName("events"),
        };
        var (runner, client) = await StartAsync(settings);
        await using var _ = runner;
        using var __ = client;

        await CallAsync(client, "/api/models/retrain", "post", "/api/models/retrain", 409, key: true);
        await CallAsync(client, "/api/health", "get", "/api/health", 503);
        await CallAsync(client, "/api/models", "get", "/api/models", 200);
        foreach (var (path, uri) in new[]
                 {
                     ("/api/recommendations/{userId}", "/api/recommendations/u1"), ("/api/recommendations", "/api/recommendations?user_id=u1"),
                     ("/api/products/{productId}", "/api/products/p1"), ("/api/products", "/api/products?product_id=p1"),
                     ("/api/products/{productId}/similar", "/api/products/p1/similar"), ("/api/users/examples", "/api/users/examples"),
                     ("/api/models/current", "/api/models/current"), ("/api/catalog/facets", "/api/catalog/facets"),
                     ("/api/analytics/weights", "/api/analytics/weights"),
                 })
            await CallAsync(client, path, "get", uri, 503);
        await CallAsync(client, "/api/simulations", "post", "/api/simulations", 503, json: """{"sessions":1}""", key: true);

        // Data no model can be trained on: the retrain is accepted, runs, and fails as a 422 problem.
        var data = runner.Services.GetRequiredService<BlobTrainingData>();
        await data.UploadAsync(new MemoryStream(Encoding.UTF8.GetBytes("{\"title\":\"no id\"}\n{not json\n")), new MemoryStream([]));
        var (accepted, record) = await CallAsync(client, "/api/models/retrain", "post", "/api/models/retrain", 202, key: true);
        await PollAsync(client, "/api/models/retrain/{id}", accepted, record, 422);

        // The demo shop's data: a retrain that succeeds, from queued to finished, every poll checked.
        var demo = app.Services.GetRequiredService<ITrainingData>();
        await using (var catalog = await demo.OpenCatalogAsync())
        await using (var events = await demo.OpenEventsAsync())
            await data.UploadAsync(catalog, events);
        (accepted, record) = await CallAsync(client, "/api/models/retrain", "post", "/api/models/retrain", 202, key: true);
        await PollAsync(client, "/api/models/retrain/{id}", accepted, record, 200);
        await ServingAsync(client);
        // The simulator's shop is another scale's: accepted, then the run finds it is not the serving catalog (409).
        (accepted, record) = await CallAsync(client, "/api/simulations", "post", "/api/simulations", 202, json: """{"sessions":1}""", key: true);
        await PollAsync(client, "/api/simulations/{id}", accepted, record, 409);
        await runner.StopAsync();
    }

    /// <summary>Storage that refuses connections: every route that needs it answers 503 with Retry-After.</summary>
    private async Task StorageDownAsync()
    {
        using var storage = new UnreachableStorage(UnreachableStorage.Kind.Refused);
        var (runner, client) = await StartAsync(new Dictionary<string, string?>
        {
            ["TeddyStorage"] = storage.ConnectionString,
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            ["RETRAIN_SCHEDULE"] = "0 0 3 * * *",
            ["RETRAIN_QUEUE"] = "retrain-requests",
            [DevRunnerHost.FunctionKeySetting] = Key,
            ["Teddy:Bootstrap:SeedSampleData"] = "false",
            ["Teddy:Bootstrap:TrainWhenNoModel"] = "false",
            ["Teddy:Serving:ExampleUsers"] = "0", // off: 404 (the empty shop gives its 503)
        });
        await using var _ = runner;
        using var __ = client;

        string click = """{"click_id":"c","user_id":"u","product_id":"p","position":1,"recommendation_type":"hybrid"}""";
        string events = """{"eventType":"detail-page-view","visitorId":"v","eventTime":"2026-11-26T10:00:00Z","productDetails":[{"product":{"id":"p"}}]}""";
        foreach (var (path, method, uri, json) in new (string, string, string, string?)[]
                 {
                     ("/api/health", "get", "/api/health", null),
                     ("/api/recommendations/{userId}", "get", "/api/recommendations/u1", null),
                     ("/api/recommendations", "get", "/api/recommendations?user_id=u1", null),
                     ("/api/products/{productId}", "get", "/api/products/p1", null),
                     ("/api/products", "get", "/api/products?product_id=p1", null),
                     ("/api/products/{productId}/similar", "get", "/api/products/p1/similar", null),
                     ("/api/clicks", "post", "/api/clicks", click),
                     ("/api/events", "post", "/api/events", events),
                     ("/api/analytics/ctr", "get", "/api/analytics/ctr", null),
                     ("/api/models", "get", "/api/models", null),
                     ("/api/models/current", "get", "/api/models/current", null),
                     ("/api/models/retrain", "get", "/api/models/retrain", null),
                     ("/api/models/retrain", "post", "/api/models/retrain", null),
                     ("/api/models/retrain/{id}", "get", "/api/models/retrain/20261126-030000-3f9a2c1b", null),
                     ("/api/simulations", "post", "/api/simulations", """{"sessions":1}"""),
                     ("/api/simulations/{id}", "get", "/api/simulations/20261126-030000-3f9a2c1b", null),
                     ("/api/models/{version}/promote", "post", "/api/models/20261126_030000/promote", null),
                     ("/api/models/{version}/report", "get", "/api/models/20261126_030000/report", null),
                 })
            await CallAsync(client, path, method, uri, 503, json: json, key: true);
        await CallAsync(client, "/api/users/examples", "get", "/api/users/examples", 404);
        await runner.StopAsync();
    }

    /// <summary>Waits until the app serves a model (the one a retrain just promoted), for calls that need one.</summary>
    private static async Task ServingAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while ((await client.GetAsync("/api/models/current")).StatusCode != HttpStatusCode.OK)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The app serves no model a minute after its retrain succeeded.");
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// Polls a queued retrain or simulation (its status route <paramref name="path"/>) until it is finished, checking every answer;
    /// the last must have <paramref name="finalStatus"/>.
    /// </summary>
    private async Task PollAsync(HttpClient client, string path, HttpResponseMessage accepted, byte[] record, int finalStatus)
    {
        string location = accepted.Headers.Location?.OriginalString ?? "";
        string id = JsonDocument.Parse(record).RootElement.GetProperty("id").GetString()!;
        Assert.Equal(path.Replace("{id}", id, StringComparison.Ordinal), location);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var response = await client.SendAsync(WithKey(HttpMethod.Get, location));
            byte[] body = await response.Content.ReadAsByteArrayAsync();
            _failures.AddRange(_contract.Check(path, "get", response, body));
            string? state = JsonDocument.Parse(body).RootElement.TryGetProperty("state", out var s) ? s.GetString() : null;
            if (state is not ("queued" or "running"))
            {
                if ((int)response.StatusCode != finalStatus)
                    _failures.Add($"GET {location}: finished with {(int)response.StatusCode}, expected {finalStatus}: {Encoding.UTF8.GetString(body)}");
                return;
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{location} did not finish: {Encoding.UTF8.GetString(body)}");
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// Sends one request, expects <paramref name="status"/>, checks the answer against the document (and a JSON body sent with a 2xx
    /// answer against the request body schema), and for a successful GET also sends HEAD: same status, no body.
    /// </summary>
    private async Task<(HttpResponseMessage Response, byte[] Body)> CallAsync(HttpClient client, string path, string method, string uri, int status,
        string? json = null, string contentType = "application/json", bool key = false, string? ifNoneMatch = null)
    {
        var request = key ? WithKey(new HttpMethod(method.ToUpperInvariant()), uri) : new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), uri);
        if (json is not null) request.Content = new StringContent(json, Encoding.UTF8, contentType);
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        var response = await client.SendAsync(request);
        byte[] body = await response.Content.ReadAsByteArrayAsync();
        string call = $"{method.ToUpperInvariant()} {uri}";
        if ((int)response.StatusCode != status)
            _failures.Add($"{call}: expected {status}, got {(int)response.StatusCode}: {Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300))}");
        _failures.AddRange(_contract.Check(path, method, response, body).Select(f => $"{f} [{call}]"));
        if (json is not null && status < 300 && OpenApiContract.IsJson(contentType))
            _failures.AddRange(_contract.CheckRequestBody(path, method, contentType, json));

        if (method == "get" && status is >= 200 and < 300)
        {
            var head = new HttpRequestMessage(HttpMethod.Head, uri);
            if (key) head.Headers.Add("x-functions-key", Key);
            var headResponse = await client.SendAsync(head);
            byte[] headBody = await headResponse.Content.ReadAsByteArrayAsync();
            if (headResponse.StatusCode != response.StatusCode || headBody.Length > 0)
                _failures.Add($"HEAD {uri}: {(int)headResponse.StatusCode} with {headBody.Length} bytes; GET gave {(int)response.StatusCode} (every GET answers HEAD alike, without a body)");
        }
        return (response, body);
    }

    private static HttpRequestMessage WithKey(HttpMethod method, string uri)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Add("x-functions-key", Key);
        return request;
    }

    private static async Task<(WebApplication Runner, HttpClient Client)> StartAsync(Dictionary<string, string?> settings)
    {
        var runner = DevRunnerHost.Build(["--urls", "http://127.0.0.1:0"], config => config.AddInMemoryCollection(settings));
        await runner.StartAsync();
        var address = runner.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (runner, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) });
    }
}
