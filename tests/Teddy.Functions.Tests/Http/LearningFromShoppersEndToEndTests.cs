using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Teddy.Feedback;
using Teddy.Functions.DevRunner;
using Teddy.Functions.Http;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Recommenders;
using Teddy.Serving;
using Teddy.Storage;

namespace Teddy.Functions.Tests.Http;

/// <summary>
/// Issue 7 through the development runner on Azurite: every list carries an attribution token and is recorded as an
/// impression off the request path; events and clicks are stored once and never lost once acknowledged; a view with a
/// token is a click; bad events are refused naming the field with nothing stored; a shopper's new events shape their
/// next list on this instance and on another one.
/// </summary>
[Collection(AppCollection.Name)]
public class LearningFromShoppersEndToEndTests(TeddyAppFixture app)
{
    private ServingModel Serving => app.Services.GetRequiredService<ServingModelProvider>().Current!;

    private TableClient Table(Func<StorageOptions, string> name) =>
        app.Services.GetRequiredService<TableServiceClient>().GetTableClient(name(app.Services.GetRequiredService<IOptions<StorageOptions>>().Value));

    private async Task<List<TableEntity>> RowsOfAsync(string userKey)
    {
        var rows = new List<TableEntity>();
        await Table(o => o.EventsTable).CreateIfNotExistsAsync();
        await foreach (var row in Table(o => o.EventsTable).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.For(userKey)}")))
            rows.Add(row);
        return rows;
    }

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (await probe() is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException(what);
            await Task.Delay(200);
        }
    }

    private static string Event(string type, string visitor, string product, string? token = null, int second = 0) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["eventType"] = type, ["visitorId"] = visitor, ["eventTime"] = $"2026-11-26T10:00:{second:00}Z",
            ["productDetails"] = new[] { new { product = new { id = product }, quantity = 1 } },
            ["attributionToken"] = token,
        });

    private static Task<HttpResponseMessage> PostEventsAsync(HttpClient client, string json) =>
        client.PostAsync("api/events", new StringContent(json, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Every_list_carries_a_new_token_and_positions_and_is_recorded_as_an_impression()
    {
        string user = Serving.Model.Users.Ids[1], product = Serving.Model.Catalog.Ids[3];
        long recordedBefore = app.Services.GetRequiredService<ImpressionLog>().Status.Recorded;
        var lists = new List<JsonElement>();
        foreach (string query in new[] { "?k=6", "?k=4&method=hybrid", "?k=5&method=content", "?k=3&method=popular" })
            lists.Add(await app.Client.GetFromJsonAsync<JsonElement>($"api/recommendations/{Uri.EscapeDataString(user)}{query}"));
        var similar = await app.Client.GetFromJsonAsync<JsonElement>($"api/products/{Uri.EscapeDataString(product)}/similar?k=5");
        using (var head = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"api/recommendations/{Uri.EscapeDataString(user)}")))
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);

        var tokens = lists.Append(similar).Select(l => l.GetProperty("attribution_token").GetString()!).ToArray();
        Assert.All(tokens, t => Assert.True(AttributionToken.IsValid(t), t));
        Assert.Equal(tokens.Length, tokens.Distinct().Count());
        foreach (var list in lists.Append(similar))
        {
            var items = list.GetProperty("recommendations").EnumerateArray().ToArray();
            Assert.Equal(Enumerable.Range(1, items.Length), items.Select(i => i.GetProperty("position").GetInt32()));
            Assert.All(items, i => Assert.True(i.GetProperty("sources").GetArrayLength() > 0));
        }
        Assert.True(lists[0].GetProperty("known_user").GetBoolean());
        Assert.Equal(0, lists[0].GetProperty("recent_events").GetInt32());
        // The HEAD (an uptime monitor) showed nothing to anyone: five impressions, not six.
        Assert.Equal(recordedBefore + 5, app.Services.GetRequiredService<ImpressionLog>().Status.Recorded);

        var store = app.Services.GetRequiredService<IImpressionStore>();
        for (int i = 0; i < lists.Count; i++)
        {
            var list = lists[i];
            var impression = await EventuallyAsync(() => store.FindAsync(tokens[i]), $"impression {tokens[i]} written");
            Assert.Equal(ListKinds.Recommendations, impression.ListKind);
            Assert.Equal(user, impression.UserId);
            Assert.Null(impression.AnchorProductId);
            Assert.Equal(list.GetProperty("method").GetString(), impression.Method);
            Assert.Equal(list.GetProperty("model_version").GetString(), impression.ModelVersion);
            var items = list.GetProperty("recommendations").EnumerateArray().ToArray();
            Assert.Equal(items.Select(x => x.GetProperty("product_id").GetString()), impression.Items.Select(x => x.ProductId));
            Assert.Equal(items.Select(x => x.GetProperty("brand").GetString()), impression.Items.Select(x => x.Brand));
            Assert.Equal(items.Select(x => x.GetProperty("sources").EnumerateArray().Count()), impression.Items.Select(x => SourceNames.Of(x.Sources).Count));
            // The impression records the weights this very list used (drawn per request when adaptive weights are on).
            if (list.GetProperty("content_weight_used").ValueKind == JsonValueKind.Number)
            {
                Assert.Equal(list.GetProperty("content_weight_used").GetDouble(), impression.ContentWeight!.Value, 4);
                Assert.Equal(list.GetProperty("cf_weight_used").GetDouble(), impression.CollaborativeWeight!.Value, 4);
                Assert.Equal(list.GetProperty("dynamic_weights").GetString() == "active", impression.DynamicWeights);
            }
            else if (impression.Method != RecommenderMethods.Hybrid)
                Assert.Null(impression.ContentWeight);
        }
        var similarImpression = await EventuallyAsync(() => store.FindAsync(tokens[^1]), "similar impression written");
        Assert.Equal((ListKinds.Similar, product, RecommenderMethods.Similar), (similarImpression.ListKind, similarImpression.AnchorProductId, similarImpression.Method));
        Assert.Equal(similar.GetProperty("recommendations").GetArrayLength(), similarImpression.Items.Count);
    }

    [Fact]
    public async Task Events_are_stored_once_and_a_view_carrying_a_token_is_a_click_on_that_item()
    {
        string visitor = "visitor-" + Guid.NewGuid().ToString("N");
        var list = await app.Client.GetFromJsonAsync<JsonElement>($"api/recommendations/{visitor}?k=3");
        string token = list.GetProperty("attribution_token").GetString()!;
        string clicked = list.GetProperty("recommendations")[1].GetProperty("product_id").GetString()!;
        string body = "[" + string.Join(",", Event("detail-page-view", visitor, clicked, token), Event("add-to-cart", visitor, clicked, second: 5),
            """{"eventType":"home-page-view","visitorId":"VISITOR","eventTime":"2026-11-26T09:59:00Z"}""".Replace("VISITOR", visitor)) + "]";

        var first = await PostEventsAsync(app.Client, body);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var answer = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((3, 3, 0, 1), (answer.GetProperty("received").GetInt32(), answer.GetProperty("stored").GetInt32(),
            answer.GetProperty("already_stored").GetInt32(), answer.GetProperty("clicks").GetInt32()));
        Assert.Equal(0, answer.GetProperty("unknown_products").GetInt32());

        var again = await PostEventsAsync(app.Client, body);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var repeated = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((0, 3, 0), (repeated.GetProperty("stored").GetInt32(), repeated.GetProperty("already_stored").GetInt32(), repeated.GetProperty("clicks").GetInt32()));

        var rows = await RowsOfAsync(visitor);
        Assert.Equal(3, rows.Count);
        var view = rows.Single(r => r.GetString("EventType") == "detail-page-view");
        Assert.Equal(UserEventIds.OfAttributedClick(token, clicked), view.RowKey);
        Assert.Equal((visitor, token, "api"), (view.GetString("UserKey"), view.GetString("AttributionToken"), view.GetString("Source")));
        Assert.Equal($"[\"{clicked}\"]", view.GetString("ProductIds"));
        Assert.Contains("\"attributionToken\"", view.GetString("Event"));

        var click = await app.Services.GetRequiredService<IClickStore>().FindAsync(Click.FromEventPrefix + view.RowKey, DateTimeOffset.UtcNow);
        Assert.NotNull(click);
        Assert.Equal((visitor, clicked, token, true), (click.UserId, click.ProductId, click.AttributionToken, click.ProductKnown));

        // The same click reported by POST api/clicks (its own click id) is the same event: the events table keeps one row.
        var posted = await app.Client.PostAsJsonAsync("api/clicks", new
        {
            click_id = Guid.NewGuid().ToString(), user_id = visitor, product_id = clicked, position = 2, recommendation_type = "popular",
            attribution_token = token,
        });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal(3, (await RowsOfAsync(visitor)).Count);
    }

    [Fact]
    public async Task A_click_keeps_its_token_and_is_also_the_view_it_stands_for()
    {
        string user = "clicker-" + Guid.NewGuid().ToString("N"), id = Guid.NewGuid().ToString();
        var list = await app.Client.GetFromJsonAsync<JsonElement>($"api/recommendations/{user}?k=2");
        string token = list.GetProperty("attribution_token").GetString()!, product = list.GetProperty("recommendations")[0].GetProperty("product_id").GetString()!;
        object Click(string clickId) => new { click_id = clickId, user_id = user, product_id = product, position = 1, recommendation_type = "popular", attribution_token = token };

        Assert.Equal(HttpStatusCode.Created, (await app.Client.PostAsJsonAsync("api/clicks", Click(id))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.PostAsJsonAsync("api/clicks", Click(id))).StatusCode);
        var stored = await app.Services.GetRequiredService<IClickStore>().FindAsync(id, DateTimeOffset.UtcNow);
        Assert.Equal(token, stored!.AttributionToken);
        var row = Assert.Single(await RowsOfAsync(user));
        Assert.Equal((UserEventIds.OfAttributedClick(token, product), "click", "detail-page-view"),
            (row.RowKey, row.GetString("Source"), row.GetString("EventType")));

        // Without a token the click's own id is its event's identity.
        string other = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await app.Client.PostAsJsonAsync("api/clicks",
            new { click_id = other, user_id = user, product_id = product, position = 1, recommendation_type = "popular" })).StatusCode);
        Assert.Contains(await RowsOfAsync(user), r => r.RowKey == UserEventIds.OfClickId(other));

        var bad = await app.Client.PostAsJsonAsync("api/clicks", new
        {
            click_id = Guid.NewGuid().ToString(), user_id = user, product_id = product, position = 1, recommendation_type = "popular", attribution_token = "forged",
        });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("attribution_token", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Equal(2, (await RowsOfAsync(user)).Count);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"visitorId":"VISITOR","eventTime":"2026-11-26T10:00:00Z"}""", "eventType" },
        { """{"eventType":"detail-page-view","visitorId":"VISITOR","eventTime":"2026-11-26T10:00:00Z"}""", "productDetails" },
        { """[{"eventType":"search","visitorId":"VISITOR","eventTime":"2026-11-26T10:00:00Z"},{"eventType":"search","visitorId":"VISITOR","eventTime":"later"}]""", "[1].eventTime" },
        { """[{"eventType":"search","visitorId":"VISITOR","eventTime":"2026-11-26T10:00:00Z"},{"eventType":"purchase-complete","visitorId":"VISITOR","eventTime":"2026-11-26T10:00:00Z","productDetails":[{"product":{"id":""}}]}]""", "[1].productDetails[0].product.id" },
        { """{"eventType":"search","eventTime":"2026-11-26T10:00:00Z","userInfo":{"ipAddress":"VISITOR"}}""", "visitorId" },
        { """{"eventType":"detail-page-view","visitorId":"VISITOR","eventTime":"2026-11-26T10:00:00Z","productDetails":[{"product":{"id":"p"}}],"attributionToken":"0123"}""", "attributionToken" },
        { """{"eventType":"search","visitorId":"VISITOR","eventTime":"2026-11-26T10:00:00Z","eventTime":"x"}""", "eventTime" },
        { """[]""", "body" },
        { """{"eventType":"search","visitorId":"VISITOR",""", "body" },
    };

    [Theory]
    [MemberData(nameof(BadBodies), DisableDiscoveryEnumeration = true)]
    public async Task Bad_events_get_a_400_naming_the_field_and_nothing_of_the_request_is_stored(string body, string field)
    {
        string visitor = "bad-" + Guid.NewGuid().ToString("N");
        var response = await PostEventsAsync(app.Client, body.Replace("VISITOR", visitor));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.True(problem.TryGetProperty("reason", out _));
        Assert.Empty(await RowsOfAsync(visitor));
    }

    [Fact]
    public async Task The_event_limits_are_settings_and_answer_413_or_400()
    {
        string visitor = "many-" + Guid.NewGuid().ToString("N");
        var options = app.Services.GetRequiredService<IOptions<FeedbackOptions>>().Value;
        string Events(int n) => "[" + string.Join(",", Enumerable.Range(0, n).Select(i => Event("detail-page-view", visitor, $"p-{i}", second: i % 60))) + "]";

        var hundred = await PostEventsAsync(app.Client, Events(options.MaxEventsPerRequest));
        Assert.Equal(HttpStatusCode.Created, hundred.StatusCode);
        Assert.Equal(options.MaxEventsPerRequest, (await hundred.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stored").GetInt32());
        var tooMany = await PostEventsAsync(app.Client, Events(options.MaxEventsPerRequest + 1));
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Equal("body", (await tooMany.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());

        string huge = "[" + new string(' ', options.MaxEventsBodyBytes) + "]";
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostEventsAsync(app.Client, huge)).StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType,
            (await app.Client.PostAsync("api/events", new StringContent(Events(1), Encoding.UTF8, "text/plain"))).StatusCode);
        Assert.Equal(options.MaxEventsPerRequest, (await RowsOfAsync(visitor)).Count);
    }

    [Theory]
    // Truncated JSON is "not valid JSON (line, byte)", as clicks and simulations say, never "nests deeper than 64 levels".
    [InlineData("""{"eventType":""", "body", "malformed_json", "The request body is not valid JSON (line 1, byte")]
    [InlineData("{", "body", "malformed_json", "The request body is not valid JSON (line 1, byte")]
    [InlineData("[{\"eventType\":\"detail-page-view\"", "body", "malformed_json", "The request body is not valid JSON (line 1, byte")]
    // A field given twice: refused naming it, at every level.
    [InlineData("""{"eventType":"detail-page-view","eventType":"purchase-complete","visitorId":"VISITOR","eventTime":"2026-11-26T10:00:00Z","productDetails":[{"product":{"id":"p1"}}]}""",
        "eventType", "duplicate_field", "eventType may be given once")]
    [InlineData("""{"eventType":"detail-page-view","visitorId":"VISITOR","eventTime":"2026-11-26T10:00:00Z","productDetails":[{"product":{"id":"p1","id":"p2"}}]}""",
        "productDetails[0].product.id", "duplicate_field", "productDetails[0].product.id may be given once")]
    // eventTime: not after now plus the tolerated skew, and RFC 3339 with an offset.
    [InlineData("""{"eventType":"search","visitorId":"VISITOR","eventTime":"9999-12-31T23:59:59Z"}""", "eventTime", "event_time_in_future", "eventTime is in the future")]
    [InlineData("""{"eventType":"search","visitorId":"VISITOR","eventTime":"2026-11-30T01:00:00"}""", "eventTime", "bad_timestamp", "eventTime '2026-11-30T01:00:00' is not an RFC 3339 date-time with an offset")]
    [InlineData("""{"eventType":"search","visitorId":"VISITOR","eventTime":"2026-11-30"}""", "eventTime", "bad_timestamp", "eventTime '2026-11-30' is not an RFC 3339 date-time with an offset")]
    [InlineData("""{"eventType":"search","visitorId":"VISITOR"}""", "eventTime", "bad_timestamp", "eventTime is required: an RFC 3339 date-time with an offset")]
    // A value of another JSON type is named as such, as clicks name it ("must be a string"), never as a missing field.
    [InlineData("""{"eventType":"search","visitorId":123,"eventTime":"2026-11-26T10:00:00Z"}""", "visitorId", "wrong_type", "visitorId must be a string, not a number")]
    [InlineData("""{"eventType":"search","visitorId":123,"userInfo":{"userId":"VISITOR"},"eventTime":"2026-11-26T10:00:00Z"}""", "visitorId", "wrong_type", "visitorId must be a string, not a number")]
    [InlineData("""{"eventType":"search","userInfo":{"userId":["VISITOR"]},"eventTime":"2026-11-26T10:00:00Z"}""", "userInfo.userId", "wrong_type", "userInfo.userId must be a string, not an array")]
    [InlineData("""{"eventType":7,"visitorId":"VISITOR","eventTime":"2026-11-26T10:00:00Z"}""", "eventType", "wrong_type", "eventType must be a string, not a number")]
    [InlineData("""{"eventType":"search","visitorId":"VISITOR","eventTime":1764151200}""", "eventTime", "wrong_type", "eventTime must be a string, not a number")]
    [InlineData("""{"eventType":"detail-page-view","visitorId":"VISITOR","eventTime":"2026-11-26T10:00:00Z","productDetails":[{"product":{"id":17}}]}""", "productDetails[0].product.id", "wrong_type", "productDetails[0].product.id must be a string, not a number")]
    [InlineData("""{"eventType":"detail-page-view","visitorId":"VISITOR","eventTime":"2026-11-26T10:00:00Z","productDetails":["p1"]}""", "productDetails[0]", "wrong_type", "productDetails[0] must be an object")]
    public async Task Bad_events_are_a_400_naming_the_field_and_nothing_is_stored(string body, string field, string reason, string detail)
    {
        string visitor = "bad-" + Guid.NewGuid().ToString("N");
        var response = await PostEventsAsync(app.Client, body.Replace("VISITOR", visitor));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
        Assert.StartsWith(detail, problem.GetProperty("detail").GetString());
        Assert.Empty(await RowsOfAsync(visitor));
    }

    [Fact]
    public async Task A_number_for_an_id_is_must_be_a_string_for_events_as_for_clicks()
    {
        var click = await app.Client.PostAsync("api/clicks", new StringContent(
            """{"click_id":"c","user_id":123,"product_id":"p","position":1,"recommendation_type":"popular"}""", Encoding.UTF8, "application/json"));
        var @event = await PostEventsAsync(app.Client, """{"eventType":"search","visitorId":123,"eventTime":"2026-11-26T10:00:00Z"}""");

        Assert.Equal(HttpStatusCode.BadRequest, click.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, @event.StatusCode);
        Assert.Contains("must be a string", (await click.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var problem = await @event.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("wrong_type", problem.GetProperty("reason").GetString());
        Assert.Contains("must be a string", problem.GetProperty("detail").GetString());
        Assert.DoesNotContain("required", problem.GetProperty("detail").GetString());
    }

    /// <summary>The API's id limit: the routes refuse a longer id, so events refuse it too (and a retrain skips it, id_too_long).</summary>
    [Theory]
    [InlineData("visitorId")]
    [InlineData("userInfo.userId")]
    [InlineData("productDetails[0].product.id")]
    public async Task An_id_over_the_routes_limit_is_refused_as_id_too_long(string field)
    {
        string visitor = "long-" + Guid.NewGuid().ToString("N"), id = new('x', RequestIds.MaxLength + 1);
        string body = field switch
        {
            "visitorId" => $$"""{"eventType":"search","visitorId":"{{id}}","eventTime":"2026-11-26T10:00:00Z"}""",
            "userInfo.userId" => $$"""{"eventType":"search","visitorId":"{{visitor}}","userInfo":{"userId":"{{id}}"},"eventTime":"2026-11-26T10:00:00Z"}""",
            _ => Event("detail-page-view", visitor, id),
        };
        var response = await PostEventsAsync(app.Client, body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Equal("id_too_long", problem.GetProperty("reason").GetString());
        Assert.Empty(await RowsOfAsync(visitor));
        // The same id in a URL is refused as well: such an id could never be asked about.
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client.GetAsync($"api/recommendations/{id}")).StatusCode);
    }

    /// <summary>
    /// A second instance of the app on the same storage (its own memory, its own impression buffer): a new visitor's
    /// events sent to one instance shape their list on both; the other instance's buffered impressions are written when
    /// it stops.
    /// </summary>
    [Fact]
    public async Task A_new_visitors_events_shape_their_next_list_on_this_and_another_instance()
    {
        var settings = new Dictionary<string, string?>(app.Settings)
        {
            ["Teddy:Bootstrap:SeedSampleData"] = "false",
            ["Teddy:Bootstrap:TrainWhenNoModel"] = "false",
            ["Teddy:Feedback:FlushSeconds"] = "3600", // only the stop writes its impressions
        };
        await using var other = DevRunnerHost.Build(["--urls", "http://127.0.0.1:0"], config => config.AddInMemoryCollection(settings));
        await other.StartAsync();
        using var otherClient = new HttpClient
        {
            BaseAddress = new Uri(other.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()),
            Timeout = TimeSpan.FromMinutes(1),
        };
        await EventuallyAsync(async () => (await otherClient.GetAsync("api/health")).IsSuccessStatusCode ? "" : null, "the other instance loaded the model");

        // Three products of one category, viewed by a visitor the model has never seen.
        var catalog = Serving.Model.Catalog;
        var viewed = Enumerable.Range(0, catalog.Count).Where(p => catalog.InStock[p]).GroupBy(p => catalog.Category[p])
            .First(g => g.Count() >= 12).Take(3).Select(p => catalog.Ids[p]).ToArray();
        string visitor = "new-" + Guid.NewGuid().ToString("N");
        var before = await otherClient.GetFromJsonAsync<JsonElement>($"api/recommendations/{visitor}?k=10&method=content");
        Assert.Equal("popular", before.GetProperty("method").GetString());

        string body = "[" + string.Join(",", viewed.Select((p, i) => Event("detail-page-view", visitor, p, second: i))) + "]";
        Assert.Equal(HttpStatusCode.Created, (await PostEventsAsync(app.Client, body)).StatusCode);

        var here = await app.Client.GetFromJsonAsync<JsonElement>($"api/recommendations/{visitor}?k=10&method=content");
        // The other instance cached "nothing recent" for this visitor a moment ago; a visitor it has not seen reads storage.
        string fresh = "new-" + Guid.NewGuid().ToString("N");
        Assert.Equal(HttpStatusCode.Created, (await PostEventsAsync(app.Client, body.Replace(visitor, fresh))).StatusCode);
        var there = await otherClient.GetFromJsonAsync<JsonElement>($"api/recommendations/{fresh}?k=10&method=content");
        var hybrid = await otherClient.GetFromJsonAsync<JsonElement>($"api/recommendations/{fresh}?k=10");
        foreach (var list in new[] { here, there, hybrid })
        {
            Assert.False(list.GetProperty("known_user").GetBoolean());
            Assert.Equal(3, list.GetProperty("recent_events").GetInt32());
            Assert.NotEqual("popular", list.GetProperty("method").GetString());
            var ids = list.GetProperty("recommendations").EnumerateArray().Select(i => i.GetProperty("product_id").GetString()!).ToArray();
            Assert.DoesNotContain(ids, viewed.Contains);
            int category = catalog.Category[Array.IndexOf(catalog.Ids, viewed[0])];
            Assert.True(ids.Count(id => catalog.Category[Array.IndexOf(catalog.Ids, id)] == category) >= ids.Length / 2,
                $"{list.GetProperty("method").GetString()}: the list should follow the viewed category");
        }
        Assert.Equal("content", there.GetProperty("method").GetString());

        // The other instance flushes nothing until it stops; then every impression it served is written.
        string[] tokens = [before.GetProperty("attribution_token").GetString()!, there.GetProperty("attribution_token").GetString()!,
            hybrid.GetProperty("attribution_token").GetString()!];
        var store = app.Services.GetRequiredService<IImpressionStore>();
        Assert.Null(await store.FindAsync(tokens[1]));
        await other.StopAsync();
        foreach (string token in tokens) Assert.NotNull(await store.FindAsync(token));
        Assert.Equal(0, other.Services.GetRequiredService<ImpressionLog>().Status.Pending);
    }
}
