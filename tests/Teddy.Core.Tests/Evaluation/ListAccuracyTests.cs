using Teddy.Evaluation;

namespace Teddy.Core.Tests.Evaluation;

public class ListAccuracyTests
{
    [Fact]
    public void A_perfect_list_scores_one_on_every_metric()
    {
        var accuracy = ListAccuracy.Of([4, 2, 7], [2, 4, 7], k: 3);
        Assert.Equal(new ListAccuracy(1, 1, 1, 1, 1), accuracy);
    }

    [Fact]
    public void A_list_with_no_hit_scores_zero()
    {
        Assert.Equal(new ListAccuracy(0, 0, 0, 0, 0), ListAccuracy.Of([1, 3, 5], [2, 4], k: 3));
    }

    [Fact]
    public void Hand_computed_case()
    {
        // Relevant {2, 9}; list 1, 2, 3, 9 at k = 4: hits at ranks 2 and 4.
        var a = ListAccuracy.Of([1, 2, 3, 9], [2, 9], k: 4);
        Assert.Equal(0.5, a.Precision, 12);
        Assert.Equal(1.0, a.Recall, 12);
        double dcg = 1 / Math.Log2(3) + 1 / Math.Log2(5), ideal = 1 + 1 / Math.Log2(3);
        Assert.Equal(dcg / ideal, a.Ndcg, 12);
        Assert.Equal((1.0 / 2 + 2.0 / 4) / 2, a.AveragePrecision, 12);
        Assert.Equal(1.0, a.Hit);
    }

    [Fact]
    public void Short_lists_are_measured_against_k()
    {
        var a = ListAccuracy.Of([5], [5, 6, 7], k: 10);
        Assert.Equal(0.1, a.Precision, 12);
        Assert.Equal(1.0 / 3, a.Recall, 12);
        Assert.Equal(1.0 / 3, a.AveragePrecision, 12);
    }

    [Theory]
    [InlineData(0.45, "Outstanding")]
    [InlineData(0.40, "Outstanding")]
    [InlineData(0.30, "Excellent")]
    [InlineData(0.20, "Good")]
    [InlineData(0.10, "Fair")]
    [InlineData(0.05, "Poor")]
    public void Coverage_ratings_follow_the_original_bands(double score, string rating) =>
        Assert.Equal(rating, CoverageRating.Of(score));

    [Fact]
    public void Latency_percentiles_are_nearest_rank()
    {
        var latency = LatencyReport.Of(Enumerable.Range(1, 100).Select(i => (double)i).ToArray());
        Assert.Equal(50.5, latency.Mean);
        Assert.Equal(50, latency.P50);
        Assert.Equal(95, latency.P95);
        Assert.Equal(99, latency.P99);
    }
}
