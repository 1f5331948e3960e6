using Teddy.Core.Tests.Artifacts;
using Teddy.Core.Tests.Simulation;
using Teddy.Learning;
using Teddy.Ranking;
using Teddy.Recommenders;
using Teddy.Serving;

namespace Teddy.Core.Tests.Learning;

/// <summary>What lists say about the weights they used, and how the adaptive weights and brand learning act on them.</summary>
public class AdaptiveServingTests
{
    private static ServingModel Serve(TrainedModel model, ILearningState? state, AdaptiveWeightsOptions? adaptive = null,
        BrandLearningOptions? brands = null, RankingOptions? ranking = null) =>
        new(new Teddy.Artifacts.ModelMetadata
        {
            Version = "20261201_000000", Created = DateTimeOffset.UnixEpoch, ModelType = "Hybrid", Method = "hybrid",
            Sha256 = "", SizeBytes = 0, Data = new Teddy.Artifacts.DataCounts(0, 0, 0, 0, 0, 0),
        }, model, ranking ?? new RankingOptions(), null,
            state is null ? null : new ServingLearning(state, adaptive ?? new AdaptiveWeightsOptions(), brands ?? new BrandLearningOptions(), new Random(5)));

    private static LearningSnapshot Evidence(double contentCtr, double collaborativeCtr, double impressions = 20_000) =>
        LearningSnapshot.Empty with
        {
            ComputedAt = DateTimeOffset.UnixEpoch,
            Content = new PartEvidence(impressions, impressions * contentCtr),
            Collaborative = new PartEvidence(impressions, impressions * collaborativeCtr),
        };

    private static IEnumerable<string> KnownUsers(TrainedModel model) =>
        Enumerable.Range(0, model.Users.Count).Where(u => model.Users.Interactions.RowLength(u) > 0).Take(60).Select(u => model.Users.Ids[u]);

    [Fact]
    public void Adaptive_hybrid_lists_report_drawn_weights_that_sum_to_one_within_the_bounds()
    {
        var trained = SampleShopModels.Small;
        var model = Serve(trained, new FixedLearningState(Evidence(0.03, 0.03)));
        int lists = 0;
        foreach (string user in KnownUsers(trained))
        {
            var list = model.Recommend(new RecommendationRequest(user, 10, "hybrid", CatalogFilter.None));
            Assert.Equal("hybrid", list.Method);
            var w = Assert.NotNull(list.Weights);
            Assert.Equal(1.0, w.Content + w.Collaborative, 12);
            if (!list.DynamicWeights)
            {
                // Only a list one part made alone is not drawn: it says so, with that part's full weight.
                Assert.Contains("alone", list.OptimizationReason);
                Assert.Contains(w.Content, new[] { 0.0, 1.0 });
                continue;
            }
            lists++;
            Assert.InRange(w.Content, 0.2, 0.8);
            Assert.InRange(w.Collaborative, 0.2, 0.8);
            Assert.Contains("about as often", list.OptimizationReason);
            // The hybrid made its own items and reports their fused score; fill items have none.
            Assert.All(list.Items, i => Assert.Equal(i.RecommendationType == "hybrid", i.HybridScore is not null));
            Assert.All(list.Items.Where(i => i.HybridScore is not null), i => Assert.InRange(i.HybridScore!.Value, 0, 1 + trained.Hybrid!.ConsensusBonus + 1e-6));
        }
        Assert.True(lists >= 30, $"{lists} drawn lists");
    }

    [Fact]
    public void Weights_lean_to_the_part_clicked_more_and_the_reason_says_so_in_plain_words()
    {
        var trained = SampleShopModels.Small;
        var user = KnownUsers(trained).First();
        var model = Serve(trained, new FixedLearningState(Evidence(0.02, 0.04)));
        var lists = Enumerable.Range(0, 400).Select(_ => model.Recommend(new RecommendationRequest(user, 10, "hybrid", CatalogFilter.None))).ToArray();
        Assert.True(lists.Average(l => l.Weights!.Value.Content) < 0.25, $"content weight {lists.Average(l => l.Weights!.Value.Content)}");
        Assert.Equal("Collaborative picks are clicked 2.0× as often as content ones over the last 40,000 impressions: " +
                     "leaning to collaborative (it leads 100% of lists).", lists[0].OptimizationReason);
        Assert.All(lists, l => Assert.True(l.DynamicWeights));
        // Both draws happen per request, so the lists differ only where the draw does: each list uses 0.2 or 0.8.
        Assert.All(lists, l => Assert.Contains(l.Weights!.Value.Content, new[] { 0.2, 0.8 }));
    }

