namespace Teddy.Learning;

/// <summary>Settings under <c>Teddy:Learning:Ctr</c>: how click-through rates are smoothed and categorised.</summary>
public sealed class CtrOptions
{
    /// <summary>
    /// Bayesian smoothing: a group's rate is pulled toward the overall rate as if it had this many extra
    /// impressions at the overall rate (empirical-Bayes shrinkage; 0 turns smoothing off).
    /// </summary>
    public double PriorImpressions { get; set; } = 100;
    /// <summary>Groups with fewer impressions are reported but not categorised (and brand learning ignores them).</summary>
    public int MinImpressions { get; set; } = 50;
    /// <summary>A brand is <c>high_ctr</c> when its smoothed rate is at least this multiple of the overall rate.</summary>
    public double HighRatio { get; set; } = 1.25;
    /// <summary>A brand is <c>low_ctr</c> when its smoothed rate is at most this multiple of the overall rate.</summary>
    public double LowRatio { get; set; } = 0.8;

    /// <exception cref="InvalidOperationException">A setting out of range, named.</exception>
    public CtrOptions Validate()
    {
        if (!(PriorImpressions >= 0 && double.IsFinite(PriorImpressions)))
            throw new InvalidOperationException($"Teddy:Learning:Ctr:PriorImpressions must be ≥ 0; got {PriorImpressions}.");
        if (MinImpressions < 0) throw new InvalidOperationException($"Teddy:Learning:Ctr:MinImpressions must be ≥ 0; got {MinImpressions}.");
        if (!(LowRatio > 0 && LowRatio < 1 && HighRatio > 1 && double.IsFinite(HighRatio)))
            throw new InvalidOperationException($"Teddy:Learning:Ctr needs 0 < LowRatio < 1 < HighRatio; got {LowRatio} and {HighRatio}.");
        return this;
    }
}

/// <summary>A brand's click-through category against the overall rate.</summary>
public enum CtrCategory
{
    /// <summary>Fewer impressions than <see cref="CtrOptions.MinImpressions"/>: not judged.</summary>
    InsufficientData,
    LowCtr,
    MediumCtr,
    HighCtr,
}

/// <summary>
/// Impressions and clicks of one group (a method, a position, a brand, an hour …) with the derived rates:
/// the raw rate, the rate smoothed toward the overall one, and a 95% interval from the Beta posterior that
/// the smoothing implies (prior Beta(m·p₀, m·(1−p₀)) for overall rate p₀ and prior strength m).
/// </summary>
public readonly record struct ClickThroughRate(long Impressions, long Clicks, double Raw, double Smoothed, double Low, double High)
{
    /// <summary>
    /// Estimates a group's rate. Clicks above impressions (a click whose impression was lost) are capped at the
    /// impressions, so a rate never exceeds 1.
    /// </summary>
    /// <param name="overall">The overall click-through rate the group is smoothed toward, in [0, 1].</param>
    public static ClickThroughRate Estimate(long impressions, long clicks, double overall, CtrOptions options)
    {
        impressions = Math.Max(0, impressions);
        clicks = Math.Clamp(clicks, 0, impressions);
        double p0 = Math.Clamp(overall, 1e-6, 1 - 1e-6);
        double m = options.PriorImpressions;
        double raw = impressions > 0 ? (double)clicks / impressions : 0;
        // With no data and nothing to smooth toward (no prior, or no overall rate yet: an empty shop or range) there is
        // nothing to say: the interval is the whole range (a prior at the 1e-6 floor would claim a rate of one in a million).
        if (impressions == 0 && (m <= 0 || overall <= 0)) return new ClickThroughRate(0, 0, 0, 0, 0, 1);
        var posterior = new BetaPosterior(clicks + (m > 0 ? m * p0 : 0.5), impressions - clicks + (m > 0 ? m * (1 - p0) : 0.5));
        double smoothed = m > 0 ? posterior.Mean : raw;
        var (low, high) = posterior.Interval();
        return new ClickThroughRate(impressions, clicks, raw, smoothed, low, high);
    }

    /// <summary>
    /// The category rule: with at least <see cref="CtrOptions.MinImpressions"/> impressions, a smoothed rate
    /// ≥ HighRatio × overall is high, ≤ LowRatio × overall is low, anything between is medium.
    /// </summary>
    public CtrCategory Categorise(double overall, CtrOptions options) =>
        Impressions < options.MinImpressions || overall <= 0 ? CtrCategory.InsufficientData
        : Smoothed >= options.HighRatio * overall ? CtrCategory.HighCtr
        : Smoothed <= options.LowRatio * overall ? CtrCategory.LowCtr
        : CtrCategory.MediumCtr;
}
