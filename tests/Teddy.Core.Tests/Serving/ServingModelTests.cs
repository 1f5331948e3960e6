using Teddy.Artifacts;
using Teddy.Core.Tests.Artifacts;
using Teddy.Ranking;
using Teddy.Recommenders;
using Teddy.Serving;

namespace Teddy.Core.Tests.Serving;

public class ServingModelTests
{
    private static ServingModel Serve(RankingOptions? ranking = null) => new(new ModelMetadata
    {
        Version = "20261126_000000", Created = DateTimeOffset.UnixEpoch, ModelType = "Hybrid", Method = "hybrid",
        Sha256 = "", SizeBytes = 0, Data = new DataCounts(0, 0, 0, 0, 0, 0),
    }, TrainedModelArtifactTests.SmallModel(), ranking ?? new RankingOptions());

    private static string[] Products(RecommendationList list) => list.Items.Select(i => i.ProductId).ToArray();

    [Fact]
    public void Out_of_stock_products_are_never_recommended_unless_asked_for()
    {
        var model = Serve();
        foreach (string method in RecommenderMethods.All)
            Assert.DoesNotContain("p2", Products(model.Recommend(new RecommendationRequest("stranger", 5, method, CatalogFilter.None))));
        Assert.Contains("p2", Products(model.Recommend(new RecommendationRequest("stranger", 5, "popular", new CatalogFilter { InStock = false }))));
    }

    [Fact]
    public void Already_interacted_products_are_excluded_unless_the_setting_is_off()
    {
        // u1 interacted with p1 and p3.
        foreach (string method in RecommenderMethods.All)
        {
            var list = Products(Serve().Recommend(new RecommendationRequest("u1", 5, method, CatalogFilter.None)));
            Assert.DoesNotContain("p1", list);
            Assert.DoesNotContain("p3", list);
        }
        var unfiltered = Products(Serve(new RankingOptions { ExcludeInteracted = false })
            .Recommend(new RecommendationRequest("u1", 5, "popular", CatalogFilter.None)));
        Assert.Contains("p1", unfiltered);
    }

    [Fact]
    public void Unknown_users_get_popularity_and_the_list_says_so()
    {
        var list = Serve().Recommend(new RecommendationRequest("stranger", 3, "hybrid", CatalogFilter.None));
        Assert.False(list.UserKnown);
        Assert.Equal("popular", list.Method);
        Assert.All(list.Items, i => Assert.Equal("popular", i.RecommendationType));
    }

    [Fact]
    public void Filters_apply_and_strict_returns_fewer_while_non_strict_fills_from_popular()
    {
        var model = Serve();
        var brandA = new CatalogFilter { Brands = ["a"] }; // case-insensitive
        var strict = model.Recommend(new RecommendationRequest("u2", 4, "content", brandA, Strict: true));
        Assert.All(strict.Items, i => Assert.Equal("A", i.Brand));
        Assert.Single(strict.Items); // u2 has p0 already; p1 is the only other in-stock A product

        var priced = model.Recommend(new RecommendationRequest("stranger", 5, "popular", new CatalogFilter { MinPrice = 5, MaxPrice = 9 }));
        Assert.Empty(priced.Items); // every test product costs 10

        var excluded = model.Recommend(new RecommendationRequest("stranger", 5, "popular", new CatalogFilter { ExcludedBrands = ["A", "C"] }));
        Assert.Equal(["p4"], Products(excluded));

        var category = model.Recommend(new RecommendationRequest("stranger", 5, "popular", new CatalogFilter { Category = "toys" }));
        Assert.Equal(4, category.Items.Count);
    }

    [Fact]
    public void Similar_products_exclude_the_product_and_unknown_products_are_null()
    {
        var model = Serve();
        var similar = model.Similar(new SimilarRequest("p0", 3, CatalogFilter.None), contentWeight: 0.5)!.Items;
        Assert.DoesNotContain(similar, s => s.ProductId == "p0");
        Assert.DoesNotContain(similar, s => s.ProductId == "p2"); // out of stock
        Assert.NotEmpty(similar);
        Assert.Null(model.Similar(new SimilarRequest("nope", 3, CatalogFilter.None), 0.5));
    }

    [Theory]
    [InlineData("Toys > Puzzles", "toys", true)]
    [InlineData("Toys > Puzzles", "Puzzles", true)]
    [InlineData("Toys > Puzzles", "Toys > Puzzles", true)]
    [InlineData("Toys > Puzzles", "Toy", false)]
    [InlineData("Baby > Toys", "toys", true)]
    public void Category_filters_match_whole_path_segments(string path, string wanted, bool matches) =>
        Assert.Equal(matches, CatalogFilters.CategoryMatches(path, wanted));
}
