using Teddy.Catalog;
using Teddy.Recommenders;

namespace Teddy.Serving;

/// <summary>
/// Turns a request's <see cref="CatalogFilter"/> into a per-product allow mask. The masks for "no filter"
/// (in stock or not) are built once per model; a filtered request builds its own (one pass over the catalog).
/// </summary>
public sealed class CatalogFilters
{
    private readonly ModelCatalog _catalog;
    private readonly bool[] _inStock;
    private readonly bool[] _any;

    /// <param name="unknownAvailabilityInStock">Whether a product whose feed availability is not a Retail API value
    /// counts as in stock (the API's default for a product without one) or not.</param>
    public CatalogFilters(ModelCatalog catalog, bool unknownAvailabilityInStock = true)
    {
        _catalog = catalog;
        _inStock = unknownAvailabilityInStock || catalog.Availability is null
            ? catalog.InStock
            : Enumerable.Range(0, catalog.Count).Select(p => catalog.InStock[p] && !catalog.IsAvailabilityUnknown(p)).ToArray();
        _any = Enumerable.Repeat(true, catalog.Count).ToArray();
    }

    /// <summary>Whether the product counts as in stock (the feed's availability under this model's settings).</summary>
    public bool IsInStock(int product) => _inStock[product];

    /// <summary>Whether the mask is one of this model's own (a request without catalog filters), not built for one request.</summary>
    public bool IsShared(bool[] mask) => ReferenceEquals(mask, _inStock) || ReferenceEquals(mask, _any);

    public bool[] AllowMask(CatalogFilter filter, bool inStockByDefault)
    {
        bool inStock = filter.InStock ?? inStockByDefault;
        if (!filter.RestrictsCatalog) return inStock ? _inStock : _any;

        var categoryAllowed = filter.Category is { } category
            ? _catalog.CategoryPaths.Select(path => CategoryMatches(path, category)).ToArray()
            : null;
        var brands = BrandSet(filter.Brands);
        var excluded = BrandSet(filter.ExcludedBrands);

        var mask = new bool[_catalog.Count];
        for (int p = 0; p < mask.Length; p++)
        {
            if (inStock && !_inStock[p]) continue;
            int c = _catalog.Category[p];
            if (categoryAllowed is not null && (c < 0 || !categoryAllowed[c])) continue;
            int b = _catalog.Brand[p];
            if (brands is not null && (b < 0 || !brands.Contains(b))) continue;
            if (excluded is not null && b >= 0 && excluded.Contains(b)) continue;
            float price = _catalog.Price[p];
            if (filter.MinPrice is { } min && !(price >= min)) continue; // NaN (no price) fails any price filter
            if (filter.MaxPrice is { } max && !(price <= max)) continue;
            mask[p] = true;
        }
        return mask;
    }

    /// <summary>"Toys" matches "Toys", "Toys &gt; Puzzles" and "Baby &gt; Toys"; matching is by whole path segments.</summary>
    public static bool CategoryMatches(string path, string wanted)
    {
        wanted = wanted.Trim();
        if (path.Equals(wanted, StringComparison.OrdinalIgnoreCase)) return true;
        if (path.StartsWith(wanted + " >", StringComparison.OrdinalIgnoreCase)) return true;
        return path.Split('>', StringSplitOptions.TrimEntries).Any(segment => segment.Equals(wanted, StringComparison.OrdinalIgnoreCase));
    }

    private HashSet<int>? BrandSet(IReadOnlyList<string> names)
    {
        if (names.Count == 0) return null;
        var wanted = new HashSet<string>(names.Select(n => n.Trim()), StringComparer.OrdinalIgnoreCase);
        var set = new HashSet<int>();
        for (int b = 0; b < _catalog.BrandNames.Length; b++)
            if (wanted.Contains(_catalog.BrandNames[b])) set.Add(b);
        return set;
    }
}
