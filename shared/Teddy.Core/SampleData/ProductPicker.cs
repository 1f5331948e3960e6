namespace Teddy.SampleData;

/// <summary>
/// Chooses the next product a visitor looks at. This is where hidden preferences become visible
/// behaviour:
/// <list type="bullet">
/// <item>with the visitor's <see cref="ShopperPreferences.Focus"/> (70-85%) the choice is personal: a
/// favourite category (usually the one the session is already in), then a product from that shelf
/// by popularity, accepted with the visitor's affinity for its brand, age fit, colour and price;</item>
/// <item>otherwise it is global popularity (gifts, trends), which is all a popularity baseline knows;</item>
/// <item>now and then the visitor goes back to something seen recently, as people do before buying.</item>
/// </list>
/// Because favourite categories, brands, colours and the child's age persist, the categories and
/// brands of a visitor's later views are predictable from the earlier ones.
/// </summary>
internal sealed class ProductPicker(SampleCatalog catalog)
{
    public const double Revisit = 0.12;
    public const double StayInSessionCategory = 0.7;
    private const int RecentCapacity = 8;
    private const int MaxDraws = 48;

    // Affinity factors, each at most 1 so a draw can be accepted with probability = affinity
    // (rejection sampling from the popularity table keeps every draw O(1) at any catalog size).
    private const double OtherBrand = 0.3;
    private const double NeighbouringAge = 0.3;
    private const double WrongAge = 0.06;
    private const double OtherColour = 0.55;

    private readonly int[] _recent = new int[RecentCapacity];
    private int _recentCount;
    private int _recentNext;

    /// <summary>The favourite category the current session is browsing, or -1.</summary>
    public int SessionCategory { get; set; } = -1;

    public void StartVisitor()
    {
        _recentCount = 0;
        _recentNext = 0;
        SessionCategory = -1;
    }

    /// <summary>Next product index; <paramref name="enteredCategory"/> is true when the visitor
    /// moved to another favourite shelf (a natural moment for a category-page-view).</summary>
    public int Pick(ShopperPreferences visitor, int eventIndex, SampleRandom random, out bool enteredCategory)
    {
        enteredCategory = false;
        int product;
        if (_recentCount > 0 && random.Chance(Revisit))
        {
            product = _recent[random.Next(_recentCount)];
        }
        else if (random.Chance(visitor.Focus))
        {
            int category = SessionCategory >= 0 && random.Chance(StayInSessionCategory)
                ? SessionCategory
                : visitor.DrawCategory(random);
            enteredCategory = category != SessionCategory;
            SessionCategory = category;
            product = PreferredIn(category, visitor, visitor.ChildAgeAt(eventIndex), random);
        }
        else
        {
            product = catalog.Popular.Sample(random);
        }
        Remember(product);
        return product;
    }

    /// <summary>Popularity within the shelf, filtered by taste: draw, accept with the visitor's affinity.</summary>
    public int PreferredIn(int category, ShopperPreferences visitor, AgeGroup childAge, SampleRandom random)
    {
        int best = -1;
        double bestAffinity = -1;
        for (int draw = 0; draw < MaxDraws; draw++)
        {
            int candidate = catalog.PopularProductIn(category, random);
            double affinity = Affinity(catalog.Products[candidate], visitor, childAge);
            if (random.NextDouble() < affinity) return candidate;
            if (affinity > bestAffinity) (best, bestAffinity) = (candidate, affinity);
        }
        return best;
    }

    public static double Affinity(CatalogProduct product, ShopperPreferences visitor, AgeGroup childAge)
    {
        double affinity = visitor.LovesBrand(product.Brand) ? 1 : OtherBrand;
        affinity *= product.AgeDistance(childAge) switch { 0 => 1, 1 => NeighbouringAge, _ => WrongAge };
        if (!visitor.LovesAnyColour(product.Colours)) affinity *= OtherColour;
        // Bargain hunters go for sale items first, then anything below the shelf's median price.
        double s = visitor.PriceSensitivity;
        affinity *= product.Discounted ? 1 : product.Cheap ? 1 - 0.35 * s : 1 - 0.75 * s;
        return affinity;
    }

    private void Remember(int product)
    {
        for (int i = 0; i < _recentCount; i++)
            if (_recent[i] == product) return;
        _recent[_recentNext] = product;
        _recentNext = (_recentNext + 1) % RecentCapacity;
        if (_recentCount < RecentCapacity) _recentCount++;
    }
}
