using Teddy.Artifacts;
using Teddy.LinearAlgebra;
using Teddy.Ranking;
using Teddy.Recommenders;
using Teddy.Serving;

namespace Teddy.Core.Tests.Ranking;

/// <summary>
/// Issue 8's diversity fault: content (and hybrid) lists repeated brands because the brand cap was applied after the
/// cut — the model handed the ranking pipeline its top 3k candidates, which for a shopper loyal to one brand were nearly
/// all that brand, so the brand-first fill had no other brands to take and the cap had to yield. Models now select their
/// candidates under the cap. These tests fail if that is removed (<see cref="RankingOptions.CapCandidateBrands"/> = false).
/// </summary>
public class BrandDiversityTests
{
    /// <summary>
    /// 60 "Crowd" products whose text is nearly the shopper's (the best content scores), and 30 products of 30 other brands
    /// that share only part of it; the shopper viewed one Crowd product.
    /// </summary>
    private static ServingModel CrowdedShop(RankingOptions ranking)
    {
        var products = Enumerable.Range(0, 60).Select(i => new TestProduct($"c{i}", "Crowd"))
            .Concat(Enumerable.Range(0, 30).Select(i => new TestProduct($"o{i}", $"Other{i}")))
            .ToArray();
        var catalog = TestCatalog.Build(products);
        var rows = new List<(int, int, double)>();
        for (int p = 0; p < 60; p++)
        {
            rows.Add((p, 0, 0.9));
            rows.Add((p, 2 + p % 5, 0.3 + p / 1000.0));
        }
        for (int p = 60; p < 90; p++)
        {
            rows.Add((p, 0, 0.5));
            rows.Add((p, 1, 0.8 + p / 1000.0));
        }
        var tfidf = CsrMatrix.FromTriplets(90, 8, rows);
        var interactions = CsrMatrix.FromTriplets(1, 90, [(0, 0, 1.0)]);
        var model = new TrainedModel
        {
            Catalog = catalog,
            Users = new ModelUsers(["loyal"], interactions),
            PromotedMethod = RecommenderMethods.Content,
            Popularity = PopularityRecommender.Fit(interactions, catalog, new PopularityOptions()),
            Content = ContentRecommender.Fit(tfidf),
        };
        var metadata = new ModelMetadata
        {
            Version = "20261129_000000", Created = DateTimeOffset.UnixEpoch, ModelType = "Content-Based", Method = "content",
            Sha256 = "", SizeBytes = 0, Data = new DataCounts(90, 31, 1, 1, 1, 1),
        };
        return new ServingModel(metadata, model, ranking);
    }

    private static int BrandsIn(ServingModel model, int k) =>
        model.Recommend(new RecommendationRequest("loyal", k, "content", CatalogFilter.None)).Items.Select(i => i.Brand).Distinct().Count();

    [Theory]
    [InlineData(10)]
    [InlineData(20)]
    public void A_shopper_loyal_to_one_brand_gets_a_list_of_distinct_brands(int k)
    {
        var model = CrowdedShop(new RankingOptions());
        var items = model.Recommend(new RecommendationRequest("loyal", k, "content", CatalogFilter.None)).Items;

        Assert.Equal(k, items.Count);
        Assert.Equal(k, items.Select(i => i.Brand).Distinct().Count());
        // The best of the crowded brand still leads (the fill is brand-first, best first).
        Assert.Equal("Crowd", items[0].Brand);
    }

    [Fact]
    public void Without_the_cap_on_candidates_the_same_list_repeats_the_brand()
    {
        // The behaviour before the fix, kept as a setting: 3k candidates, all Crowd, so the cap yields and the list repeats it.
        Assert.Equal(1, BrandsIn(CrowdedShop(new RankingOptions { CapCandidateBrands = false }), 10));
        Assert.Equal(10, BrandsIn(CrowdedShop(new RankingOptions()), 10));
    }

    [Fact]
    public void The_cap_on_candidates_applies_to_similar_items_too()
    {
        var model = CrowdedShop(new RankingOptions());
        var similar = model.Similar(new SimilarRequest("c0", 10, CatalogFilter.None, Method: "content"), 0.5)!.Items;
        Assert.Equal(10, similar.Select(i => i.Brand).Distinct().Count());
    }
}
