using Teddy.Artifacts;
using Teddy.Core.Tests.Training;
using Teddy.Interactions;
using Teddy.Ranking;
using Teddy.Recommenders;
using Teddy.Retail;
using Teddy.Serving;

namespace Teddy.Core.Tests.Serving;

/// <summary>
/// The candidate cache keeps what the personal models scored for a shopper, per serving model: a list served from it is
/// the list computed afresh, whatever the method, the shopper's recent events or the filters, and a new event misses.
/// </summary>
public class CandidateCacheTests
{
    private static readonly Lazy<TrainedModel> Trained = new(() =>
        TrainingShop.Trained(TrainingShop.Catalog(180), TrainingShop.Events(120, 180, 12)).Model);

    private static readonly string[] PersonalMethods =
        [RecommenderMethods.Hybrid, RecommenderMethods.Content, RecommenderMethods.Collaborative, RecommenderMethods.ItemKnn];

    private static ServingModel Serve(int cacheUsers) => new(new ModelMetadata
    {
        Version = "20260101_030000", Created = DateTimeOffset.UnixEpoch, ModelType = "Hybrid", Method = RecommenderMethods.Hybrid,
        Sha256 = "", SizeBytes = 0, Data = new DataCounts(0, 0, 0, 0, 0, 0),
    }, Trained.Value, new RankingOptions(), candidateCacheUsers: cacheUsers);

    private static readonly EventWeights Weights = new();

    private static RecentEvent View(string product, int second, string type = RetailEventTypes.DetailPageView) =>
        new(type, [product], Weights.WeightOf(type), DateTimeOffset.UnixEpoch.AddSeconds(second)) { EventId = $"{type}-{product}-{second}" };

    private static IEnumerable<object> Shown(RecommendationList list) =>
        list.Items.Select(i => (object)(i.ProductId, i.Score, i.HybridScore, i.Reason, string.Join(",", i.Sources))).Append(list.Method).Append(list.RecentEvents);

    [Fact]
    public void Every_list_served_from_the_cache_is_the_list_computed_afresh()
    {
        var cached = Serve(1000);
        var fresh = Serve(0);
        var recent = new[] { View("p14", 1), View("p20", 2), View("p9", 3, RetailEventTypes.PurchaseComplete) };
        var shoppers = Enumerable.Range(0, 25).Select(u => $"u{u}").Append("newcomer").ToArray();
        // As shoppers browse: the same list asked for again and again while their recent events grow.
        foreach (string method in PersonalMethods)
            foreach (int k in new[] { 5, 10 })
                foreach (var events in new[] { (IReadOnlyList<RecentEvent>)[], recent[..1], recent })
                    for (int round = 0; round < 3; round++)
                        foreach (string shopper in shoppers)
                        {
                            var request = new RecommendationRequest(shopper, k, method, CatalogFilter.None) { Recent = events };
                            Assert.Equal(Shown(fresh.Recommend(request)), Shown(cached.Recommend(request)));
                        }

        var status = cached.CandidateCache;
        Assert.True(status.Enabled);
        Assert.True(status.Hits > status.Misses, $"{status.Hits} hits, {status.Misses} misses"); // rounds 2 and 3 are repeats
        Assert.Equal(0, fresh.CandidateCache.Hits + fresh.CandidateCache.Misses);
    }

    [Fact]
    public void A_shoppers_new_event_is_never_answered_from_the_lists_made_before_it()
    {
        var cached = Serve(1000);
        var fresh = Serve(0);
        var first = new[] { View("p14", 1) };
        var then = new[] { View("p14", 1), View("p21", 2) };
        foreach (string method in PersonalMethods)
        {
            var before = cached.Recommend(new RecommendationRequest("u3", 10, method, CatalogFilter.None) { Recent = first });
            long misses = cached.CandidateCache.Misses;
            var after = cached.Recommend(new RecommendationRequest("u3", 10, method, CatalogFilter.None) { Recent = then });

            Assert.Equal(misses + 1, cached.CandidateCache.Misses);
            Assert.Equal(2, after.RecentEvents);
            Assert.Equal(Shown(fresh.Recommend(new RecommendationRequest("u3", 10, method, CatalogFilter.None) { Recent = then })), Shown(after));
            Assert.NotEqual(Shown(before), Shown(after));
        }
    }

    [Fact]
    public void Requests_with_catalog_filters_are_computed_every_time()
    {
        var cached = Serve(1000);
        var fresh = Serve(0);
        var filter = new CatalogFilter { Category = "Cat2" };
        for (int i = 0; i < 3; i++)
        {
            var request = new RecommendationRequest("u5", 10, RecommenderMethods.Hybrid, filter);
            Assert.Equal(Shown(fresh.Recommend(request)), Shown(cached.Recommend(request)));
        }
        Assert.Equal(0, cached.CandidateCache.Hits);
        Assert.Equal(0, cached.CandidateCache.Users);
    }

    [Fact]
    public void It_keeps_at_most_the_configured_shoppers_and_a_new_model_starts_empty()
    {
        var cached = Serve(3);
        for (int u = 0; u < 12; u++) cached.Recommend(new RecommendationRequest($"u{u}", 10, RecommenderMethods.ItemKnn, CatalogFilter.None));
        Assert.InRange(cached.CandidateCache.Users, 1, 3);
        Assert.Equal(0, Serve(3).CandidateCache.Users);
    }
}
