using Teddy.Catalog;
using Teddy.Recommenders;
using Teddy.Retail;
using Teddy.Serving;

namespace Teddy.Core.Tests.Shops;

/// <summary>
/// Issue 6 §9: products of type VARIANT roll up to their primary, as the Retail API does — for learning (events on a
/// variant count for its primary) and for serving (a shopper is not offered siblings of what they bought; similar
/// lists never list siblings; lists name primaries).
/// </summary>
public class VariantTests
{
    private static readonly string[] Shirts = ["TS1", "TS1-S", "TS1-M", "TS1-L"];

    /// <summary>A striped T-shirt (TS1) in three sizes, and other clothes and toys; TS1-M's buyer is "buyer".</summary>
    private static readonly Shop Clothes = new(
        [
            new ShopProduct("TS1", "striped cotton t-shirt", "Hape", "Apparel > Shirts", 12, "IN_STOCK", "blue", "kids"),
            new ShopProduct("TS1-S", "striped cotton t-shirt small", "Hape", "Apparel > Shirts", 12, "IN_STOCK", "blue", "kids", PrimaryId: "TS1"),
            new ShopProduct("TS1-M", "striped cotton t-shirt medium", "Hape", "Apparel > Shirts", 12, "IN_STOCK", "blue", "kids", PrimaryId: "TS1"),
            new ShopProduct("TS1-L", "striped cotton t-shirt large", "Hape", "Apparel > Shirts", 12, "IN_STOCK", "blue", "kids", PrimaryId: "TS1"),
            new ShopProduct("TS2", "plain cotton t-shirt", "Brio", "Apparel > Shirts", 10, "IN_STOCK", "red", "kids"),
            new ShopProduct("SW1", "striped wool sweater", "Djeco", "Apparel > Sweaters", 30, "IN_STOCK", "blue", "kids"),
            new ShopProduct("K1", "wooden kite", "Plan Toys", "Toys > Outdoor", 20, "IN_STOCK", "red", "kids"),
            new ShopProduct("D1", "wooden drum", "Tiny Brand", "Toys > Music", 25, "IN_STOCK", "green", "kids"),
        ],
        [
            new ShopEvent("purchase-complete", "buyer", null, 1, ["TS1-M"]),
            new ShopEvent("detail-page-view", "buyer", null, 2, ["SW1"]),
            new ShopEvent("detail-page-view", "a", null, 3, ["TS1-S"]),
            new ShopEvent("add-to-cart", "a", null, 4, ["TS2"]),
            new ShopEvent("detail-page-view", "b", null, 5, ["TS1-L"]),
            new ShopEvent("purchase-complete", "b", null, 6, ["K1"]),
            new ShopEvent("detail-page-view", "c", null, 7, ["TS1"]),
            new ShopEvent("detail-page-view", "c", null, 8, ["D1"]),
            new ShopEvent("detail-page-view", "c", null, 9, ["SW1"]),
        ]);

    [Fact]
    public void Variants_roll_up_to_their_primary_in_the_catalog_and_in_the_interactions()
    {
        var data = ShopModels.Ingest(Clothes.CatalogNdjson, Clothes.EventsNdjson);

        Assert.Equal(["TS1", "TS2", "SW1", "K1", "D1"], data.Catalog.Products.Select(p => p.Id));
        Assert.Equal(["TS1-S", "TS1-M", "TS1-L"], data.Catalog.VariantsOf(0).Select(v => v.Id));
        Assert.Equal(0, data.Catalog.IndexOf("TS1-M"));
        Assert.True(data.Catalog.IsVariantId("TS1-M"));
        Assert.Equal(3, data.Report.Events.VariantReferences);

        data.Interactions.TryGetUserIndex("buyer", out int buyer);
        Assert.Equal([0, 2], data.Interactions.ForUser(buyer).ToArray().Select(i => i.Product)); // TS1 (bought as TS1-M) and SW1
    }

    [Fact]
    public void A_buyer_of_TS1_M_is_not_offered_TS1_S_TS1_L_or_TS1_by_any_method()
    {
        var model = ShopModels.Train(Clothes.CatalogNdjson, Clothes.EventsNdjson);
        foreach (string method in RecommenderMethods.All)
        {
            var list = model.Recommend(new RecommendationRequest("buyer", 20, method, CatalogFilter.None));
            Assert.NotEmpty(list.Items);
            Assert.DoesNotContain(list.Items, i => Shirts.Contains(i.ProductId));
        }
    }

    [Fact]
    public void Similar_items_of_a_variant_are_its_primarys_and_list_no_sibling()
    {
        var model = ShopModels.Train(Clothes.CatalogNdjson, Clothes.EventsNdjson);
        var ofVariant = model.Similar(new SimilarRequest("TS1-M", 20, CatalogFilter.None), contentWeight: 0.5)!.Items;
        var ofPrimary = model.Similar(new SimilarRequest("TS1", 20, CatalogFilter.None), contentWeight: 0.5)!.Items;

        Assert.NotEmpty(ofVariant);
        Assert.DoesNotContain(ofVariant, i => Shirts.Contains(i.ProductId));
        Assert.Equal(ofPrimary.Select(i => (i.ProductId, i.Score)), ofVariant.Select(i => (i.ProductId, i.Score)));
        Assert.Contains(ofVariant, i => i.ProductId == "TS2"); // the other t-shirt, not a size of this one
    }

