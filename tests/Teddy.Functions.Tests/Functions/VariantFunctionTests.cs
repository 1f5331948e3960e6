using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Teddy.Feedback;
using Teddy.Functions.Catalog;
using Teddy.Functions.Recommendations;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Interactions;
using Teddy.Ranking;
using Teddy.Serving;
using Teddy.Training;

namespace Teddy.Functions.Tests.Functions;

/// <summary>
/// Issue 6 §9 through the function classes, on a model trained (by the retrain's own <see cref="ModelTrainer"/>) from
/// a feed with variants, a product with an availability the API does not define, and one without a title.
/// </summary>
public class VariantFunctionTests
{
    private const string CatalogNdjson = """
        {"id": "TS1", "title": "Striped cotton t-shirt", "brands": ["Hape"], "categories": ["Apparel > Shirts"], "priceInfo": {"price": 12}, "colorInfo": {"colors": ["Blue"]}}
        {"id": "TS1-S", "type": "VARIANT", "primaryProductId": "TS1", "title": "Striped cotton t-shirt, S", "priceInfo": {"price": 12}, "sizes": ["S"], "availability": "OUT_OF_STOCK"}
        {"id": "TS1-M", "type": "VARIANT", "primaryProductId": "TS1", "title": "Striped cotton t-shirt, M", "priceInfo": {"price": 12}, "sizes": ["M"], "colorInfo": {"colors": ["Blue"]}}
        {"id": "TS1-L", "type": "VARIANT", "primaryProductId": "TS1", "title": "Striped cotton t-shirt, L", "priceInfo": {"price": 13.5}, "sizes": ["L"]}
        {"id": "TS2", "title": "Plain cotton t-shirt", "brands": ["Brio"], "categories": ["Apparel > Shirts"], "priceInfo": {"price": 10}}
        {"id": "SW1", "title": "Striped wool sweater", "brands": ["Djeco"], "categories": ["Apparel > Sweaters"], "priceInfo": {"price": 30}, "availability": "AVAILABLE"}
        {"id": "K1", "brands": ["Plan Toys"], "categories": ["Toys > Kites"], "priceInfo": {"price": 20}}
        {"id": "D1", "title": "Wooden drum", "brands": ["Tiny"], "categories": ["Toys > Music"], "priceInfo": {"price": 25}}
        """;

    private static string Event(string type, string user, int minute, string product) =>
        $$$"""{"eventType": "{{{type}}}", "visitorId": "{{{user}}}", "eventTime": "2025-01-01T10:{{{minute:00}}}:00Z", "productDetails": [{"product": {"id": "{{{product}}}"}}]}""";

    private static readonly string EventsNdjson = string.Join("\n",
        Event("purchase-complete", "buyer", 1, "TS1-M"), Event("detail-page-view", "buyer", 2, "SW1"),
        Event("detail-page-view", "a", 3, "TS1-S"), Event("add-to-cart", "a", 4, "TS2"), Event("detail-page-view", "a", 5, "K1"),
        Event("detail-page-view", "b", 6, "TS1-L"), Event("purchase-complete", "b", 7, "K1"), Event("detail-page-view", "b", 8, "D1"),
        Event("detail-page-view", "c", 9, "TS1"), Event("detail-page-view", "c", 10, "D1"), Event("detail-page-view", "c", 11, "SW1"));