    [Fact]
    public void Before_any_click_lists_start_from_the_trained_weights()
    {
        var trained = SampleShopModels.Small;
        var user = KnownUsers(trained).First();
        var model = Serve(trained, new FixedLearningState(LearningSnapshot.Empty));
        var lists = Enumerable.Range(0, 2000).Select(_ => model.Recommend(new RecommendationRequest(user, 5, "hybrid", CatalogFilter.None))).ToArray();
        Assert.InRange(lists.Average(l => l.Weights!.Value.Content), 0.62, 0.68);
        Assert.StartsWith("No clicks on hybrid lists yet: starting from the trained weights (content 0.65, collaborative 0.35)", lists[0].OptimizationReason);
    }

    [Fact]
    public void Switched_off_or_without_learning_the_trained_weights_are_used()
    {
        var trained = SampleShopModels.Small;
        var user = KnownUsers(trained).First();
        var off = Serve(trained, new FixedLearningState(Evidence(0.01, 0.09)), new AdaptiveWeightsOptions { Enabled = false });
        var list = off.Recommend(new RecommendationRequest(user, 10, "hybrid", CatalogFilter.None));
        Assert.Equal(new HybridWeights(0.65, 0.35), list.Weights);
        Assert.False(list.DynamicWeights);
        Assert.StartsWith("Adaptive weights are off", list.OptimizationReason);

        var none = Serve(trained, null).Recommend(new RecommendationRequest(user, 10, "hybrid", CatalogFilter.None));
        Assert.Equal(new HybridWeights(0.65, 0.35), none.Weights);
        Assert.False(none.DynamicWeights);
        Assert.NotEmpty(none.OptimizationReason);
        // The same list as the hybrid's trained fusion gives.
        Assert.Equal(none.Items.Select(i => i.ProductId), list.Items.Select(i => i.ProductId));
    }

    [Fact]
    public void A_hybrid_list_one_part_made_alone_reports_that_part_at_full_weight()
    {
        var full = TrainedModelArtifactTests.SmallModel();
        var contentOnly = new TrainedModel
        {
            Catalog = full.Catalog, Users = full.Users, PromotedMethod = full.PromotedMethod, Popularity = full.Popularity,
            Content = full.Content, ItemKnn = full.ItemKnn, Hybrid = full.Hybrid,
        };
        var list = Serve(contentOnly, new FixedLearningState(Evidence(0.01, 0.09))).Recommend(new RecommendationRequest("u1", 3, "hybrid", CatalogFilter.None));
        Assert.Equal(new HybridWeights(1, 0), list.Weights);
        Assert.False(list.DynamicWeights);
        Assert.Equal("This hybrid is its content part alone: the other part could not be trained on this data, so the weights are fixed.",
            list.OptimizationReason);

        // The weight search gave content weight 0: the hybrid is its collaborative part alone, and says why.
        var searched = new TrainedModel
        {
            Catalog = full.Catalog, Users = full.Users, PromotedMethod = full.PromotedMethod, Popularity = full.Popularity,
            Content = full.Content, Collaborative = full.Collaborative, ItemKnn = full.ItemKnn,
            Hybrid = new HybridOptions { ContentWeight = 0, CollaborativeWeight = 1 },
        };
        var alone = Serve(searched, new FixedLearningState(Evidence(0.09, 0.01))).Recommend(new RecommendationRequest("u1", 3, "hybrid", CatalogFilter.None));
        Assert.Equal(new HybridWeights(0, 1), alone.Weights);
        Assert.False(alone.DynamicWeights);
        Assert.Contains("collaborative", alone.OptimizationReason);
        Assert.Contains("gave the other part weight 0", alone.OptimizationReason);
    }

    [Fact]
    public void An_empty_list_is_explained_by_its_filters_not_by_a_fill_that_did_not_happen()
    {
        var trained = SampleShopModels.Small;
        var model = Serve(trained, new FixedLearningState(Evidence(0.03, 0.03)));
        foreach (string? method in new[] { null, "hybrid", "content", "popular" })
        {
            var list = model.Recommend(new RecommendationRequest(KnownUsers(trained).First(), 10, method,
                new CatalogFilter { Category = "No such category anywhere" }));
            Assert.Empty(list.Items);
            Assert.StartsWith("No product matches this request's filters", list.OptimizationReason);
        }
    }

