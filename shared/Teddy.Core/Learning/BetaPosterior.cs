using Beta_ = MathNet.Numerics.Distributions.Beta;

namespace Teddy.Learning;

/// <summary>
/// A Beta(α, β) belief about a click-through rate: α counts clicks, β impressions without a click, each
/// plus its prior share. Conjugate to Bernoulli clicks, so observing is addition (Chapelle &amp; Li 2011,
/// "An Empirical Evaluation of Thompson Sampling"). Immutable.
/// </summary>
/// <param name="Alpha">Prior plus observed clicks; &gt; 0.</param>
/// <param name="Beta">Prior plus observed impressions that were not clicked; &gt; 0.</param>
public readonly record struct BetaPosterior(double Alpha, double Beta)
{
    /// <summary>A prior with mean <paramref name="mean"/> worth <paramref name="strength"/> pseudo-impressions.</summary>
    /// <exception cref="ArgumentOutOfRangeException">mean outside (0, 1) or strength not positive.</exception>
    public static BetaPosterior Prior(double mean, double strength)
    {
        if (!(mean > 0 && mean < 1)) throw new ArgumentOutOfRangeException(nameof(mean), mean, "A prior click-through rate must lie in (0, 1).");
        if (!(strength > 0) || !double.IsFinite(strength)) throw new ArgumentOutOfRangeException(nameof(strength), strength, "The prior strength must be positive.");
        return new BetaPosterior(mean * strength, (1 - mean) * strength);
    }

    /// <summary>Posterior mean: the expected click-through rate, in (0, 1).</summary>
    public double Mean => Alpha / (Alpha + Beta);

    /// <summary>Pseudo-impressions behind the belief (prior strength plus evidence).</summary>
    public double Strength => Alpha + Beta;

    /// <summary>Adds <paramref name="clicks"/> clicks out of <paramref name="impressions"/> impressions (may be fractional after decay).</summary>
    public BetaPosterior Observe(double impressions, double clicks)
    {
        if (impressions < 0 || clicks < 0 || clicks > impressions + 1e-9)
            throw new ArgumentOutOfRangeException(nameof(clicks), $"Need 0 ≤ clicks ({clicks}) ≤ impressions ({impressions}).");
        return new BetaPosterior(Alpha + clicks, Beta + Math.Max(0, impressions - clicks));
    }

    /// <summary>The central interval holding <paramref name="level"/> of the belief (default 95%).</summary>
    public (double Low, double High) Interval(double level = 0.95)
    {
        double tail = (1 - level) / 2;
        return (Beta_.InvCDF(Alpha, Beta, tail), Beta_.InvCDF(Alpha, Beta, 1 - tail));
    }

    /// <summary>One draw of the click-through rate (Thompson sampling's step).</summary>
    public double Sample(Random random) => Beta_.Sample(random, Alpha, Beta);

    /// <summary>P(X ≤ x) under this belief.</summary>
    public double Cdf(double x) => Beta_.CDF(Alpha, Beta, x);

    /// <summary>Density at x.</summary>
    public double Density(double x) => Beta_.PDF(Alpha, Beta, x);
}
