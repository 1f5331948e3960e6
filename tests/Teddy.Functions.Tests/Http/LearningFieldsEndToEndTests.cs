using System.Net.Http.Json;
using System.Text.Json;
using Teddy.Functions.Tests.Infrastructure;

namespace Teddy.Functions.Tests.Http;

/// <summary>What lists say about learning, over HTTP: the weights used, whether they were drawn, why, and per item its reason.</summary>
[Collection(AppCollection.Name)]
public class LearningFieldsEndToEndTests(TeddyAppFixture app)
{
    private static readonly string[] Categories = ["high_ctr", "medium_ctr", "low_ctr", "insufficient_data"];

    private async Task<string> KnownUserAsync()
    {
        var examples = await app.Client.GetFromJsonAsync<JsonElement>("api/users/examples");
        return examples.GetProperty("user_ids")[0].GetString()!;
    }

    [Fact]
    public async Task Hybrid_lists_report_drawn_weights_that_sum_to_one_within_the_bounds_and_every_item_its_reason()
    {
        string user = await KnownUserAsync();
        var contentWeights = new List<double>();
        double? lead = null;
        for (int i = 0; i < 60; i++)
        {
            var body = await app.Client.GetFromJsonAsync<JsonElement>($"api/recommendations/{user}?k=10&method=hybrid");
            Assert.Equal("Hybrid", body.GetProperty("model_type").GetString());
            double content = body.GetProperty("content_weight_used").GetDouble(), collaborative = body.GetProperty("cf_weight_used").GetDouble();
            Assert.Equal(1.0, content + collaborative, 9);
            Assert.Equal("active", body.GetProperty("dynamic_weights").GetString());
            Assert.InRange(content, 0.2, 0.8);
            contentWeights.Add(content);
            // Before any hybrid click the trained weights are the start; once the shared app has some (the dashboard's simulator
            // clicks hybrid lists), the reason compares the parts' click-through over the impressions seen.
            var weights = await app.Client.GetFromJsonAsync<JsonElement>("api/analytics/weights");
            double clicks = weights.GetProperty("content").GetProperty("clicks").GetDouble() + weights.GetProperty("collaborative").GetProperty("clicks").GetDouble();
            lead = weights.GetProperty("content_lead_probability").GetDouble();
            string reason = body.GetProperty("optimization_reason").GetString()!;
            if (clicks < 1) Assert.StartsWith("No clicks on hybrid lists yet", reason);
            else Assert.Contains("impressions", reason);
            foreach (var item in body.GetProperty("recommendations").EnumerateArray())
            {
                Assert.False(string.IsNullOrWhiteSpace(item.GetProperty("reason").GetString()));
                Assert.Contains(item.GetProperty("ctr_brand_performance").GetString(), Categories);
                var hybridScore = item.GetProperty("hybrid_score");
                Assert.Equal(item.GetProperty("recommendation_type").GetString() == "hybrid", hybridScore.ValueKind == JsonValueKind.Number);
            }
        }
        // Drawn per request: both leads occur while neither part is nearly sure to lead (the prior gives content the lead about
        // three times in four; a lead probability in [0.2, 0.8] misses one of them in 60 draws with chance below 2e-6).
        Assert.All(contentWeights, w => Assert.Contains(w, new[] { 0.2, 0.8 }));
        if (lead is >= 0.2 and <= 0.8)
        {
            Assert.Contains(0.8, contentWeights);
            Assert.Contains(0.2, contentWeights);
        }
    }

    [Fact]
    public async Task Other_lists_report_no_weights_and_similar_items_explain_themselves()
    {
        string user = await KnownUserAsync();
        foreach (string method in new[] { "content", "collaborative", "itemknn", "popular" })
        {
            var body = await app.Client.GetFromJsonAsync<JsonElement>($"api/recommendations/{user}?k=5&method={method}");
            Assert.Equal(JsonValueKind.Null, body.GetProperty("content_weight_used").ValueKind);
            Assert.Equal(JsonValueKind.Null, body.GetProperty("cf_weight_used").ValueKind);
            Assert.Equal("off", body.GetProperty("dynamic_weights").GetString());
            Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("optimization_reason").GetString()));
            Assert.All(body.GetProperty("recommendations").EnumerateArray(), item =>
            {
                Assert.Equal(JsonValueKind.Null, item.GetProperty("hybrid_score").ValueKind);
                Assert.False(string.IsNullOrWhiteSpace(item.GetProperty("reason").GetString()));
            });
        }
        var list = await app.Client.GetFromJsonAsync<JsonElement>($"api/recommendations/{user}?k=1");
        string productId = list.GetProperty("recommendations")[0].GetProperty("product_id").GetString()!;
        var similar = await app.Client.GetFromJsonAsync<JsonElement>($"api/products/{productId}/similar?k=5");
        Assert.All(similar.GetProperty("recommendations").EnumerateArray(), item =>
        {
            Assert.False(string.IsNullOrWhiteSpace(item.GetProperty("reason").GetString()));
            Assert.Contains(item.GetProperty("ctr_brand_performance").GetString(), Categories);
        });
    }
}