    private static async Task<ServingModelProvider> ModelsAsync()
    {
        var settings = new TeddySettings(new TrainingOptions { SvdRank = 2 }, new RankingOptions(), new EventWeights());
        var outcome = (TrainingOutcome)new ModelTrainer(settings).Train(new MemoryStream(Encoding.UTF8.GetBytes(CatalogNdjson)),
            new MemoryStream(Encoding.UTF8.GetBytes(EventsNdjson)), new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero), "test"); // after the events
        var store = new InMemoryModelStore();
        await store.SaveAsync(outcome.Metadata, outcome.Artifact, null);
        await store.PromoteAsync(outcome.Metadata.Version, "test", null);
        return new ServingModelProvider(store, Options.Create(new RankingOptions()), NullLogger<ServingModelProvider>.Instance);
    }

    private static RecentEventCache Recent(IOptions<ServingOptions> serving) =>
        new(new InMemoryUserEventStore(), serving, Options.Create(new EventWeights()), NullLogger<RecentEventCache>.Instance);

    private static ImpressionLog Impressions() => new(Options.Create(new FeedbackOptions()));

    private static HttpRequest Request(string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(query);
        return context.Request;
    }

    private static JsonElement Json(IActionResult result) =>
        JsonSerializer.SerializeToElement(Assert.IsType<OkObjectResult>(result).Value);

    [Fact]
    public async Task The_product_endpoint_shows_the_primary_with_its_variants_and_a_variant_id_resolves_to_it()
    {
        var function = new GetProduct(await ModelsAsync());

        var primary = Json(await function.Run(Request(), "TS1", CancellationToken.None));
        Assert.Equal("TS1", primary.GetProperty("product_id").GetString());
        Assert.Equal(JsonValueKind.Null, primary.GetProperty("requested_variant_id").ValueKind);
        var variants = primary.GetProperty("variants").EnumerateArray().ToArray();
        Assert.Equal(["TS1-S", "TS1-M", "TS1-L"], variants.Select(v => v.GetProperty("product_id").GetString()));
        Assert.Equal(["S"], variants[0].GetProperty("sizes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("OUT_OF_STOCK", variants[0].GetProperty("availability").GetString());
        Assert.False(variants[0].GetProperty("in_stock").GetBoolean());
        Assert.Equal(13.5, variants[2].GetProperty("price").GetDouble());

        var viaVariant = Json(await function.Run(Request(), "TS1-M", CancellationToken.None));
        Assert.Equal("TS1", viaVariant.GetProperty("product_id").GetString());
        Assert.Equal("TS1-M", viaVariant.GetProperty("requested_variant_id").GetString());
        Assert.Equal("Striped cotton t-shirt", viaVariant.GetProperty("title").GetString());

        var plain = Json(await function.Run(Request(), "TS2", CancellationToken.None));
        Assert.Equal(0, plain.GetProperty("variants").GetArrayLength());
    }

    [Fact]
    public async Task The_product_endpoint_shows_an_unknown_availability_and_a_readable_name_for_a_product_without_a_title()
    {
        var function = new GetProduct(await ModelsAsync());
        var sweater = Json(await function.Run(Request(), "SW1", CancellationToken.None));
        Assert.Equal("UNKNOWN", sweater.GetProperty("availability").GetString());
        Assert.True(sweater.GetProperty("in_stock").GetBoolean());

        var kite = Json(await function.Run(Request(), "K1", CancellationToken.None));
        Assert.Equal("Plan Toys Kites", kite.GetProperty("title").GetString());
    }

    [Fact]
    public async Task The_buyer_of_a_variant_is_offered_no_size_of_it_and_its_similar_list_names_no_sibling()
    {
        var models = await ModelsAsync();
        var serving = Options.Create(new ServingOptions());
        string[] shirts = ["TS1", "TS1-S", "TS1-M", "TS1-L"];
        foreach (string method in new[] { "hybrid", "content", "collaborative", "itemknn", "popular" })
        {
            var list = Json(await new GetRecommendations(models, serving, Recent(serving), Impressions(), TimeProvider.System).Run(Request($"?k=20&method={method}"), "buyer", CancellationToken.None));
            var ids = list.GetProperty("recommendations").EnumerateArray().Select(i => i.GetProperty("product_id").GetString()).ToArray();
            Assert.NotEmpty(ids);
            Assert.DoesNotContain(ids, shirts.Contains);
        }

        var similar = Json(await new GetSimilarProducts(models, serving, Impressions(), TimeProvider.System).Run(Request("?k=20"), "TS1-M", CancellationToken.None));
        var similarIds = similar.GetProperty("recommendations").EnumerateArray().Select(i => i.GetProperty("product_id").GetString()).ToArray();
        Assert.NotEmpty(similarIds);
        Assert.DoesNotContain(similarIds, shirts.Contains);
        Assert.All(similar.GetProperty("recommendations").EnumerateArray(), i => Assert.NotEqual("", i.GetProperty("title").GetString()));
    }
}
