using Teddy.Artifacts;
using Teddy.LinearAlgebra;
using Teddy.Ranking;
using Teddy.Recommenders;
using Teddy.Serving;

namespace Teddy.Core.Tests.Serving;

/// <summary>
/// A requested method that has nothing for a request never silently becomes another (issue 8: <c>similar?method=ease</c>
/// answered with popular products under <c>method: ease</c>): the list's method is the one that made it, the requested one
/// is named beside it, and the fallback reason says why popular products made or filled the list.
/// </summary>
public class FallbackReasonTests
{
    /// <summary>
    /// Eight products of eight brands: p0 with p1 (users 0–5), p2 with p3 (6–11), p4 with p5 (12–15), p4 with p0 (16); p6
    /// viewed by user 17 alone, p7 by nobody. EASE models the six most-interacted: p0–p5.
    /// </summary>
    internal static TrainedModel Shop()
    {
        var products = Enumerable.Range(0, 8).Select(i => new TestProduct($"p{i}", $"Brand{i}", i % 2 == 0 ? "Toys > Blocks" : "Toys > Dolls")).ToArray();
        var catalog = TestCatalog.Build(products);
        var rows = new List<(int, int, double)>();
        for (int u = 0; u < 6; u++) rows.AddRange([(u, 0, 1.0), (u, 1, 1.0)]);
        for (int u = 6; u < 12; u++) rows.AddRange([(u, 2, 1.0), (u, 3, 1.0)]);
        for (int u = 12; u < 16; u++) rows.AddRange([(u, 4, 1.0), (u, 5, 1.0)]);
        rows.AddRange([(16, 4, 1.0), (16, 0, 1.0), (17, 6, 1.0)]);
        var interactions = CsrMatrix.FromTriplets(18, 8, rows);
        return new TrainedModel
        {
            Catalog = catalog,
            Users = new ModelUsers(Enumerable.Range(0, 18).Select(u => $"u{u}").ToArray(), interactions),
            PromotedMethod = RecommenderMethods.Ease,
            Popularity = PopularityRecommender.Fit(interactions, catalog, new PopularityOptions()),
            Ease = EaseRecommender.Fit(interactions, new EaseOptions { MaxItems = 6, RelativeLambda = 0.5 }),
        };
    }

    internal static ServingModel Serve(TrainedModel? model = null) => new(new ModelMetadata
    {
        Version = "20261130_000000", Created = DateTimeOffset.UnixEpoch, ModelType = "EASE", Method = "ease",
        Sha256 = "", SizeBytes = 0, Data = new DataCounts(8, 8, 2, 18, 35, 35),
    }, model ?? Shop(), new RankingOptions { JitterAmplitude = 0 });

    [Fact]
    public void Similar_items_of_a_product_EASE_does_not_model_say_popular_products_made_the_list()
    {
        var list = Serve().Similar(new SimilarRequest("p6", 3, CatalogFilter.None, Method: "ease"), 0.5)!;

        Assert.Equal("popular", list.Method);
        Assert.Equal("ease", list.RequestedMethod);
        Assert.Equal("EASE models only the 6 most-interacted products (Teddy__Training__Ease__MaxItems) and this is not one of them, so it has no "
            + "EASE neighbours: popular products of its category make the list.", list.FallbackReason);
        Assert.NotEmpty(list.Items);
        Assert.All(list.Items, i => Assert.Equal("popular", i.RecommendationType));
    }

    [Fact]
    public void Similar_items_EASE_makes_are_EASEs_and_need_no_reason()
    {
        var list = Serve().Similar(new SimilarRequest("p0", 1, CatalogFilter.None, Method: "ease"), 0.5)!;
        Assert.Equal(("ease", "ease", null), (list.Method, list.RequestedMethod, list.FallbackReason));
        Assert.Equal(["p1"], list.Items.Select(i => i.ProductId));
        Assert.Equal("ease", list.Items[0].RecommendationType);
    }

    [Fact]
    public void A_partly_filled_similar_list_keeps_its_method_and_says_how_many_places_popular_products_took()
    {
        // EASE's neighbours of p0 are p1–p5; a list of 7 needs popular products (p6, p7) for the rest.
        var list = Serve().Similar(new SimilarRequest("p0", 7, CatalogFilter.None, Method: "ease"), 0.5)!;
        int filled = list.Items.Count(i => i.RecommendationType == "popular");
        Assert.True(filled > 0);
        Assert.Equal("ease", list.Method);
        Assert.StartsWith($"Popular products of its category fill {filled} of the {list.Items.Count} places", list.FallbackReason);
    }

    [Fact]
    public void The_default_blend_with_no_trained_part_says_popular_products_made_the_list()
    {
        var list = Serve().Similar(new SimilarRequest("p6", 3, CatalogFilter.None), 0.5)!;
        Assert.Equal(("popular", "similar"), (list.Method, list.RequestedMethod));
        Assert.Contains("neither content similarity nor item-kNN was trained", list.FallbackReason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_shopper_EASE_knows_nothing_of_gets_popular_products_and_the_list_says_why()
    {
        // u17 viewed only p6, which EASE does not model.
        var list = Serve().Recommend(new RecommendationRequest("u17", 3, "ease", CatalogFilter.None));
        Assert.Equal(("popular", "ease"), (list.Method, list.RequestedMethod));
        Assert.Equal("None of the 1 products this shopper interacted with is among the 6 most-interacted products EASE models, so EASE knows "
            + "nothing of their tastes: popular products make the list.", list.FallbackReason);
    }

    [Fact]
    public void A_shopper_whose_model_has_nothing_that_passes_the_filters_gets_popular_products_and_the_list_says_so()
    {
        // u0 is known to EASE, but the brand filter leaves only p6 and p7, which EASE does not model.
        var filter = new CatalogFilter { Brands = ["Brand6", "Brand7"] };
        var list = Serve().Recommend(new RecommendationRequest("u0", 3, "ease", filter));
        Assert.NotEmpty(list.Items);
        Assert.All(list.Items, i => Assert.Equal("popular", i.RecommendationType));
        Assert.Equal(("popular", "ease"), (list.Method, list.RequestedMethod));
        Assert.Equal("The EASE model had no products for this shopper that pass the request's filters: popular products make the list.", list.FallbackReason);
    }

    [Fact]
    public void A_list_the_requested_model_made_alone_has_no_fallback_and_a_partly_filled_one_says_so()
    {
        var own = Serve().Recommend(new RecommendationRequest("u0", 2, "ease", CatalogFilter.None));
        Assert.Equal(("ease", "ease", null), (own.Method, own.RequestedMethod, own.FallbackReason));

        var filled = Serve().Recommend(new RecommendationRequest("u0", 6, "ease", CatalogFilter.None));
        int popular = filled.Items.Count(i => i.RecommendationType == "popular");
        Assert.True(popular > 0, "EASE has four products for u0 (p2–p5)");
        Assert.Equal("ease", filled.Method);
        Assert.StartsWith($"Popular products fill {popular} of the {filled.Items.Count} places", filled.FallbackReason);

        var asked = Serve().Recommend(new RecommendationRequest("u0", 3, "popular", CatalogFilter.None));
        Assert.Equal(("popular", "popular", null), (asked.Method, asked.RequestedMethod, asked.FallbackReason));
    }
}
