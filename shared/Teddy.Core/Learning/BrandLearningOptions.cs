namespace Teddy.Learning;

/// <summary>Settings under <c>Teddy:Learning</c> that serving reads besides the adaptive weights: brand learning.</summary>
public sealed class BrandLearningOptions
{
    public const string Section = "Teddy:Learning";

    /// <summary>
    /// How far a brand's click-through category moves its products' scores: <c>high_ctr</c> brands ×(1 + BrandBoost),
    /// <c>low_ctr</c> brands ×(1 − BrandBoost), every other brand ×1. In [0, 0.5]; 0 turns brand learning off. A
    /// multiplicative rule factor like the shop's others, applied before the diversity fill, so it never excludes a
    /// brand (the brand cap and the distinct-brands-first phase still hold).
    /// </summary>
    public double BrandBoost { get; set; } = 0.15;

    /// <exception cref="InvalidOperationException">BrandBoost outside [0, 0.5], named.</exception>
    public BrandLearningOptions Validate()
    {
        if (!(BrandBoost >= 0 && BrandBoost <= 0.5))
            throw new InvalidOperationException($"Teddy:Learning:BrandBoost must be in [0, 0.5]; got {BrandBoost}.");
        return this;
    }
}
