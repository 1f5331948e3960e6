namespace Teddy.SampleData;

/// <summary>
/// What a visitor secretly wants. None of this is written to the files; it only steers which
/// products the visitor looks at, so a recommender that learns it from early behaviour can predict
/// later behaviour. Every field is stable over the period except the child's age, which moves up
/// one group for a few visitors (the baby starts walking, the shop should notice).
/// </summary>
internal sealed class ShopperPreferences
{
    public required int Index { get; init; }
    public required string VisitorId { get; init; }

    /// <summary>Stable logged-in user id, or null for anonymous visitors.</summary>
    public required string? UserId { get; init; }

    /// <summary>Exactly how many events this visitor produces.</summary>
    public required int EventBudget { get; init; }

    /// <summary>1-3 category indices, most loved first.</summary>
    public required int[] FavouriteCategories { get; init; }

    /// <summary>Relative weights parallel to <see cref="FavouriteCategories"/>.</summary>
    public required double[] CategoryWeights { get; init; }

    /// <summary>A handful of brand indices met on the shelves of the favourite categories.</summary>
    public required int[] FavouriteBrands { get; init; }

    /// <summary>1-2 colour family indices.</summary>
    public required int[] FavouriteColours { get; init; }

    public required AgeGroup ChildAge { get; init; }

    /// <summary>From this event index on the child is one age group older; int.MaxValue when it never happens.</summary>
    public required int ChildGrowsUpAtEvent { get; init; }

    /// <summary>0 = ignores price, 1 = strongly prefers discounted and cheaper products.</summary>
    public required double PriceSensitivity { get; init; }

    /// <summary>Share of product choices driven by these preferences (0.70-0.85); the rest follow
    /// global popularity (gifts, trending items, curiosity).</summary>
    public required double Focus { get; init; }

    public AgeGroup ChildAgeAt(int eventIndex) => eventIndex >= ChildGrowsUpAtEvent ? ChildAge + 1 : ChildAge;

    public bool LovesBrand(int brand) => Array.IndexOf(FavouriteBrands, brand) >= 0;

    public bool LovesAnyColour(int[] colours)
    {
        foreach (int colour in colours)
            if (Array.IndexOf(FavouriteColours, colour) >= 0) return true;
        return false;
    }

    public int DrawCategory(SampleRandom random) => FavouriteCategories[random.PickWeighted(CategoryWeights)];
}