    [Fact]
    public void Lists_other_than_the_hybrids_report_no_weights()
    {
        var trained = SampleShopModels.Small;
        var model = Serve(trained, new FixedLearningState(Evidence(0.03, 0.03)));
        foreach (string method in new[] { "content", "collaborative", "itemknn", "popular" })
        {
            var list = model.Recommend(new RecommendationRequest(KnownUsers(trained).First(), 10, method, CatalogFilter.None));
            Assert.Null(list.Weights);
            Assert.False(list.DynamicWeights);
            Assert.Contains("hybrid lists only", list.OptimizationReason);
            Assert.All(list.Items, i => Assert.Null(i.HybridScore));
        }
        var stranger = model.Recommend(new RecommendationRequest("stranger", 10, "hybrid", CatalogFilter.None));
        Assert.Equal("popular", stranger.Method);
        Assert.Null(stranger.Weights);
    }

    [Fact]
    public void The_view_of_a_snapshot_is_built_once_and_rebuilt_when_the_snapshot_changes()
    {
        var state = new FixedLearningState(Evidence(0.03, 0.03));
        var model = Serve(SampleShopModels.Small, state);
        var first = model.Learning;
        Assert.Same(first, model.Learning);
        state.Current = Evidence(0.05, 0.01);
        var second = model.Learning;
        Assert.NotSame(first, second);
        Assert.True(second!.Bandit!.Expected().Content > 0.75);
    }

    [Fact]
    public void Brand_learning_moves_a_brand_by_at_most_the_boost_and_never_excludes_it()
    {
        // Two products of brands A and C tie except for brand learning; A is high_ctr, C low_ctr.
        var catalog = TestCatalog.Build(new TestProduct("a", "A"), new TestProduct("c", "C"), new TestProduct("d", "D"));
        var rules = RankingOptions.RulesOff();
        var pipeline = new RankingPipeline(catalog, rules);
        var snapshot = LearningSnapshot.Empty with
        {
            Brands = new Dictionary<string, BrandCtr>(StringComparer.OrdinalIgnoreCase)
            {
                ["a"] = new(1000, 80, 0.08, CtrCategory.HighCtr), ["C"] = new(1000, 10, 0.01, CtrCategory.LowCtr),
            },
        };
        var learned = LearnedBrands.From(snapshot, catalog.BrandNames, 0.15);
        var traits = UserTraits.Of(UserHistory.Unknown("u"), catalog, rules);
        var ranked = pipeline.Rank(traits, [new(1, 1f), new(0, 0.99f), new(2, 0.5f)], [], 3, learned);
        Assert.Equal(["a", "c", "d"], ranked.Select(r => catalog.Ids[r.Product]));
        Assert.Equal(0.99 * 1.15, ranked[0].Score, 5);
        Assert.Equal(1.0 * 0.85, ranked[1].Score, 5);
        // Demoted, never dropped: the low brand is still listed when it is needed.
        Assert.Equal(3, ranked.Length);
        Assert.Equal(CtrCategory.HighCtr, learned.Category(catalog.Brand[0]));
        Assert.Equal(CtrCategory.InsufficientData, learned.Category(catalog.Brand[2]));
        Assert.Equal(1.0, learned.Factor(-1));
        // Off: no factor at all.
        var none = LearnedBrands.From(snapshot, catalog.BrandNames, 0);
        Assert.Equal(["c", "a", "d"], pipeline.Rank(traits, [new(1, 1f), new(0, 0.99f), new(2, 0.5f)], [], 3, none).Select(r => catalog.Ids[r.Product]));
    }

    [Fact]
    public void Items_report_their_brands_click_through_category()
    {
        var model = TrainedModelArtifactTests.SmallModel();
        var snapshot = LearningSnapshot.Empty with
        {
            Brands = new Dictionary<string, BrandCtr>(StringComparer.OrdinalIgnoreCase) { ["A"] = new(1000, 80, 0.08, CtrCategory.HighCtr) },
        };
        var list = Serve(model, new FixedLearningState(snapshot)).Recommend(new RecommendationRequest("stranger", 5, "popular", CatalogFilter.None));
        Assert.All(list.Items, i => Assert.Equal(i.Brand == "A" ? "high_ctr" : "insufficient_data", i.BrandCtrCategory));
    }

    [Fact]
    public void Learning_settings_out_of_range_are_named()
    {
        Assert.Contains("BrandBoost", Assert.Throws<InvalidOperationException>(() => new BrandLearningOptions { BrandBoost = 0.7 }.Validate()).Message);
        var validation = new LearningOptionsValidation();
        Assert.True(validation.Validate(null, new AdaptiveWeightsOptions { MinWeight = 0.6 }).Failed);
        Assert.True(validation.Validate(null, new BrandLearningOptions { BrandBoost = -0.1 }).Failed);
        Assert.True(validation.Validate(null, new BrandLearningOptions()).Succeeded);
    }
}
