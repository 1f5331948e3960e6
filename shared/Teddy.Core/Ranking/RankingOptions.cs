namespace Teddy.Ranking;

/// <summary>What to do with products meant for another age than the user's child.</summary>
public enum AgeMismatch
{
    /// <summary>Keep them, with their score multiplied by <see cref="RankingOptions.AgeMismatchFactor"/>.</summary>
    Demote,
    /// <summary>Leave them out.</summary>
    Filter,
}

/// <summary>
/// The shop rules every recommender's candidates go through (settings under <c>Teddy:Ranking</c>). Each rule is
/// a multiplicative factor on the normalised model score, so a factor of 1 (or a weight of 0) turns it off.
/// </summary>
public sealed class RankingOptions
{
    public const string Section = "Teddy:Ranking";

    /// <summary>Recommend only products in stock (a request may override with <c>in_stock=false</c>).</summary>
    public bool InStockOnly { get; set; } = true;
    /// <summary>
    /// A product whose feed availability is not a Retail API value (e.g. "AVAILABLE") counts as in stock, as the
    /// API treats a product without one; false counts it as out of stock.
    /// </summary>
    public bool UnknownAvailabilityInStock { get; set; } = true;
    /// <summary>Leave out products the user already interacted with.</summary>
    public bool ExcludeInteracted { get; set; } = true;

    public AgeMismatch AgeMismatch { get; set; } = AgeMismatch.Demote;
    public double AgeMismatchFactor { get; set; } = 0.5;
    /// <summary>An age group is the user's when at least this share of their interaction weight is on products for it.</summary>
    public double AgeGroupMinShare { get; set; } = 0.2;

    /// <summary>Discount boost = 1 + strength × discount × tier, capped; 0 disables.</summary>
    public double DiscountBoostStrength { get; set; } = 1.0;
    public double DiscountBoostCap { get; set; } = 2.0;

    /// <summary>Products in one of the user's colours get this much more (+30%).</summary>
    public double ColorMatchBoost { get; set; } = 0.3;
    /// <summary>How many of the user's most-interacted colours count as their colours.</summary>
    public int UserColors { get; set; } = 3;

    /// <summary>Inverse-frequency brand rarity: up to this much more for the rarest brands.</summary>
    public double BrandRarityWeight { get; set; } = 0.2;
    public int MaxPerBrand { get; set; } = 2;
    /// <summary>
    /// Models select their candidates under the <see cref="MaxPerBrand"/> cap (lifted only when too few brands qualify),
    /// so the brand-first fill has many brands to spread a list over; false caps only the final list (before issue 8).
    /// </summary>
    public bool CapCandidateBrands { get; set; } = true;
    /// <summary>
    /// The largest share of a list one category may fill, in (0, 1]: a list of k holds at most ⌈share × k⌉ products of one
    /// primary category (14 of 20 at 0.7), and models select their candidates under the same share, so a model whose best
    /// scores crowd into the shopper's one category (content) still offers others. Like the brand cap it yields, before the
    /// brand cap does, when too few categories qualify to fill the list (a single-category shop, a <c>category</c> filter).
    /// 1 turns it off.
    /// </summary>
    public double MaxCategoryShare { get; set; } = 0.7;
    /// <summary>Brands the user has interacted with get this much more.</summary>
    public double FamiliarBrandBoost { get; set; } = 0.15;
    /// <summary>Brands new to the user get this much more (exploration), less than familiar ones.</summary>
    public double NewBrandBoost { get; set; } = 0.05;

    /// <summary>Up to this much more for products with complete metadata.</summary>
    public double CompletenessWeight { get; set; } = 0.1;

    /// <summary>Colour variety: a product whose main colour is already in the list is multiplied by this once per repeat.</summary>
    public double ColorRepeatPenalty { get; set; } = 0.9;

    /// <summary>Personalisation jitter: ± this share of the score, deterministic per (user, product); 0 disables.</summary>
    public double JitterAmplitude { get; set; } = 0.1;

    /// <summary>
    /// Every score rule and the brand cap turned off (stock and history filters stay, as does the distinct-brand
    /// first phase): the models' own order, for diagnostics and for tests that switch one rule back on.
    /// </summary>
    public static RankingOptions RulesOff() => new()
    {
        AgeMismatchFactor = 1, DiscountBoostStrength = 0, ColorMatchBoost = 0, BrandRarityWeight = 0, MaxPerBrand = int.MaxValue, MaxCategoryShare = 1,
        FamiliarBrandBoost = 0, NewBrandBoost = 0, CompletenessWeight = 0, ColorRepeatPenalty = 1, JitterAmplitude = 0,
    };

    /// <summary>How many candidates the pipeline asks a model for, as a multiple of the list size (room for the rules to act).</summary>
    public int CandidateMultiplier { get; set; } = 3;
}
