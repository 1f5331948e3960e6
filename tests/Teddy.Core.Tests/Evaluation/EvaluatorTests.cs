using Teddy.Artifacts;
using Teddy.Catalog;
using Teddy.Evaluation;
using Teddy.Interactions;
using Teddy.Ranking;
using Teddy.Recommenders;
using Teddy.Serving;

namespace Teddy.Core.Tests.Evaluation;

public class EvaluatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 8, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Rules off, so the served lists are exactly the models' own.</summary>
    private static readonly RankingOptions NoRules = RankingOptions.RulesOff();

    private static ServingModel Popularity(ModelCatalog catalog, InteractionSet interactions, int poolSize)
    {
        var matrix = interactions.ToMatrix();
        var model = new TrainedModel
        {
            Catalog = catalog,
            Users = new ModelUsers([.. interactions.UserIds], matrix),
            PromotedMethod = RecommenderMethods.Popular,
            Popularity = PopularityRecommender.Fit(matrix, catalog, new PopularityOptions { PoolSize = poolSize, PoolMaxPerBrand = 100 }),
        };
        return new ServingModel(new ModelMetadata
        {
            Version = "20261126_000000", Created = T0, ModelType = "", Method = "popular", Sha256 = "", SizeBytes = 0,
            Data = new DataCounts(0, 0, 0, 0, 0, 0),
        }, model, NoRules);
    }

    private static Interaction On(int user, int product, int day) => new(user, product, 1, 1, T0.AddDays(day), T0.AddDays(day));

    private static ModelCatalog SixProducts() =>
        TestCatalog.Build(Enumerable.Range(0, 6).Select(i => new TestProduct($"p{i}", $"B{i}")).ToArray());

    [Fact]
    public void A_perfect_recommender_scores_one_on_every_metric()
    {
        var interactions = new List<Interaction>();
        for (int u = 0; u < 3; u++)
            for (int p = 0; p < 10; p++) interactions.Add(On(u, (p + u) % 10, p));
        var split = TemporalHoldout.Split(new InteractionSet(["a", "b", "c"], 10, interactions), 0.2, 5);
        var catalog = TestCatalog.Build(Enumerable.Range(0, 10).Select(i => new TestProduct($"p{i}", $"B{i}")).ToArray());

        var report = HoldoutEvaluator.Evaluate(user => split.HeldOut[user], catalog, split, [0, 1, 2], k: 2);

        Assert.Equal((1.0, 1.0, 1.0, 1.0, 1.0), (report.Precision, report.Recall, report.Ndcg, report.Map, report.HitRate));
    }

    [Fact]
    public void Popularity_matches_a_hand_count()
    {
        // a: p0..p4 on days 0..4 → p4 held out.  b: p0, p1, p5, p2, p3 → p3 held out.  c: only p0 (not evaluated).
        var all = new InteractionSet(["a", "b", "c"], 6,
        [
            On(0, 0, 0), On(0, 1, 1), On(0, 2, 2), On(0, 3, 3), On(0, 4, 4),
            On(1, 0, 0), On(1, 1, 1), On(1, 5, 2), On(1, 2, 3), On(1, 3, 4),
            On(2, 0, 0),
        ]);
        var split = TemporalHoldout.Split(all, 0.2, 5);
        Assert.Equal([4], split.HeldOut[0]);
        Assert.Equal([3], split.HeldOut[1]);

        // Training popularity: p0 3, p1 2, p2 2, p3 1, p5 1, p4 0. With a pool of one, lists follow that order.
        // a may get p4, p5 → [p5, p4]: hit at rank 2.  b may get p3, p4 → [p3, p4]: hit at rank 1.
        var report = HoldoutEvaluator.Evaluate(Popularity(SixProducts(), split.Training, poolSize: 1), RecommenderMethods.Popular, split, [0, 1], k: 2);

        Assert.Equal(0.5, report.Precision);
        Assert.Equal(1.0, report.Recall);
        Assert.Equal(Math.Round((1 / Math.Log2(3) + 1) / 2, 6), report.Ndcg);
        Assert.Equal(0.75, report.Map);
        Assert.Equal(1.0, report.HitRate);
        Assert.Equal(0.5, report.CatalogCoverage); // p3, p4, p5 of six products
        Assert.Equal(2.0, report.MeanBrandsPerList);
    }

    [Fact]
    public void The_coverage_protocol_counts_distinct_brands_and_categories()
    {
        // Ten products: brand B(i/2), category C(i%2); popularity p0 > p1 > ... ; a cold-start pool of three.
        var catalog = TestCatalog.Build(Enumerable.Range(0, 10).Select(i => new TestProduct($"p{i}", $"B{i / 2}", Category: $"C{i % 2}")).ToArray());
        var interactions = Enumerable.Range(0, 10).Select(p => new Interaction(0, p, 10 - p, 1, T0, T0)).ToList();
        var serving = Popularity(catalog, new InteractionSet(["heavy"], 10, interactions), poolSize: 3);
        var users = Enumerable.Range(0, 20).Select(i => $"new-user-{i}").ToArray();

        var report = CoverageProtocol.Run(serving, RecommenderMethods.Popular, users, items: 4);

        // Hand count. Candidates come in score order: the pool (p0, p1, p2 in the user's order, scores 10, 9, 8),
        // then p3, p4, ... The diversity phase takes the best product of each brand: the first of p0/p1 (B0),
        // p2 (B1), p4 (B2), p6 (B3) → 4 brands of 5. Categories: p2, p4, p6 are C0; p0 or p1 first gives C0 or C1,
        // and over 20 users both happen → 2 of 2.
        Assert.Equal(20 * 4, report.Requests);
        Assert.Equal(4, report.DistinctBrands);
        Assert.Equal(5, report.BrandDenominator);
        Assert.Equal(0.8, report.BrandCoverage);
        Assert.Equal(2, report.DistinctCategories);
        Assert.Equal(1.0, report.CategoryCoverage);
        Assert.Equal(0.7 * 0.8 + 0.3 * 1.0, report.CoverageScore, 6);
        Assert.Equal("Outstanding", report.Rating);
        Assert.Equal(1.0, report.SuccessRate);
        Assert.Equal(users, report.Users);
    }

    [Fact]
    public void Selection_follows_the_rule_and_the_floor_and_promotion_the_tolerance()
    {
        static CandidateEvaluation Candidate(string method, double ndcg, double coverage) => new(method, method,
            new AccuracyReport(10, 100, 0, 0, ndcg, 0, 0, 0, 0),
            new CoverageReport(400, [], 20, 0, 0, 0, 0, 0, 0, coverage, CoverageRating.Of(coverage), new LatencyReport(0, 0, 0, 0), 1));
        var candidates = new[] { Candidate("hybrid", 0.10, 0.45), Candidate("itemknn", 0.20, 0.35), Candidate("popular", 0.05, 0.60) };

        var full = AttainableCoverage.From(20, 20, 10_000, 100, 100, 10, 10); // every brand and category fits: attainable 100%
        Assert.Equal("hybrid", ModelSelection.Choose(candidates, new SelectionOptions { CoverageFloor = 0.4 }, full).Winner);
        Assert.Equal("itemknn", ModelSelection.Choose(candidates, new SelectionOptions { CoverageFloor = 0.3 }, full).Winner);
        Assert.Equal("popular", ModelSelection.Choose(candidates, new SelectionOptions { Rule = SelectionRule.Coverage }, full).Winner);
        Assert.Equal("popular", ModelSelection.Choose(candidates, new SelectionOptions { CoverageFloor = 0.9 }, full).Winner);

        var winner = candidates[0];
        Assert.True(PromotionDecision.Decide(winner, null, null, null, 0.05).Promote);
        Assert.True(PromotionDecision.Decide(winner, "v", "itemknn", 0.104, 0.05).Promote);
        Assert.False(PromotionDecision.Decide(winner, "v", "itemknn", 0.2, 0.05).Promote);
    }
}
