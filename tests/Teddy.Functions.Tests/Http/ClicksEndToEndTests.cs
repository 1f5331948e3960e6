using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Feedback;
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
    }
}
