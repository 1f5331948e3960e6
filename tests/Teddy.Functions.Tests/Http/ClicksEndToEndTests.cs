using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using Teddy.Feedback;
using Teddy.Serving;
using Teddy.Storage;
using Teddy.Functions.Tests.Infrastructure;

namespace Teddy.Functions.Tests.Http;

[Collection(AppCollection.Name)]
public class ClicksEndToEndTests(TeddyAppFixture app)
{
    private static object Click(string id) => new
    {
        click_id = id, user_id = "u-1", product_id = "p-1", position = 3, recommendation_type = "hybrid", model_version = "20261126_030000",
    };

    [Fact]
    public async Task A_click_posted_twice_is_stored_once()
    {
        string id = $"click/{Guid.NewGuid()}?#\\";
        var first = await app.Client.PostAsJsonAsync("api/clicks", Click(id));
        var second = await app.Client.PostAsJsonAsync("api/clicks", Click(id));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.False((await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stored").GetBoolean());

        var stored = await app.Services.GetRequiredService<IClickStore>().FindAsync(id, DateTimeOffset.UtcNow);
        Assert.NotNull(stored);
        Assert.Equal(id, stored.ClickId);
        Assert.Equal(3, stored.Position);
        Assert.Equal("hybrid", stored.RecommendationType);

        // The same click again, once more: still 200, nothing new stored.
        Assert.Equal(HttpStatusCode.OK, (await app.Client.PostAsJsonAsync("api/clicks", Click(id))).StatusCode);
    }

    /// <summary>A blank model_version is an absent one (a third try: "" then no model_version answered 409), so a retry may drop it.</summary>
    [Theory]
    [InlineData("\"\"", null)]
    [InlineData("\"  \"", "null")]
    [InlineData(null, "\"\"")]
    public async Task A_blank_model_version_is_an_absent_one(string? first, string? again)
    {
        string id = $"click-{Guid.NewGuid():N}";
        string Body(string? version) => $$"""{"click_id":"{{id}}","user_id":"u-1","product_id":"p-1","position":2,"recommendation_type":"hybrid"{{(version is null ? "" : $",\"model_version\":{version}")}}}""";
        var stored = await app.Client.PostAsync("api/clicks", new StringContent(Body(first), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        var retry = await app.Client.PostAsync("api/clicks", new StringContent(Body(again), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Null((await app.Services.GetRequiredService<IClickStore>().FindAsync(id, DateTimeOffset.UtcNow))!.ModelVersion);
    }

    /// <summary>
    /// A click_id reused for another click (a new user's try: another user, product, position and type answered 200
    /// "stored": false, so the click was dropped while the client was told all was well) is a 409 naming what differs.
    /// </summary>
    [Theory]
    [InlineData("user_id", "someone-else")]
    [InlineData("product_id", "p-2")]
    [InlineData("position", 7)]
    [InlineData("recommendation_type", "content")]
    [InlineData("model_version", "20261127_030000")]
    [InlineData("attribution_token", null)]
    public async Task A_click_id_reused_for_another_click_is_a_409_naming_what_differs(string field, object? value)
    {
        string id = $"click-{Guid.NewGuid():N}";
        string token = (await app.Client.GetFromJsonAsync<JsonElement>("api/recommendations/u-1?k=1")).GetProperty("attribution_token").GetString()!;
        var first = new System.Text.Json.Nodes.JsonObject
        {
            ["click_id"] = id, ["user_id"] = "u-1", ["product_id"] = "p-1", ["position"] = 3, ["recommendation_type"] = "hybrid",
            ["model_version"] = "20261126_030000", ["attribution_token"] = token,
        };
        Assert.Equal(HttpStatusCode.Created, (await app.Client.PostAsJsonAsync("api/clicks", first)).StatusCode);
        var other = first.DeepClone().AsObject();
        if (value is null) other.Remove(field);
        else other[field] = System.Text.Json.Nodes.JsonValue.Create(value);

        var repeat = await app.Client.PostAsJsonAsync("api/clicks", other);
        Assert.Equal(HttpStatusCode.Conflict, repeat.StatusCode);
        Assert.Equal("application/problem+json", repeat.Content.Headers.ContentType?.MediaType);
        var problem = await repeat.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("click_id", problem.GetProperty("field").GetString());
        Assert.Equal([field], problem.GetProperty("differ").EnumerateArray().Select(d => d.GetString()));
        Assert.Contains(field, problem.GetProperty("detail").GetString());
        var stored = await app.Services.GetRequiredService<IClickStore>().FindAsync(id, DateTimeOffset.UtcNow);
        Assert.Equal(("u-1", "p-1", 3), (stored!.UserId, stored.ProductId, stored.Position)); // the first click, untouched
    }

    /// <summary>The report's ids, whose escaped keys passed Table Storage's 1 KiB limit and answered 500.</summary>
    public static TheoryData<string, string> ReportedIds => new()
    {
        { "171 '/'", new string('/', 171) },
        { "200 '#'", new string('#', 200) },
        { "100 U+0080", new string('\u0080', 100) },
    };

    [Theory]
    [MemberData(nameof(ReportedIds), DisableDiscoveryEnumeration = true)]
    public async Task Ids_whose_escaped_key_is_too_long_are_stored_and_idempotent(string name, string id)
    {
        id += Guid.NewGuid().ToString("N")[..8]; // unique per run; still past the limit when escaped
        var first = await app.Client.PostAsJsonAsync("api/clicks", Click(id));
        var second = await app.Client.PostAsJsonAsync("api/clicks", Click(id));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(id, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("click_id").GetString());
        Assert.False((await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stored").GetBoolean());
        Assert.Equal(id, (await app.Services.GetRequiredService<IClickStore>().FindAsync(id, DateTimeOffset.UtcNow))!.ClickId);
        _ = name;
    }

    [Theory]
    [InlineData("{not json", "body")]
    [InlineData("", "body")]
    [InlineData("null", "body")]
    [InlineData("[1,2]", "body")]
    [InlineData("{\"click_id\":\"c\",\"user_id\":\"u\",\"product_id\":\"p\",\"position\":\"first\",\"recommendation_type\":\"hybrid\"}", "position")]
    [InlineData("{\"user_id\":\"u\",\"product_id\":\"p\",\"position\":1,\"recommendation_type\":\"hybrid\"}", "click_id")]
    [InlineData("{\"click_id\":\"c\",\"user_id\":\"u\",\"product_id\":\"p\",\"position\":0,\"recommendation_type\":\"hybrid\"}", "position")]
    [InlineData("{\"click_id\":\"c\",\"user_id\":\" \",\"product_id\":\"p\",\"position\":1,\"recommendation_type\":\"hybrid\"}", "user_id")]
    [InlineData("{\"click_id\":\"c\",\"user_id\":\"u\",\"product_id\":\"p\",\"position\":1,\"recommendation_type\":\"<script>\"}", "recommendation_type")]
    [InlineData("{\"click_id\":\"\\ud800\",\"user_id\":\"u\",\"product_id\":\"p\",\"position\":1,\"recommendation_type\":\"hybrid\"}", "click_id")]
    public async Task Invalid_bodies_are_a_400_problem_and_nothing_is_stored(string body, string field)
    {
        var response = await app.Client.PostAsync("api/clicks", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Null(await app.Services.GetRequiredService<IClickStore>().FindAsync("c", DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task An_oversized_body_is_rejected()
    {
        var big = new string('x', 20_000);
        var response = await app.Client.PostAsJsonAsync("api/clicks", Click(big));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static string Body(string id, string recommendationType = "hybrid", string product = "p-1", string position = "3") =>
        $$"""{"click_id":"{{id}}","user_id":"u-1","product_id":"{{product}}","position":{{position}},"recommendation_type":"{{recommendationType}}"}""";

    private Task<HttpResponseMessage> PostAsync(string body, string contentType = "application/json") =>
        app.Client.PostAsync("api/clicks", new ByteArrayContent(Encoding.UTF8.GetBytes(body))
        {
            Headers = { ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType) },
        });

    private async Task<Click?> StoredAsync(string id) =>
        await app.Services.GetRequiredService<IClickStore>().FindAsync(id, DateTimeOffset.UtcNow);

    [Fact]
    public async Task A_recommendation_type_no_list_carries_is_a_400_naming_it_and_is_not_stored()
    {
        string id = Guid.NewGuid().ToString();
        var response = await PostAsync(Body(id, "bogus"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("recommendation_type", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
        Assert.Null(await StoredAsync(id));
    }

    [Theory]
    [InlineData("hybrid", "hybrid")]
    [InlineData("content", "content")]
    [InlineData("collaborative", "collaborative")]
    [InlineData("itemknn", "itemknn")]
    [InlineData("popular", "popular")]
    [InlineData("similar", "similar")]
    [InlineData("ItemKNN", "itemknn")]
    public async Task Every_recommendation_type_a_list_carries_is_accepted_and_stored_as_documented(string sent, string stored)
    {
        string id = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(Body(id, sent))).StatusCode);
        Assert.Equal(stored, (await StoredAsync(id))!.RecommendationType);
    }

    [Fact]
    public async Task A_click_on_a_product_the_model_does_not_know_is_stored_and_marked()
    {
        var serving = app.Services.GetRequiredService<ServingModelProvider>().Current!;
        string known = serving.Model.Catalog.Ids[0];
        string unknownId = Guid.NewGuid().ToString(), knownId = Guid.NewGuid().ToString();

        var response = await PostAsync(Body(unknownId, product: "retired-product-" + unknownId));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("product_known").GetBoolean());
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(Body(knownId, product: known))).StatusCode);

        var unknownClick = (await StoredAsync(unknownId))!;
        Assert.False(unknownClick.ProductKnown);
        Assert.Equal(serving.Version, unknownClick.CheckedModelVersion);
        Assert.True((await StoredAsync(knownId))!.ProductKnown);

        // Click-through analytics can leave such clicks out (or count them) with a plain table filter.
        var options = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var table = app.Services.GetRequiredService<TableServiceClient>().GetTableClient(options.ClicksTable);
        var unknownProductClicks = new List<string>();
        await foreach (var entity in table.QueryAsync<TableEntity>("ProductKnown eq false"))
            unknownProductClicks.Add(entity.GetString("ClickId"));
        Assert.Contains(unknownId, unknownProductClicks);
        Assert.DoesNotContain(knownId, unknownProductClicks);
    }

    [Fact]
    public async Task Bodies_are_read_as_ASP_NET_Core_reads_json()
    {
        // Web defaults: field names in any case, numbers as strings; the charset is honoured.
        string id = Guid.NewGuid().ToString();
        string body = $$"""{"Click_Id":"{{id}}","USER_ID":"u-ü","Product_Id":"p-1","position":"4","recommendation_type":"content"}""";
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(body, "application/vnd.shop+json; charset=utf-8")).StatusCode);
        var stored = (await StoredAsync(id))!;
        Assert.Equal(4, stored.Position);
        Assert.Equal("u-ü", stored.UserId);

        string utf16Id = Guid.NewGuid().ToString();
        var utf16 = new ByteArrayContent(Encoding.Unicode.GetBytes(Body(utf16Id).Replace("u-1", "u-ß")))
        {
            Headers = { ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=utf-16") },
        };
        Assert.Equal(HttpStatusCode.Created, (await app.Client.PostAsync("api/clicks", utf16)).StatusCode);
        Assert.Equal("u-ß", (await StoredAsync(utf16Id))!.UserId);

        var unknownCharset = await PostAsync(Body(Guid.NewGuid().ToString()), "application/json; charset=klingon");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unknownCharset.StatusCode);
    }

    [Theory]
    [InlineData("""{"click_id":"c","user_id":"u","product_id":"p","position":1,"recommendation_type":"hybrid","USER_ID":"v"}""", "user_id")]
    [InlineData("""{"click_id":"c","user_id":"u","product_id":"p","position":1.5,"recommendation_type":"hybrid"}""", "position")]
    [InlineData("""{"click_id":"c","user_id":"u","product_id":"p","position":1e400,"recommendation_type":"hybrid"}""", "position")]
    [InlineData("""{"click_id":"c","user_id":"u","product_id":"p","position":"NaN","recommendation_type":"hybrid"}""", "position")]
    [InlineData("""{"click_id":"c","user_id":["u"],"product_id":"p","position":1,"recommendation_type":"hybrid"}""", "user_id")]
    [InlineData("""{"click_id":"c","user_id":"u","product_id":"p","position":1,"recommendation_type":"hybrid"} trailing""", "body")]
    [InlineData("""{"click_id":"c","user_id":"u","product_id":"p","position":1,"recommendation_type":"hybrid",}""", "body")]
    public async Task Ill_typed_and_ill_formed_bodies_name_the_field_in_plain_words(string body, string field)
    {
        var response = await PostAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(field, problem.GetProperty("field").GetString());
        string text = problem.ToString();
        foreach (string leak in new[] { "Teddy.", "System.", "ClickBody", "Exception", "Path: $" })
            Assert.DoesNotContain(leak, text);
        Assert.Null(await StoredAsync("c"));
    }

    [Fact]
    public async Task A_bad_position_says_what_a_position_is_without_internal_type_names()
    {
        var response = await PostAsync(Body("c", position: "\"first\""));
        string detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Equal("position must be a whole number from 1 to 1000 (the 1-based rank in the list).", detail);
    }

    [Theory]
    [InlineData("99999999999")] // beyond a 32-bit whole number
    [InlineData("1e3")]
    [InlineData("1.5")]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-1")]
    public async Task A_position_out_of_range_or_not_whole_states_the_range(string position)
    {
        var response = await PostAsync(Body("c", position: position));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("position", problem.GetProperty("field").GetString());
        Assert.Contains("from 1 to 1000", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Deeply_nested_bodies_are_a_400()
    {
        string deep = "{\"click_id\":" + new string('[', 200) + new string(']', 200) + "}";
        var response = await PostAsync(deep);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("body", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("field").GetString());
    }
}
