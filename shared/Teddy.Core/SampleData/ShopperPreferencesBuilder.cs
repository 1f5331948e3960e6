using System.Globalization;

namespace Teddy.SampleData;

/// <summary>
/// Draws each visitor's hidden preferences. Favourite categories suit the child's age and lean to
/// popular shelves; favourite brands come from those categories, so category, brand and age
/// preferences agree with one another the way a real parent's do.
/// </summary>
internal sealed class ShopperPreferencesBuilder(SampleCatalog catalog)
{
    public const double LoggedInShare = 0.30;
    private const double GrowsUpShare = 0.08;

    private static readonly double[] ChildAgeShares = [0.15, 0.25, 0.30, 0.30]; // newborn, infant, toddler, kids
    private static readonly double[] FavouriteCategoryWeights = [1.0, 0.55, 0.3];

    private readonly double[] _colourWeights = ColourFamilies.All.Select(c => c.Weight).ToArray();
    private readonly double[] _categoryWeights = new double[catalog.Categories.Length];
    private int _loggedIn;

    public int LoggedInVisitors => _loggedIn;

    /// <summary>Call once per visitor, in visitor order (user ids are numbered as logged-in visitors appear).</summary>
    public ShopperPreferences Draw(int index, int eventBudget, SampleRandom random)
    {
        string? userId = random.Chance(LoggedInShare)
            ? "u" + (++_loggedIn).ToString("D5", CultureInfo.InvariantCulture)
            : null;
        var childAge = (AgeGroup)random.PickWeighted(ChildAgeShares);
        int[] categories = FavouriteCategories(childAge, random);
        int[] brands = FavouriteBrands(categories, random);
        int[] colours = FavouriteColours(random);

        int growsUp = int.MaxValue;
        if (childAge != AgeGroup.Kids && eventBudget >= 5 && random.Chance(GrowsUpShare))
            growsUp = (int)(eventBudget * random.Between(0.2, 0.9));

        double sensitivity = random.Chance(0.4) ? random.Between(0.4, 1.0) : random.Between(0.0, 0.2);

        return new ShopperPreferences
        {
            Index = index,
            VisitorId = "v" + (index + 1).ToString("D5", CultureInfo.InvariantCulture),
            UserId = userId,
            EventBudget = eventBudget,
            FavouriteCategories = categories,
            CategoryWeights = FavouriteCategoryWeights[..categories.Length],
            FavouriteBrands = brands,
            FavouriteColours = colours,
            ChildAge = childAge,
            ChildGrowsUpAtEvent = growsUp,
            PriceSensitivity = sensitivity,
            Focus = random.Between(0.70, 0.85),
        };
    }

    private int[] FavouriteCategories(AgeGroup childAge, SampleRandom random)
    {
        int count = Math.Min(catalog.Categories.Length, random.NextDouble() switch { < 0.35 => 1, < 0.75 => 2, _ => 3 });
        for (int c = 0; c < _categoryWeights.Length; c++)
        {
            double ageFit = catalog.Categories[c].AgeDistance(childAge) switch { 0 => 1.0, 1 => 0.15, _ => 0.02 };
            _categoryWeights[c] = catalog.CategoryPopularity[c] * ageFit;
        }
        var chosen = new int[count];
        for (int i = 0; i < count; i++)
        {
            chosen[i] = random.PickWeighted(_categoryWeights);
            _categoryWeights[chosen[i]] = 0; // no repeats
        }
        return chosen;
    }

    /// <summary>2-5 brands, each met on the shelf of one of the favourite categories.</summary>
    private int[] FavouriteBrands(int[] categories, SampleRandom random)
    {
        int wanted = random.Between(2, 5);
        var brands = new List<int>(wanted);
        var weights = FavouriteCategoryWeights.AsSpan(0, categories.Length);
        for (int attempt = 0; attempt < wanted * 4 && brands.Count < wanted; attempt++)
        {
            int category = categories[random.PickWeighted(weights)];
            int brand = catalog.BrandSeenIn(category, random);
            if (!brands.Contains(brand)) brands.Add(brand);
        }
        return brands.ToArray();
    }

    private int[] FavouriteColours(SampleRandom random)
    {
        int first = random.PickWeighted(_colourWeights);
        if (random.Chance(0.6)) return [first];
        int second = random.PickWeighted(_colourWeights);
        return second == first ? [first] : [first, second];
    }
}
