using Teddy.Learning;

namespace Teddy.Analytics;

/// <summary>
/// The bandit's input from hourly aggregates: each part's impressions and clicks in hybrid lists, decayed as
/// <see cref="ThompsonWeights.Observe"/> decays them — hour by hour, oldest first, what came before is multiplied
/// by ½^(the hour's impressions of both parts ÷ half-life) and the hour is added. So the posterior forgets by
/// traffic, not by the clock: after a shift in what shoppers click, the new behaviour outweighs the old within
/// about two half-lives of impressions (<see cref="AdaptiveWeightsOptions.HalfLifeImpressions"/>). Hours older
/// than the kept history (<see cref="AggregationOptions.HistoryDays"/>) are dropped too.
/// </summary>
public static class BanditEvidence
{
    /// <summary>The decayed evidence after the hours' counts, given oldest first.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A half-life that is not positive.</exception>
    public static (PartEvidence Content, PartEvidence Collaborative) Fold(IEnumerable<CtrCounts> hoursOldestFirst, double halfLifeImpressions)
    {
        if (!(halfLifeImpressions > 0)) throw new ArgumentOutOfRangeException(nameof(halfLifeImpressions), halfLifeImpressions, "The half-life must be positive.");
        PartEvidence content = default, collaborative = default;
        foreach (var hour in hoursOldestFirst)
        {
            var c = new PartEvidence(hour.BanditContent.Impressions, hour.BanditContent.Clicks);
            var k = new PartEvidence(hour.BanditCollaborative.Impressions, hour.BanditCollaborative.Clicks);
            // The same arithmetic, in the same order, as ThompsonWeights.Observe (a test holds them equal).
            double keep = Math.Pow(0.5, (c.Impressions + k.Impressions) / halfLifeImpressions);
            content = content.Scaled(keep) + c;
            collaborative = collaborative.Scaled(keep) + k;
        }
        return (content, collaborative);
    }
}
