namespace Teddy.Learning;

/// <summary>
/// What shoppers' clicks have taught so far, as every instance reads it (computed from the impression and
/// click tables by the click-through aggregation, refreshed within a minute): the decayed evidence for the
/// hybrid's two parts (the bandit's input), the overall click-through rate, and each brand's.
/// Immutable; <see cref="Empty"/> before any impression.
/// </summary>
/// <param name="Content">Impressions of content-sourced items in hybrid lists and clicks on them, decayed (see <see cref="ThompsonWeights"/>).</param>
/// <param name="Collaborative">The same for collaborative-sourced items.</param>
/// <param name="OverallCtr">Clicks ÷ impressions over every list and item, in [0, 1]; 0 without impressions.</param>
/// <param name="Brands">Brand name (case-insensitive) → its click-through; brands never shown are absent.</param>
public sealed record LearningSnapshot(
    DateTimeOffset ComputedAt,
    PartEvidence Content,
    PartEvidence Collaborative,
    long Impressions,
    long Clicks,
    double OverallCtr,
    IReadOnlyDictionary<string, BrandCtr> Brands)
{
    public static LearningSnapshot Empty { get; } = new(DateTimeOffset.MinValue, default, default, 0, 0, 0,
        new Dictionary<string, BrandCtr>(StringComparer.OrdinalIgnoreCase));

    /// <summary>The brand's category, or <see cref="CtrCategory.InsufficientData"/> for a brand not seen enough.</summary>
    public CtrCategory CategoryOf(string brand) =>
        brand.Length > 0 && Brands.TryGetValue(brand, out var ctr) ? ctr.Category : CtrCategory.InsufficientData;
}

/// <summary>A brand's item impressions and clicks, its smoothed click-through rate and category.</summary>
public sealed record BrandCtr(long Impressions, long Clicks, double SmoothedCtr, CtrCategory Category);

/// <summary>The current <see cref="LearningSnapshot"/> of this instance (refreshed in the background).</summary>
public interface ILearningState
{
    LearningSnapshot Current { get; }
}

/// <summary>A fixed snapshot: tests, the simulator, and hosts without analytics.</summary>
public sealed class FixedLearningState(LearningSnapshot snapshot) : ILearningState
{
    public LearningSnapshot Current { get; set; } = snapshot;
}
