using Teddy.Artifacts;
using Teddy.Ranking;
using Teddy.Recommenders;
using Teddy.Serving;

namespace Teddy.Core.Tests.Shops;

/// <summary>Issue 6 §9 as a shopper sees it: what a real feed's quirks change in the lists served.</summary>
public class RealFeedServingTests
{
    private static readonly ShopProduct[] Toys =
    [
        new("P1", "wooden kite", "Hape", "Toys > Outdoor", 20, "IN_STOCK", "red", null),
        new("P2", "wooden drum", "Brio", "Toys > Music", 25, "AVAILABLE", "blue", null),
        new("P3", "", "Djeco", "Toys > Puzzles", 15, "IN_STOCK", "green", null),
        new("P4", "plush bear", "Plan Toys", "Toys > Plush", 12, "IN_STOCK", "red", null),
    ];

    [Fact]
    public void A_shopper_known_only_by_user_id_is_not_offered_back_what_they_bought()
    {
        var shop = new Shop(Toys,
        [
            new ShopEvent("purchase-complete", null, "alice", 1, ["P1"]),
            new ShopEvent("purchase-complete", null, "alice", 2, ["P4"]),
            new ShopEvent("detail-page-view", "v2", null, 3, ["P1"]),
            new ShopEvent("detail-page-view", "v2", null, 4, ["P2"]),
            // A third shopper, so the SVD (rank 2) has more users than factors and every method is trained.
            new ShopEvent("detail-page-view", "v3", null, 5, ["P4"]),
        ]);
        var model = ShopModels.Train(shop.CatalogNdjson, shop.EventsNdjson);
        Assert.All(RecommenderMethods.All, method => Assert.True(model.Supports(method), method));
        foreach (string method in RecommenderMethods.All)
        {
            var list = model.Recommend(new RecommendationRequest("alice", 10, method, CatalogFilter.None));
            Assert.True(list.UserKnown);
            Assert.DoesNotContain(list.Items, i => i.ProductId is "P1" or "P4");
        }
    }

    [Fact]
    public void A_product_with_an_availability_the_API_does_not_define_is_served_as_in_stock_unless_set_otherwise()
    {
        var shop = new Shop(Toys, [new ShopEvent("detail-page-view", "v1", null, 1, ["P1"]), new ShopEvent("detail-page-view", "v2", null, 2, ["P2"])]);
        var byDefault = ShopModels.Train(shop.CatalogNdjson, shop.EventsNdjson);
        Assert.Contains(byDefault.Recommend(new RecommendationRequest("stranger", 10, "popular", CatalogFilter.None)).Items, i => i.ProductId == "P2");
        Assert.True(byDefault.IsInStock(byDefault.Model.Catalog.Ids.ToList().IndexOf("P2")));

        var strict = ShopModels.Train(shop.CatalogNdjson, shop.EventsNdjson, new RankingOptions { UnknownAvailabilityInStock = false });
        Assert.DoesNotContain(strict.Recommend(new RecommendationRequest("stranger", 10, "popular", CatalogFilter.None)).Items, i => i.ProductId == "P2");
        Assert.Contains(strict.Recommend(new RecommendationRequest("stranger", 10, "popular", new CatalogFilter { InStock = false })).Items, i => i.ProductId == "P2");
        Assert.False(strict.IsInStock(strict.Model.Catalog.Ids.ToList().IndexOf("P2")));
    }

    [Fact]
    public void A_product_without_a_title_is_served_under_its_readable_name()
    {
        var shop = new Shop(Toys, [new ShopEvent("purchase-complete", "v1", null, 1, ["P3"])]);
        var model = ShopModels.Train(shop.CatalogNdjson, shop.EventsNdjson);
        var item = model.Recommend(new RecommendationRequest("stranger", 10, "popular", CatalogFilter.None)).Items.Single(i => i.ProductId == "P3");
        Assert.Equal("Djeco Puzzles", item.Title);
    }

    [Fact]
    public void A_model_file_written_before_variants_still_loads()
    {
        var model = ShopModels.Train(new Shop(Toys, []).CatalogNdjson, "").Model;
        using var writer = new ArtifactWriter();
        var catalog = model.Catalog;
        // The catalog section exactly as the format had it before availability and variants were added.
        writer.BeginSection("catalog");
        writer.Write(catalog.Ids); writer.Write(catalog.Titles); writer.Write(catalog.Descriptions);
        writer.Write(catalog.Brand); writer.Write(catalog.BrandNames);
        writer.Write(catalog.Category); writer.Write(catalog.CategoryPaths);
        writer.Write(catalog.Price); writer.Write(catalog.OriginalPrice); writer.Write(catalog.DiscountPercent); writer.Write(catalog.InStock);
        writer.Write(catalog.ImageUrl); writer.Write(catalog.Uri);
        writer.Write(catalog.AgeGroups); writer.Write(catalog.AgeGroupNames);
        writer.Write(catalog.ColorPointers); writer.Write(catalog.ColorIds); writer.Write(catalog.ColorNames);
        writer.Write(catalog.Completeness);
        writer.EndSection();
        var loaded = Catalog.ModelCatalog.Read(new ArtifactReader(writer.Complete().Bytes));

        Assert.Equal(catalog.Ids, loaded.Ids);
        Assert.Null(loaded.Availability);
        Assert.Null(loaded.Variants);
        Assert.False(loaded.IsAvailabilityUnknown(1));
        Assert.True(loaded.TryResolve("P2", out int p, out int variant));
        Assert.Equal((1, -1), (p, variant));
    }
}
