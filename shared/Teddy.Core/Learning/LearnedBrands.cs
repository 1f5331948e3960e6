namespace Teddy.Learning;

/// <summary>
/// One snapshot's brand click-through categories laid out by a model's brand indices, with the ranking factor each
/// implies (see <see cref="BrandLearningOptions.BrandBoost"/>). Built once per snapshot and model, read per product
/// on the hot path by index. Immutable.
/// </summary>
public sealed class LearnedBrands
{
    private readonly CtrCategory[] _categories;
    private readonly float[] _factors;

    private LearnedBrands(CtrCategory[] categories, float[] factors)
    {
        _categories = categories;
        _factors = factors;
    }

    /// <param name="brandNames">The model catalog's brand names, by brand index.</param>
    /// <param name="boost">The largest share a category moves a score by, in [0, 0.5].</param>
    public static LearnedBrands From(LearningSnapshot snapshot, IReadOnlyList<string> brandNames, double boost)
    {
        var categories = new CtrCategory[brandNames.Count];
        var factors = new float[brandNames.Count];
        for (int b = 0; b < brandNames.Count; b++)
        {
            categories[b] = snapshot.CategoryOf(brandNames[b]);
            factors[b] = (float)FactorOf(categories[b], boost);
        }
        return new LearnedBrands(categories, factors);
    }

    /// <summary>The ranking factor of a category: 1 + boost for high, 1 − boost for low, 1 otherwise.</summary>
    public static double FactorOf(CtrCategory category, double boost) => category switch
    {
        CtrCategory.HighCtr => 1 + boost,
        CtrCategory.LowCtr => 1 - boost,
        _ => 1.0,
    };

    /// <summary>The brand's category; <see cref="CtrCategory.InsufficientData"/> for no brand (-1).</summary>
    public CtrCategory Category(int brand) => brand >= 0 && brand < _categories.Length ? _categories[brand] : CtrCategory.InsufficientData;

    /// <summary>The brand's ranking factor, in [1 − boost, 1 + boost]; 1 for no brand (-1).</summary>
    public double Factor(int brand) => brand >= 0 && brand < _factors.Length ? _factors[brand] : 1.0;

    /// <summary>The API's name of a category: <c>high_ctr</c>, <c>medium_ctr</c>, <c>low_ctr</c> or <c>insufficient_data</c>.</summary>
    public static string ApiName(CtrCategory category) => category switch
    {
        CtrCategory.HighCtr => "high_ctr",
        CtrCategory.MediumCtr => "medium_ctr",
        CtrCategory.LowCtr => "low_ctr",
        _ => "insufficient_data",
    };
}
