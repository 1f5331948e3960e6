using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Analytics;
using Teddy.Functions.Tests.Infrastructure;
using static Teddy.Functions.Tests.Infrastructure.FeedbackTables;
using static Teddy.Recommenders.RecommendationSources;

namespace Teddy.Functions.Tests.Http;

/// <summary>GET api/analytics/ctr over HTTP through the development runner, on the app's own tables and aggregates.</summary>
[Collection(AppCollection.Name)]
public class ClickThroughEndToEndTests(TeddyAppFixture app)
{
    private async Task<JsonElement> AggregateAndGetAsync(string query = "")
    {
        var run = await app.Services.GetRequiredService<CtrAggregator>().RunOnceAsync(force: true);
        Assert.True(run.Ran, run.Reason);
        await app.Services.GetRequiredService<SharedLearningState>().RefreshAsync();
        var response = await app.Client.GetAsync("api/analytics/ctr" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task A_served_list_and_its_clicks_are_in_the_click_through_within_one_aggregation()
    {
        var now = DateTime.UtcNow;
        var hour = ClickHours.Hour(now);
        string category = "Category " + Guid.NewGuid().ToString("N")[..8];
        string token = Token(hour, Random.Shared.Next(), shard: 1);
        var tables = For(app.Storage.ConnectionString, "impressions", "clicks");
        await tables.WriteImpressionAsync(token, "recommendations", "hybrid",
            [Item("e1", 1, Content, "Hape", category), Item("e2", 2, Collaborative, "Lego", category), Item("e3", 3, Content, "Hape", category)]);
        await tables.WriteClickAsync("e2e-" + Guid.NewGuid(), token, "e2", now);
        await tables.WriteClickAsync("evt:" + Guid.NewGuid(), token, "e2", now, 0, null, null); // the same click, as an event
        // Clicks without a token, through the route shops call: on a product the model knows, and on one it does not.
        var list = await app.Client.GetFromJsonAsync<JsonElement>("api/recommendations/-?user_id=e2e-shopper&k=1");
        string known = list.GetProperty("recommendations")[0].GetProperty("product_id").GetString()!;
        foreach (string product in new[] { known, "no-such-product" })
        {
            var posted = await app.Client.PostAsJsonAsync("api/clicks", new
            {
                click_id = "e2e-" + Guid.NewGuid(), user_id = "u-1", product_id = product, position = 7, recommendation_type = "itemknn",
            });
            Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        }

        var body = await AggregateAndGetAsync("?top=100");

        var categories = body.GetProperty("metadata").GetProperty("category").GetProperty("values").EnumerateArray();
        var mine = Assert.Single(categories, v => v.GetProperty("value").GetString() == category);
        Assert.Equal(3, mine.GetProperty("impressions").GetInt64());
        Assert.Equal(1, mine.GetProperty("clicks").GetInt64());
        Assert.True(body.GetProperty("notes").GetProperty(CtrNotes.TokenlessClicks).GetInt64() >= 1);
        Assert.True(body.GetProperty("notes").GetProperty(CtrNotes.DuplicateClickRecords).GetInt64() >= 1);
        Assert.True(body.GetProperty("clicks_excluded").GetProperty(ClickExclusions.UnknownProduct).GetInt64() >= 1);
        Assert.Contains(body.GetProperty("by_method").EnumerateArray(), m => m.GetProperty("value").GetString() == "itemknn");
        Assert.Contains(body.GetProperty("by_position").EnumerateArray(), p => p.GetProperty("value").GetInt32() == 7);

        // The answer is the shared ctr.json's, which every instance reads.
        var document = (await app.Services.GetRequiredService<IAnalyticsStore>().ReadDocumentAsync())!.Document;
        Assert.Equal(document.Total().Overall.Impressions, body.GetProperty("overall").GetProperty("impressions").GetInt64());
        Assert.Equal(document.ComputedAt, body.GetProperty("computed_at").GetDateTimeOffset());
        Assert.InRange(mine.GetProperty("smoothed_ctr").GetDouble(), mine.GetProperty("ci_low").GetDouble(), mine.GetProperty("ci_high").GetDouble());
        var served = Assert.Single(body.GetProperty("series").GetProperty("hourly").EnumerateArray(),
            p => p.GetProperty("at").GetString() == hour.ToString("yyyy-MM-ddTHH:00:00Z"));
        Assert.True(served.GetProperty("impressions").GetInt64() >= 3);
        Assert.Equal(4, body.GetProperty("brands").GetProperty("categories").EnumerateObject().Count());
        Assert.Equal(JsonValueKind.Object, body.GetProperty("bandit").GetProperty("content").ValueKind);

        // A range of days that holds nothing answers zeros, not an error.
        var empty = await app.Client.GetFromJsonAsync<JsonElement>("api/analytics/ctr?from=2000-01-01&to=2000-01-02");
        Assert.Equal(0, empty.GetProperty("overall").GetProperty("impressions").GetInt64());
        Assert.Equal("2000-01-01", empty.GetProperty("from").GetString());
    }

    [Theory]
    [InlineData("?from=2026-13-01", "from")]
    [InlineData("?from=", "from")]
    [InlineData("?to=26/11/2026", "to")]
    [InlineData("?to=2026-11-26T10:00:00Z", "to")]
    [InlineData("?from=2026-11-27&to=2026-11-26", "to")]
    [InlineData("?top=0", "top")]
    [InlineData("?top=101", "top")]
    [InlineData("?top=ten", "top")]
    [InlineData("?top=1&top=2", "top")]
    public async Task A_bad_query_parameter_is_a_400_naming_it(string query, string field)
    {
        var response = await app.Client.GetAsync("api/analytics/ctr" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(field, problem.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Head_answers_as_get_does_without_a_body()
    {
        await app.Services.GetRequiredService<SharedLearningState>().RefreshAsync();
        var response = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, "api/analytics/ctr"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }
}
