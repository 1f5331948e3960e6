using Teddy.Catalog;
using Teddy.Learning;
using Teddy.Recommenders;

namespace Teddy.Ranking;

/// <summary>
/// The shop's business rules as score factors, one method per rule (each is tested on its own). The
/// diversity rules that depend on the list being built (brand cap, colour variety) live in
/// <see cref="RankingPipeline"/>.
/// </summary>
public sealed class ShopRules
{
    private readonly ModelCatalog _catalog;
    private readonly RankingOptions _options;
    private readonly float[] _brandRarity; // per brand, in [0, 1]: 1 for the rarest brand

    public ShopRules(ModelCatalog catalog, RankingOptions options)
    {
        _catalog = catalog;
        _options = options;
        _brandRarity = BrandRarity(catalog.ProductsPerBrand());
    }

    public RankingOptions Options => _options;

    /// <summary>The product of every rule's factor for this product and user.</summary>
    public double Factor(int product, UserTraits user) =>
        AgeFactor(product, user) * DiscountFactor(product) * ColorFactor(product, user) * BrandRarityFactor(product)
        * BrandAffinityFactor(product, user) * CompletenessFactor(product) * JitterFactor(product, user);

    /// <summary>Age-appropriate: in Filter mode, products for other ages than the user's are left out.</summary>
    public bool Excludes(int product, UserTraits user) =>
        _options.AgeMismatch == AgeMismatch.Filter && IsAgeMismatch(product, user);

    public double AgeFactor(int product, UserTraits user) =>
        _options.AgeMismatch == AgeMismatch.Demote && IsAgeMismatch(product, user) ? _options.AgeMismatchFactor : 1.0;

    /// <summary>A mismatch needs age data on both sides: products without ages, and users without a known age, are neutral.</summary>
    private bool IsAgeMismatch(int product, UserTraits user)
    {
        uint productAges = _catalog.AgeGroups[product];
        return productAges != 0 && user.AgeGroups != 0 && (productAges & user.AgeGroups) == 0;
    }

    /// <summary>
    /// Discount boost, proportional to the discount with larger discounts earning more per point
    /// (tiers: under 10% ×1, 10–25% ×1.5, 25% and more ×2), capped at <see cref="RankingOptions.DiscountBoostCap"/>.
    /// </summary>
    public double DiscountFactor(int product) => DiscountBoost(_catalog.DiscountPercent[product], _options);

    public static double DiscountBoost(double discountPercent, RankingOptions options)
    {
        if (discountPercent <= 0 || options.DiscountBoostStrength <= 0) return 1.0;
        double tier = discountPercent < 10 ? 1.0 : discountPercent < 25 ? 1.5 : 2.0;
        return Math.Min(options.DiscountBoostCap, 1.0 + options.DiscountBoostStrength * discountPercent / 100.0 * tier);
    }

    public double ColorFactor(int product, UserTraits user)
    {
        if (user.Colors.Length == 0) return 1.0;
        foreach (int color in _catalog.Colors(product))
            if (Array.BinarySearch(user.Colors, color) >= 0) return 1.0 + _options.ColorMatchBoost;
        return 1.0;
    }

    /// <summary>Inverse-frequency brand rarity: brands with few products get up to <see cref="RankingOptions.BrandRarityWeight"/> more.</summary>
    public double BrandRarityFactor(int product)
    {
        int brand = _catalog.Brand[product];
        return brand < 0 ? 1.0 : 1.0 + _options.BrandRarityWeight * _brandRarity[brand];
    }

    /// <summary>Both familiar brands (the user's) and new brands are rewarded; familiar ones more.</summary>
    public double BrandAffinityFactor(int product, UserTraits user)
    {
        int brand = _catalog.Brand[product];
        if (brand < 0) return 1.0;
        return Array.BinarySearch(user.Brands, brand) >= 0 ? 1.0 + _options.FamiliarBrandBoost : 1.0 + _options.NewBrandBoost;
    }

    /// <summary>
    /// Brand learning: the product's brand's click-through category as a factor in [1 − BrandBoost, 1 + BrandBoost]
    /// (<see cref="LearnedBrands"/>); 1 without learned brands or for a product without a brand.
    /// </summary>
    public double LearnedBrandFactor(int product, LearnedBrands? brands) => brands?.Factor(_catalog.Brand[product]) ?? 1.0;

    /// <summary>Whether the product's brand is one the user interacted with (the familiar-brand reward applies).</summary>
    public bool IsFamiliarBrand(int product, UserTraits user) =>
        _catalog.Brand[product] is var brand && brand >= 0 && Array.BinarySearch(user.Brands, brand) >= 0;

    /// <summary>Whether the product and the user share an age group (both known): the age rule found a match.</summary>
    public bool IsAgeMatch(int product, UserTraits user) =>
        (_catalog.AgeGroups[product] & user.AgeGroups) != 0;

    public double CompletenessFactor(int product) => 1.0 + _options.CompletenessWeight * _catalog.Completeness[product];

    /// <summary>
    /// Personalisation jitter: a deterministic ±amplitude perturbation per (user, product), seeded from the
    /// MD5 of the user id, so users with identical histories still get different lists.
    /// </summary>
    public double JitterFactor(int product, UserTraits user) =>
        _options.JitterAmplitude == 0 ? 1.0 : 1.0 + _options.JitterAmplitude * UserSeed.Unit(user.Seed, product);

    /// <summary>ln(1 + P / n_b), scaled so the rarest brand is 1 and a brand carrying every product is near 0.</summary>
    private static float[] BrandRarity(int[] productsPerBrand)
    {
        long total = productsPerBrand.Sum(n => (long)n);
        var rarity = productsPerBrand.Select(n => n > 0 ? Math.Log(1.0 + (double)total / n) : 0.0).ToArray();
        double max = rarity.Length == 0 ? 0 : rarity.Max();
        return rarity.Select(r => max > 0 ? (float)(r / max) : 0f).ToArray();
    }
}
