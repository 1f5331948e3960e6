using Teddy.Learning;

namespace Teddy.Core.Tests.Learning;

public class ThompsonWeightsTests
{
    private static readonly AdaptiveWeightsOptions Options = new();

    [Fact]
    public void Before_any_click_the_expected_weights_are_the_trained_weights()
    {
        var weights = ThompsonWeights.Start(new HybridWeights(0.65, 0.35), Options);
        Assert.Equal(0.65, weights.Expected().Content, 3);
        Assert.Equal(0.35, weights.Expected().Collaborative, 3);

        // Sampling agrees: the content part leads about 75% of requests (0.2 + 0.6 × 0.75 = 0.65).
        var random = new Random(7);
        double mean = Enumerable.Range(0, 20_000).Average(_ => weights.Sample(random).Content);
        Assert.Equal(0.65, mean, 1);
    }

    [Fact]
    public void Weights_stay_inside_the_bounds_and_sum_to_one()
    {
        var weights = ThompsonWeights.Start(new HybridWeights(0.99, 0.01), Options);
        Assert.Equal(0.8, weights.Trained.Content, 9);
        var random = new Random(1);
        for (int i = 0; i < 1000; i++)
        {
            var w = weights.Sample(random);
            Assert.InRange(w.Content, 0.2, 0.8);
            Assert.InRange(w.Collaborative, 0.2, 0.8); // exactly the bounds, not 1 − 0.8 rounded below 0.2
            Assert.Equal(1.0, w.Content + w.Collaborative, 12);
        }
    }

    /// <summary>Simulates requests: each shows 10 products split by the sampled weights; clicks follow fixed true rates.</summary>
    private static ThompsonWeights Run(ThompsonWeights weights, double contentCtr, double collaborativeCtr, int requests, Random random)
    {
        var content = default(PartEvidence);
        var collaborative = default(PartEvidence);
        for (int r = 1; r <= requests; r++)
        {
            var w = weights.Sample(random);
            int fromContent = (int)Math.Round(10 * w.Content);
            content += new PartEvidence(fromContent, Clicks(fromContent, contentCtr, random));
            collaborative += new PartEvidence(10 - fromContent, Clicks(10 - fromContent, collaborativeCtr, random));
            if (r % 100 == 0)
            {
                // Beliefs are refreshed in batches, as the shared aggregates are.
                weights = weights.Observe(content, collaborative);
                content = collaborative = default;
            }
        }
        return weights;
    }

    private static int Clicks(int impressions, double rate, Random random) =>
        Enumerable.Range(0, impressions).Count(_ => random.NextDouble() < rate);

    [Fact]
    public void Converges_to_the_part_that_is_clicked_more()
    {
        var random = new Random(42);
        var learned = Run(ThompsonWeights.Start(new HybridWeights(0.65, 0.35), Options), 0.03, 0.06, 3000, random);
        Assert.True(learned.Expected().Collaborative > 0.75, $"collaborative weight {learned.Expected().Collaborative}");
        Assert.True(learned.CollaborativeBelief.Mean > learned.ContentBelief.Mean);
        // What requests actually use now.
        double used = Enumerable.Range(0, 2000).Average(_ => learned.Sample(random).Collaborative);
        Assert.True(used > 0.75, $"collaborative weight used {used}");
    }

    [Fact]
    public void Follows_a_shift_in_what_shoppers_click()
    {
        var random = new Random(3);
        var options = new AdaptiveWeightsOptions { HalfLifeImpressions = 5_000 };
        var first = Run(ThompsonWeights.Start(new HybridWeights(0.5, 0.5), options), 0.08, 0.03, 2000, random);
        Assert.True(first.Expected().Content > 0.75, $"content weight before the shift {first.Expected().Content}");
        var second = Run(first, 0.03, 0.08, 3000, random);
        Assert.True(second.Expected().Collaborative > 0.75, $"collaborative weight after the shift {second.Expected().Collaborative}");
    }

    [Fact]
    public void A_part_never_shown_keeps_its_prior_and_evidence_decays_by_half_per_half_life()
    {
        var weights = ThompsonWeights.Start(new HybridWeights(0.65, 0.35), new AdaptiveWeightsOptions { HalfLifeImpressions = 1000 });
        var observed = weights.Observe(new PartEvidence(1000, 100), default);
        Assert.Equal(weights.CollaborativeBelief, observed.CollaborativeBelief);
        Assert.Equal(new PartEvidence(1000, 100), observed.Content);

        var later = observed.Observe(new PartEvidence(500, 0), new PartEvidence(500, 0));
        Assert.Equal(500 + 500, later.Content.Impressions, 9);   // 1000 × ½ + 500
        Assert.Equal(50, later.Content.Clicks, 9);
    }

    [Fact]
    public void Lead_probability_matches_closed_forms()
    {
        var uniform = new BetaPosterior(1, 1);
        Assert.Equal(0.5, ThompsonWeights.LeadProbability(uniform, uniform), 6);
        // X ~ Beta(2, 1) (density 2x), Y uniform: P(X > Y) = ∫ 2x · x dx = 2/3.
        Assert.Equal(2.0 / 3, ThompsonWeights.LeadProbability(new BetaPosterior(2, 1), uniform), 6);
        Assert.Equal(1.0 / 3, ThompsonWeights.LeadProbability(uniform, new BetaPosterior(2, 1)), 6);
    }

    [Fact]
    public void Settings_out_of_range_are_named()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new AdaptiveWeightsOptions { MinWeight = 0.3, MaxWeight = 0.8 }.Validate());
        Assert.Contains("MaxWeight", e.Message);
        Assert.Throws<InvalidOperationException>(() => new AdaptiveWeightsOptions { PriorCtr = 0 }.Validate());
    }
}
