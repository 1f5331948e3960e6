using Teddy.Learning;
using Teddy.Ranking;
using Teddy.SampleData;
using Teddy.Simulation;

namespace Teddy.Core.Tests.Simulation;

/// <summary>
/// The proof, small: simulated shoppers with the generator's hidden preferences click (position-based) on lists the real
/// serving code makes; the adaptive weights move to the part that serves them better and follow when they change.
/// </summary>
public class ClickSimulationTests
{
    [Fact]
    public void Adaptive_weights_move_to_the_better_part_and_follow_a_shift()
    {
        var (model, truth) = SampleShopModels.HalfWithTruth;
        // First shoppers browse as the generator made them (popular products of their favourite shelves: what
        // collaborative filtering learns); half-way they switch to their described tastes alone (what the text knows).
        var options = new ClickSimulationOptions
        {
            Impressions = 24_000, Before = ShopperMode.Generator, After = ShopperMode.Taste, ShiftAt = 0.5,
            RefreshImpressions = 500, ReportEvery = 2_000, Seed = 1,
        };
        var adaptive = new AdaptiveWeightsOptions { HalfLifeImpressions = 5_000 };
        var result = ClickSimulation.Run(model, new RankingOptions(), adaptive, new BrandLearningOptions { BrandBoost = 0 }, new CtrOptions(), truth, options);

        double Expected(long from, long to) =>
            result.Checkpoints.Where(c => c.Impressions > from && c.Impressions <= to).Average(c => c.ExpectedContentWeight!.Value);
        double beforeShift = Expected(8_000, 12_000), afterShift = Expected(20_000, 24_000);
        Assert.True(beforeShift < 0.45, $"content weight before the shift {beforeShift:F3}: {Curve(result)}");
        Assert.True(afterShift > 0.55, $"content weight after the shift {afterShift:F3}: {Curve(result)}");

        // The lists used what the bandit expected (the draws follow the beliefs).
        var usedBefore = result.Checkpoints.Where(c => c.Impressions is > 8_000 and <= 12_000).Average(c => c.MeanContentWeight!.Value);
        Assert.True(usedBefore < 0.5, $"content weight used before the shift {usedBefore:F3}");
    }

    private static string Curve(SimulationResult result) =>
        string.Join("; ", result.Checkpoints.Select(c => $"{c.Impressions}: ctr {c.WindowCtr:P2} w {c.ExpectedContentWeight:F2} ({c.Mode})"));

    [Fact]
    public void Runs_are_reproducible_and_arms_see_the_same_shoppers()
    {
        var model = SampleShopModels.Small;
        var truth = SampleShopTruth.Build(SampleShopModels.SmallShop);
        var options = new ClickSimulationOptions { Impressions = 3_000, ReportEvery = 1_000, Seed = 7 };
        SimulationResult Run(AdaptiveWeightsOptions adaptive) =>
            ClickSimulation.Run(model, new RankingOptions(), adaptive, new BrandLearningOptions(), new CtrOptions(), truth, options);
        var first = Run(new AdaptiveWeightsOptions());
        Assert.Equal(first, Run(new AdaptiveWeightsOptions()), new SimulationComparer());
        Assert.Equal(3, first.Checkpoints.Count);
        Assert.All(first.Checkpoints, c => Assert.Equal(1_000, c.WindowImpressions));
        Assert.Null(Run(new AdaptiveWeightsOptions { Enabled = false }).Checkpoints[0].ExpectedContentWeight);
    }

    private sealed class SimulationComparer : IEqualityComparer<SimulationResult>
    {
        public bool Equals(SimulationResult? x, SimulationResult? y) =>
            x!.Clicks == y!.Clicks && x.Impressions == y.Impressions && x.Checkpoints.SequenceEqual(y.Checkpoints);
        public int GetHashCode(SimulationResult obj) => obj.Clicks.GetHashCode();
    }

    [Fact]
    public void The_truth_is_a_probability_over_the_catalog_and_clicks_fall_with_rank()
    {
        var truth = SampleShopTruth.Build(SampleShopModels.SmallShop);
        foreach (int visitor in new[] { 0, 17, 123, truth.Visitors - 1 })
            foreach (var mode in new[] { ShopperMode.Generator, ShopperMode.Taste })
            {
                double total = Enumerable.Range(0, truth.Products).Sum(p => truth.NextViewProbability(visitor, p, mode));
                Assert.Equal(1.0, total, 6);
            }
        Assert.Equal(1.0, ClickModel.Examination(1));
        Assert.True(ClickModel.Examination(2) > ClickModel.Examination(10));
        var clicks = new ClickModel(truth);
        Assert.All(Enumerable.Range(0, truth.Products), p => Assert.InRange(clicks.Attraction(3, p, ShopperMode.Generator, brandLift: 3), 0, 1));
        // The truth is the generated shop's: the same options name the shoppers the events do (all but those whose
        // only events weigh nothing are users of the model trained on them).
        var users = SampleShopModels.Small.Users;
        Assert.True(Enumerable.Range(0, truth.Visitors).Count(v => users.Find(truth.ShopperId(v)).IsKnown) >= 0.9 * truth.Visitors);
    }

    [Fact]
    public void The_aggregation_credits_every_source_of_a_hybrid_item_and_decays_by_the_half_life()
    {
        var aggregation = new ClickAggregation(new AdaptiveWeightsOptions { HalfLifeImpressions = 4 }, new CtrOptions { MinImpressions = 1 });
        var weights = new HybridWeights(0.8, 0.2);
        aggregation.Record("hybrid", weights, ["content", "collaborative"], "A", clicked: true);
        aggregation.Record("hybrid", weights, ["content"], "A", clicked: false);
        aggregation.Record("itemknn", null, ["itemknn"], "B", clicked: true);
        var first = aggregation.Refresh(DateTimeOffset.UnixEpoch);
        Assert.Equal(new PartEvidence(2, 1), first.Content);
        Assert.Equal(new PartEvidence(1, 1), first.Collaborative);
        Assert.Equal(3, first.Impressions);
        Assert.Equal(2, first.Clicks);
        Assert.Equal(2, first.Brands["a"].Impressions);

        // Four more impressions: what came before is worth half.
        for (int i = 0; i < 4; i++) aggregation.Record("hybrid", weights, ["collaborative"], "B", clicked: false);
        var second = aggregation.Refresh(DateTimeOffset.UnixEpoch);
        Assert.Equal(new PartEvidence(1, 0.5), second.Content);
        Assert.Equal(new PartEvidence(4.5, 0.5), second.Collaborative);

        var leading = new ClickAggregation(new AdaptiveWeightsOptions(), new CtrOptions(), PartCredit.LeadingPart);
        leading.Record("hybrid", new HybridWeights(0.2, 0.8), ["content", "collaborative"], "A", clicked: true);
        var snapshot = leading.Refresh(DateTimeOffset.UnixEpoch);
        Assert.Equal(default, snapshot.Content);
        Assert.Equal(new PartEvidence(1, 1), snapshot.Collaborative);
    }
}
