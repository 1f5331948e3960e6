using Teddy.Learning;
using Teddy.Recommenders;

namespace Teddy.Simulation;

/// <summary>
/// The simulator's stand-in for the click-through aggregation every instance reads (<see cref="ILearningState"/>):
/// item impressions and clicks are counted as the aggregation counts them — each hybrid item credits the parts in
/// its sources, decayed by ½ per <see cref="AdaptiveWeightsOptions.HalfLifeImpressions"/> as
/// <see cref="ThompsonWeights.Observe"/> decays; each item credits its brand; overall counts — and turned into a
/// <see cref="LearningSnapshot"/> (brands categorised with <see cref="ClickThroughRate"/>) when the simulation
/// refreshes, as the aggregation's blob is refreshed within a minute.
/// </summary>
/// <summary>Which part an item impression of a hybrid list (and a click on it) is credited to.</summary>
public enum PartCredit
{
    /// <summary>Every part in the item's sources (the rule; an item both parts returned credits both).</summary>
    Sources,
    /// <summary>The part that led the item's list (the larger weight): each list is one pull of a two-armed bandit.</summary>
    LeadingPart,
}

public sealed class ClickAggregation(AdaptiveWeightsOptions adaptive, CtrOptions ctr, PartCredit credit = PartCredit.Sources)
{
    private PartEvidence _content, _collaborative;          // decayed, up to the last refresh
    private PartEvidence _pendingContent, _pendingCollaborative;
    private long _impressions, _clicks;
    private readonly Dictionary<string, (long Impressions, long Clicks)> _brands = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Records one shown item: its list's method and weights, its sources, its brand, and whether it was clicked.</summary>
    public void Record(string listMethod, HybridWeights? weights, IReadOnlyList<string> sources, string brand, bool clicked)
    {
        _impressions++;
        if (clicked) _clicks++;
        if (brand.Length > 0)
        {
            var (impressions, clicks) = _brands.GetValueOrDefault(brand);
            _brands[brand] = (impressions + 1, clicks + (clicked ? 1 : 0));
        }
        if (listMethod != RecommenderMethods.Hybrid) return;
        var one = new PartEvidence(1, clicked ? 1 : 0);
        if (credit == PartCredit.LeadingPart)
        {
            // The list's arm: the part with the larger weight (lists one part made alone carry no comparison).
            if (weights is not { Content: > 0, Collaborative: > 0 } w) return;
            if (w.Content >= w.Collaborative) _pendingContent += one;
            else _pendingCollaborative += one;
            return;
        }
        foreach (string source in sources)
        {
            if (source == RecommenderMethods.Content) _pendingContent += one;
            else if (source == RecommenderMethods.Collaborative) _pendingCollaborative += one;
        }
    }

    public long Impressions => _impressions;
    public long Clicks => _clicks;

    /// <summary>Folds what was recorded since the last refresh into the decayed evidence and returns the new snapshot.</summary>
    public LearningSnapshot Refresh(DateTimeOffset now)
    {
        double batch = _pendingContent.Impressions + _pendingCollaborative.Impressions;
        double keep = Math.Pow(0.5, batch / adaptive.HalfLifeImpressions);
        _content = _content.Scaled(keep) + _pendingContent;
        _collaborative = _collaborative.Scaled(keep) + _pendingCollaborative;
        _pendingContent = _pendingCollaborative = default;

        double overall = _impressions > 0 ? (double)_clicks / _impressions : 0;
        var brands = new Dictionary<string, BrandCtr>(StringComparer.OrdinalIgnoreCase);
        foreach (var (brand, (impressions, clicks)) in _brands)
        {
            var rate = ClickThroughRate.Estimate(impressions, clicks, overall, ctr);
            brands[brand] = new BrandCtr(impressions, clicks, rate.Smoothed, rate.Categorise(overall, ctr));
        }
        return new LearningSnapshot(now, _content, _collaborative, _impressions, _clicks, overall, brands);
    }
}
