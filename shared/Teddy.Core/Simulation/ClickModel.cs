using Teddy.SampleData;

namespace Teddy.Simulation;

/// <summary>
/// The position-based click model (Craswell et al. 2008; Chuklin, Markov &amp; de Rijke 2015, "Click Models for Web
/// Search"): a shopper examines the item at rank r with probability 1 / log2(r + 1) (the DCG discount: rank 1 always,
/// rank 10 about 0.29), and clicks an examined item with its attraction. Attraction comes from the generator's hidden
/// truth only: the chance that the item would be among the shopper's next <see cref="Horizon"/> product views,
/// 1 − (1 − P)^Horizon, where P is <see cref="SampleShopTruth.NextViewProbability"/>.
/// </summary>
public sealed class ClickModel(SampleShopTruth truth, double horizon = ClickModel.DefaultHorizon)
{
    /// <summary>About two visits' worth of product views (sessions average 5.5 products; visitors make tens of views).</summary>
    public const double DefaultHorizon = 20;

    public double Horizon { get; } = horizon;

    /// <summary>P(examined) at 1-based rank.</summary>
    public static double Examination(int rank) => 1.0 / Math.Log2(rank + 1);

    /// <summary>
    /// P(click | examined), in [0, 1]. <paramref name="brandLift"/> multiplies the next-view probability of products of
    /// brands every shopper secretly prefers (the brand-learning scenario; 1 for none).
    /// </summary>
    public double Attraction(int visitor, int product, ShopperMode mode, double brandLift = 1)
    {
        double p = Math.Min(1, truth.NextViewProbability(visitor, product, mode) * brandLift);
        return 1 - Math.Pow(1 - p, Horizon);
    }
}
