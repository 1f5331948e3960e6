using CsCheck;
using Teddy.Analytics;
using Teddy.Learning;

namespace Teddy.Core.Tests.Analytics;

public class BanditEvidenceTests
{
    private static CtrCounts Hour(long contentImpressions, long contentClicks, long collaborativeImpressions, long collaborativeClicks) => new()
    {
        BanditContent = new GroupCounts(contentImpressions, contentClicks),
        BanditCollaborative = new GroupCounts(collaborativeImpressions, collaborativeClicks),
    };

    [Fact]
    public void Folding_hourly_buckets_gives_exactly_what_the_bandit_observing_them_one_by_one_gives()
    {
        var hourGen = Gen.Select(Gen.Long[0, 50_000], Gen.Long[0, 50_000]).SelectMany((ci, ki) =>
            Gen.Select(Gen.Long[0, ci], Gen.Long[0, ki]).Select((cc, kc) => Hour(ci, cc, ki, kc)));
        Gen.Select(hourGen.Array[0, 60], Gen.Double[100, 100_000]).Sample((hours, halfLife) =>
        {
            var options = new AdaptiveWeightsOptions { HalfLifeImpressions = halfLife };
            var bandit = ThompsonWeights.Start(new HybridWeights(0.65, 0.35), options);
            foreach (var hour in hours)
                bandit = bandit.Observe(new PartEvidence(hour.BanditContent.Impressions, hour.BanditContent.Clicks),
                    new PartEvidence(hour.BanditCollaborative.Impressions, hour.BanditCollaborative.Clicks));
            var (content, collaborative) = BanditEvidence.Fold(hours, halfLife);
            // Bit for bit: the same operations in the same order.
            return content == bandit.Content && collaborative == bandit.Collaborative;
        });
    }

    [Fact]
    public void Evidence_halves_per_half_life_of_later_impressions()
    {
        // 1,000 content impressions with 100 clicks, then 20,000 impressions of both parts without clicks (one half-life).
        var (content, collaborative) = BanditEvidence.Fold([Hour(1000, 100, 0, 0), Hour(10_000, 0, 10_000, 0)], 20_000);
        Assert.Equal(500 + 10_000, content.Impressions, 9);
        Assert.Equal(50, content.Clicks, 9);
        Assert.Equal(10_000, collaborative.Impressions, 9);
    }

    [Fact]
    public void Order_matters_oldest_first()
    {
        var old = Hour(1000, 500, 0, 0);
        var recent = Hour(20_000, 0, 0, 0);
        Assert.Equal(250, BanditEvidence.Fold([old, recent], 20_000).Content.Clicks, 9);
        Assert.Equal(500, BanditEvidence.Fold([recent, old], 20_000).Content.Clicks, 9);
    }

    [Fact]
    public void A_half_life_that_is_not_positive_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BanditEvidence.Fold([], 0));
    }
}