    [Fact]
    public void Every_list_names_primaries_only()
    {
        var model = ShopModels.Train(Clothes.CatalogNdjson, Clothes.EventsNdjson);
        foreach (string user in new[] { "a", "b", "c", "stranger" })
        foreach (string method in RecommenderMethods.All)
            Assert.DoesNotContain(model.Recommend(new RecommendationRequest(user, 20, method, CatalogFilter.None)).Items,
                i => i.ProductId.StartsWith("TS1-", StringComparison.Ordinal));
    }

    [Fact]
    public void The_model_catalog_resolves_a_variant_to_its_primary_and_keeps_the_variants_through_the_artifact()
    {
        var model = ShopModels.Train(Clothes.CatalogNdjson, Clothes.EventsNdjson).Model;
        var loaded = TrainedModel.Deserialize(model.Serialize().Bytes).Catalog;

        foreach (var catalog in new[] { model.Catalog, loaded })
        {
            Assert.True(catalog.TryResolve("TS1-M", out int product, out int variant));
            Assert.Equal("TS1", catalog.Ids[product]);
            Assert.Equal("TS1-M", catalog.Variants!.Ids[variant]);
            Assert.True(catalog.TryResolve("TS1", out product, out variant));
            Assert.Equal((0, -1), (product, variant));
            Assert.False(catalog.TryGetIndex("TS1-M", out _)); // a variant is not a product of its own
            Assert.False(catalog.TryResolve("TS9", out _, out _));
            Assert.Equal(["TS1-S", "TS1-M", "TS1-L"], catalog.Variants.Of(0).Select(v => catalog.Variants.Ids[v]));
            Assert.Equal(["blue"], catalog.Variants.Colors[catalog.Variants.Of(0).First()]);
            Assert.Equal(12f, catalog.Variants.Price[1], 3);
        }
    }

    [Fact]
    public void Variants_whose_primary_is_missing_stand_in_for_it_and_are_counted()
    {
        // X is not in the feed: X-1 stands in for it and X-2 rolls up to X-1; Y-1 names no primary and stands alone.
        var data = ShopModels.Ingest(
            """
            {"id": "X-1", "title": "Xylophone small", "type": "VARIANT", "primaryProductId": "X"}
            {"id": "K1", "title": "Kite"}
            {"id": "X-2", "title": "Xylophone large", "type": "VARIANT", "primaryProductId": "X"}
            {"id": "Y-1", "title": "Yo-yo", "type": "VARIANT"}
            """,
            Ndjson("purchase-complete", "v1", "X-2") + Ndjson("detail-page-view", "v1", "K1") + Ndjson("detail-page-view", "v2", "X"));

        Assert.Equal(["X-1", "K1", "Y-1"], data.Catalog.Products.Select(p => p.Id));
        Assert.Equal(["X-1", "X-2"], data.Catalog.VariantsOf(0).Select(v => v.Id));
        Assert.Equal(3, data.Report.Products.WarningsFor(IngestionWarnings.MissingPrimaryProduct));
        Assert.Equal([1L, 3L, 4L], data.Report.Products.WarningExamplesFor(IngestionWarnings.MissingPrimaryProduct));
        Assert.Equal(0, data.Catalog.IndexOf("X-2"));
        Assert.Equal(0, data.Catalog.IndexOf("X")); // the missing primary's own id names its stand-in
        Assert.Contains(data.Interactions.Interactions, i => i.Product == 0 && i.Weight == 5);
        Assert.Equal(0, data.Report.Events.SkippedFor(IngestionSkipReasons.UnknownProduct));

        var served = ShopModels.Serve(data);
        Assert.DoesNotContain(served.Recommend(new RecommendationRequest("v1", 10, "popular", CatalogFilter.None)).Items,
            i => i.ProductId is "X-1" or "X-2" or "K1");
        Assert.DoesNotContain(served.Recommend(new RecommendationRequest("v2", 10, "popular", CatalogFilter.None)).Items, i => i.ProductId == "X-1");

        var catalog = TrainedModel.Deserialize(served.Model.Serialize().Bytes).Catalog;
        Assert.True(catalog.TryResolve("X", out int standIn, out int variant));
        Assert.Equal(("X-1", -1), (catalog.Ids[standIn], variant));
        Assert.True(catalog.TryResolve("X-2", out standIn, out variant));
        Assert.Equal(("X-1", "X-2"), (catalog.Ids[standIn], catalog.Variants!.Ids[variant]));
    }

    [Fact]
    public void A_variant_of_a_variant_belongs_to_the_first_ones_primary_and_the_primary_may_come_last()
    {
        var data = ShopModels.Ingest(
            """
            {"id": "V2", "type": "VARIANT", "primaryProductId": "V1"}
            {"id": "V1", "type": "VARIANT", "primaryProductId": "P"}
            {"id": "P", "title": "Puzzle", "type": "PRIMARY"}
            """, "");

        Assert.Equal(["P"], data.Catalog.Products.Select(p => p.Id));
        Assert.Equal(["V2", "V1"], data.Catalog.VariantsOf(0).Select(v => v.Id));
        Assert.Equal(0, data.Report.Products.WarningsFor(IngestionWarnings.MissingPrimaryProduct));
    }

    private static string Ndjson(string type, string visitor, string product) =>
        Retail.Ndjson.Event(type, visitor, "2024-05-01T10:00:00Z", product) + "\n";
}
