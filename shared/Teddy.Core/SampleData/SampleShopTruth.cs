namespace Teddy.SampleData;

/// <summary>How simulated shoppers choose what to look at (see <see cref="SampleShopTruth.NextViewProbability"/>).</summary>
public enum ShopperMode
{
    /// <summary>
    /// The generator's own rule (<c>ProductPicker</c>): with the visitor's focus (70–85%) a favourite category, then a
    /// product of that shelf by popularity accepted with the visitor's affinity (brand, age, colour, price); otherwise
    /// global popularity. What the generated events were drawn from.
    /// </summary>
    Generator,

    /// <summary>
    /// Shoppers who follow their described tastes and ignore what is popular: a favourite category (by its weight),
    /// then any product of that shelf in proportion to the visitor's affinity for it alone.
    /// </summary>
    Taste,
}

/// <summary>
/// The generated shop's hidden truth, rebuilt deterministically from the same <see cref="SampleShopOptions"/> (the
/// same seed gives the same visitors and products as the files): each visitor's secret preferences and, from them, how
/// likely a visitor is to look at a product next. None of it comes from Teddy's models — it is what the generator
/// draws behaviour from — so a click simulator built on it measures Teddy against the truth, not against itself.
/// Product indices are the generator's (product id − 10001, the order of the catalog file); map by id.
/// </summary>
public sealed class SampleShopTruth
{
    private readonly SampleCatalog _shop;
    private readonly ShopperPreferences[] _visitors;
    private readonly double _totalPopularity;
    private readonly double[] _visitorActivity;
    // Per visitor, per favourite category: Σ popularity × affinity and Σ affinity over the shelf (lazily).
    private readonly (double Popular, double Taste)[]?[] _shelfNorms;

    private SampleShopTruth(SampleCatalog shop, ShopperPreferences[] visitors)
    {
        _shop = shop;
        _visitors = visitors;
        _totalPopularity = shop.Products.Sum(p => p.Popularity);
        _visitorActivity = visitors.Select(v => (double)v.EventBudget).ToArray();
        _shelfNorms = new (double, double)[]?[visitors.Length];
    }

    /// <summary>Rebuilds the truth of the shop <paramref name="options"/> generate (the catalog and every visitor's preferences).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The options cannot produce a shop (see <see cref="SampleShopOptions.Validate"/>).</exception>
    public static SampleShopTruth Build(SampleShopOptions options)
    {
        options.Validate();
        var shop = CatalogBuilder.Build(options);
        int[] budgets = ActivityPlanner.Plan(options);
        var builder = new ShopperPreferencesBuilder(shop);
        var visitors = new ShopperPreferences[options.Visitors];
        // As the generator does: one random stream per visitor, preferences drawn first (so the rest of it is not needed).
        for (int v = 0; v < visitors.Length; v++)
            visitors[v] = builder.Draw(v, budgets[v], SampleRandom.For(options.Seed, RandomStream.Visitor, v));
        return new SampleShopTruth(shop, visitors);
    }

    public int Visitors => _visitors.Length;
    public int Products => _shop.Products.Length;

    /// <summary>The id Teddy knows the visitor by: their user id when logged in, else their visitor id (as ingestion keys users).</summary>
    public string ShopperId(int visitor) => _visitors[visitor].UserId ?? _visitors[visitor].VisitorId;

    /// <summary>How many events the visitor produced in the generated period (their activity, ≥ 1).</summary>
    public int Activity(int visitor) => _visitors[visitor].EventBudget;

    /// <summary>Every visitor's activity, by visitor index (for drawing visitors as often as they are active).</summary>
    public ReadOnlySpan<double> Activities => _visitorActivity;

    public string ProductId(int product) => _shop.Products[product].Id;

    public string BrandName(int product) => _shop.Brands[_shop.Products[product].Brand].Name;

    /// <summary>The product's brand index in the generator (0 … brands − 1).</summary>
    public int BrandOf(int product) => _shop.Products[product].Brand;

    public int Brands => _shop.Brands.Length;

    /// <summary>Whether the brand is one of the visitor's secret favourites.</summary>
    public bool LovesBrand(int visitor, int product) => _visitors[visitor].LovesBrand(_shop.Products[product].Brand);

    /// <summary>
    /// The probability that the visitor's next product view (a new one, not a revisit) is <paramref name="product"/>, in
    /// [0, 1]; over all products it sums to 1 (up to the generator's 48-draw acceptance cap, which this ignores). The child
    /// is as old as at the end of the generated period.
    /// </summary>
    public double NextViewProbability(int visitor, int product, ShopperMode mode)
    {
        var v = _visitors[visitor];
        var p = _shop.Products[product];
        var norms = ShelfNorms(visitor);
        double weights = 0;
        foreach (double w in v.CategoryWeights) weights += w;
        int at = Array.IndexOf(v.FavouriteCategories, p.Category);
        double affinity = at < 0 ? 0 : ProductPicker.Affinity(p, v, FinalAge(v));
        double onShelf = at < 0 ? 0 : v.CategoryWeights[at] / weights;
        return mode switch
        {
            ShopperMode.Generator => v.Focus * onShelf * (norms[Math.Max(at, 0)].Popular > 0 ? p.Popularity * affinity / norms[Math.Max(at, 0)].Popular : 0)
                                     + (1 - v.Focus) * p.Popularity / _totalPopularity,
            _ => onShelf * (norms[Math.Max(at, 0)].Taste > 0 ? affinity / norms[Math.Max(at, 0)].Taste : 0),
        };
    }

    private static AgeGroup FinalAge(ShopperPreferences v) => v.ChildAgeAt(v.EventBudget);

    private (double Popular, double Taste)[] ShelfNorms(int visitor)
    {
        if (_shelfNorms[visitor] is { } known) return known;
        var v = _visitors[visitor];
        var age = FinalAge(v);
        var norms = new (double, double)[v.FavouriteCategories.Length];
        for (int c = 0; c < norms.Length; c++)
        {
            double popular = 0, taste = 0;
            foreach (int product in _shop.ProductsInCategory[v.FavouriteCategories[c]])
            {
                var p = _shop.Products[product];
                double affinity = ProductPicker.Affinity(p, v, age);
                popular += p.Popularity * affinity;
                taste += affinity;
            }
            norms[c] = (popular, taste);
        }
        _shelfNorms[visitor] = norms;
        return norms;
    }
}
