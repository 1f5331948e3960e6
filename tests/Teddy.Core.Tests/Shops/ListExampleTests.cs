using Teddy.LinearAlgebra;
using Teddy.Ranking;
using Teddy.Recommenders;
using Teddy.Serving;

namespace Teddy.Core.Tests.Shops;

/// <summary>The examples of issue 6 §1 (a product named twice, a fill item scored above the model's), with their right values.</summary>
public class ListExampleTests
{
    /// <summary>Three toys; shopper "u" has bought P1 and P2, so P3 is the only product left to offer them.</summary>
    private static readonly Shop ThreeProducts = new(
        [
            new ShopProduct("P1", "wooden train", "Hape", "Toys", 10, "IN_STOCK", "red", null),
            new ShopProduct("P2", "wooden blocks", "Brio", "Toys", 12, "IN_STOCK", "blue", null),
            new ShopProduct("P3", "plush bear", "Djeco", "Toys", 15, "IN_STOCK", "red", null),
        ],
        [
            new ShopEvent("purchase-complete", "u", null, 1, ["P1"]),
            new ShopEvent("purchase-complete", "u", null, 2, ["P2"]),
            new ShopEvent("detail-page-view", "w", null, 3, ["P1"]),
            new ShopEvent("detail-page-view", "w", null, 4, ["P3"]),
            new ShopEvent("add-to-cart", "x", null, 5, ["P2"]),
            new ShopEvent("add-to-cart", "x", null, 6, ["P3"]),
        ]);

    [Fact]
    public void A_3_product_shop_where_the_model_has_one_product_left_lists_it_once_as_the_models()
    {
        var model = ShopModels.Train(ThreeProducts.CatalogNdjson, ThreeProducts.EventsNdjson);
        foreach (string method in new[] { "hybrid", "content", "collaborative", "itemknn" })
        {
            var list = model.Recommend(new RecommendationRequest("u", 20, method, CatalogFilter.None));
            var item = Assert.Single(list.Items);
            Assert.Equal("P3", item.ProductId);
            Assert.Equal(method, list.Method);
        }
        var hybrid = Assert.Single(model.Recommend(new RecommendationRequest("u", 20, "hybrid", CatalogFilter.None)).Items);
        Assert.Equal("hybrid", hybrid.RecommendationType);
    }

    [Fact]
    public void Similar_items_of_P1_name_P2_and_P3_once_each()
    {
        var model = ShopModels.Train(ThreeProducts.CatalogNdjson, ThreeProducts.EventsNdjson);
        var similar = model.Similar(new SimilarRequest("P1", 20, CatalogFilter.None), contentWeight: 0.5)!.Items;
        Assert.Equal(["P2", "P3"], similar.Select(s => s.ProductId).Order());
        Assert.True(similar[1].Score <= similar[0].Score);
    }

    [Fact]
    public void A_product_both_the_model_and_the_fill_offer_is_the_models_and_fill_scores_stay_below_the_models()
    {
        var catalog = TestCatalog.Build(new TestProduct("a", "A"), new TestProduct("b", "B"), new TestProduct("c", "C"), new TestProduct("d", "D"));
        var pipeline = new RankingPipeline(catalog, RankingOptions.RulesOff());
        ScoredProduct[] model = [new(0, 1.0f, RecommendationSources.Content), new(1, 0.1f, RecommendationSources.Content)];
        ScoredProduct[] fill = [new(2, 50f, RecommendationSources.Popular), new(1, 40f, RecommendationSources.Popular), new(3, 10f, RecommendationSources.Popular)];

        var ranked = pipeline.Rank(UserHistory.Unknown("u"), model, fill, 10);

        Assert.Equal([0, 1, 2, 3], ranked.Select(r => r.Product));
        Assert.Equal([false, false, true, true], ranked.Select(r => r.IsFill));
        Assert.Equal(RecommendationSources.Content, ranked[1].Sources);
        Assert.Equal(0.1f, ranked[1].Score, 5);
        Assert.Equal(0.1f, ranked[2].Score, 5);        // the best fill item is scaled down to the last model item
        Assert.Equal(0.1f * 10 / 50, ranked[3].Score, 5); // and the others keep their ratio to it
    }

    [Fact]
    public void A_list_with_repeats_inside_one_source_keeps_the_first()
    {
        var catalog = TestCatalog.Build(new TestProduct("a", "A"), new TestProduct("b", "B"));
        var pipeline = new RankingPipeline(catalog, RankingOptions.RulesOff());
        var ranked = pipeline.Rank(UserHistory.Unknown("u"), [new(0, 1f), new(1, 0.5f), new(0, 0.2f)], [new(1, 9f), new(1, 8f)], 5);
        Assert.Equal([0, 1], ranked.Select(r => r.Product));
    }

    [Fact]
    public void Popular_products_beyond_the_pool_never_score_above_the_pool()
    {
        // p0..p2 share brand A, so the pool (2 per brand) passes over p2 although it is more popular than p3 and p4.
        var catalog = TestCatalog.Build(new TestProduct("p0", "A"), new TestProduct("p1", "A"), new TestProduct("p2", "A"),
            new TestProduct("p3", "B"), new TestProduct("p4", "C"));
        var interactions = CsrMatrix.FromTriplets(1, 5, [(0, 0, 9), (0, 1, 8), (0, 2, 7), (0, 3, 2), (0, 4, 1)]);
        var popularity = PopularityRecommender.Fit(interactions, catalog, new PopularityOptions { PoolSize = 4, PoolMaxPerBrand = 2 });

        foreach (string user in new[] { "alice", "bob", "carol" })
        {
            var list = popularity.Recommend(UserHistory.Unknown(user), 5, ProductFilter.None);
            Assert.Equal(5, list.Length);
            Assert.Equal(2, list[^1].Product);
            for (int i = 1; i < list.Length; i++) Assert.True(list[i].Score <= list[i - 1].Score);
        }
    }
}
