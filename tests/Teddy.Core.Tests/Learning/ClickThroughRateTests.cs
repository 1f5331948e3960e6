using Teddy.Learning;

namespace Teddy.Core.Tests.Learning;

public class ClickThroughRateTests
{
    private static readonly CtrOptions Options = new() { PriorImpressions = 100, MinImpressions = 50 };

    [Fact]
    public void Smoothing_pulls_toward_the_overall_rate_by_the_prior_strength()
    {
        // (clicks + m·p0) / (impressions + m) = (10 + 100 × 0.05) / (100 + 100) = 0.075.
        var rate = ClickThroughRate.Estimate(100, 10, overall: 0.05, Options);
        Assert.Equal(0.1, rate.Raw, 12);
        Assert.Equal(0.075, rate.Smoothed, 12);
        Assert.True(rate.Low < rate.Smoothed && rate.Smoothed < rate.High);
    }

    [Fact]
    public void A_group_without_impressions_has_the_overall_rate_and_a_wide_interval()
    {
        var rate = ClickThroughRate.Estimate(0, 0, overall: 0.05, Options);
        Assert.Equal(0.05, rate.Smoothed, 9);
        Assert.True(rate.High - rate.Low > 0.05);
    }

    [Fact]
    public void Nothing_shown_and_no_overall_rate_yet_claims_no_rate()
    {
        // A fresh shop, or a range without traffic: no made-up one-in-a-million rate with an interval below it.
        var rate = ClickThroughRate.Estimate(0, 0, overall: 0, Options);
        Assert.Equal((0.0, 0.0, 0.0, 1.0), (rate.Raw, rate.Smoothed, rate.Low, rate.High));
        Assert.True(rate.Low <= rate.Smoothed && rate.Smoothed <= rate.High);
    }

    [Fact]
    public void The_interval_narrows_with_data()
    {
        var few = ClickThroughRate.Estimate(200, 10, 0.05, Options);
        var many = ClickThroughRate.Estimate(20_000, 1_000, 0.05, Options);
        Assert.True(many.High - many.Low < (few.High - few.Low) / 5);
        Assert.InRange(0.05, many.Low, many.High);
    }

    [Fact]
    public void Clicks_above_impressions_are_capped()
    {
        var rate = ClickThroughRate.Estimate(10, 12, 0.05, Options);
        Assert.Equal(10, rate.Clicks);
        Assert.Equal(1.0, rate.Raw);
    }

    [Theory]
    [InlineData(1000, 80, "HighCtr")]      // smoothed 0.0773 ≥ 1.25 × 0.05
    [InlineData(1000, 50, "MediumCtr")]
    [InlineData(1000, 20, "LowCtr")]       // smoothed 0.0227 ≤ 0.8 × 0.05
    [InlineData(40, 40, "InsufficientData")]
    public void Brands_are_categorised_by_the_stated_rule(long impressions, long clicks, string expected)
    {
        var rate = ClickThroughRate.Estimate(impressions, clicks, 0.05, Options);
        Assert.Equal(Enum.Parse<CtrCategory>(expected), rate.Categorise(0.05, Options));
    }

    [Fact]
    public void Beta_intervals_match_known_quantiles()
    {
        var (low, high) = new BetaPosterior(1, 1).Interval();
        Assert.Equal(0.025, low, 9);
        Assert.Equal(0.975, high, 9);
    }
}
