using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Teddy.Catalog;

namespace Teddy.Serving;

/// <summary>A filter value and how many of the serving catalog's products (primaries) carry it.</summary>
public sealed record FacetValue(
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("products")] int Products);

/// <summary>The price range of the products that have a price (null bounds when none has).</summary>
public sealed record PriceRange(
    [property: JsonPropertyName("min")] double? Min,
    [property: JsonPropertyName("max")] double? Max,
    [property: JsonPropertyName("products")] int Products);

/// <summary>
/// What a shop front can filter recommendations by, from the serving model's catalog: every category path, every
/// top-level category (the <c>category</c> filter takes either), every brand, the price range and the products in
/// stock. Built once per serving model (the catalog never changes under a model) and shared.
/// </summary>
public sealed record CatalogFacets(
    [property: JsonPropertyName("model_version")] string ModelVersion,
    [property: JsonPropertyName("products")] int Products,
    [property: JsonPropertyName("in_stock")] int InStock,
    [property: JsonPropertyName("categories")] IReadOnlyList<FacetValue> Categories,
    [property: JsonPropertyName("top_level_categories")] IReadOnlyList<FacetValue> TopLevelCategories,
    [property: JsonPropertyName("brands")] IReadOnlyList<FacetValue> Brands,
    [property: JsonPropertyName("price")] PriceRange Price)
{
    private static readonly ConditionalWeakTable<ServingModel, CatalogFacets> Cache = new();

    /// <summary>The facets of <paramref name="model"/>'s catalog (computed on first use, then cached with the model).</summary>
    public static CatalogFacets Of(ServingModel model) => Cache.GetValue(model, Build);

    private static CatalogFacets Build(ServingModel model)
    {
        var c = model.Model.Catalog;
        var categories = new int[c.CategoryPaths.Length];
        var brands = new int[c.BrandNames.Length];
        var topLevel = new Dictionary<string, int>(StringComparer.Ordinal);
        int inStock = 0, priced = 0;
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        for (int p = 0; p < c.Count; p++)
        {
            if (c.Category[p] >= 0) categories[c.Category[p]]++;
            if (c.Brand[p] >= 0) brands[c.Brand[p]]++;
            if (model.IsInStock(p)) inStock++;
            if (!float.IsNaN(c.Price[p]))
            {
                priced++;
                min = Math.Min(min, c.Price[p]);
                max = Math.Max(max, c.Price[p]);
            }
        }
        for (int k = 0; k < categories.Length; k++)
        {
            if (categories[k] == 0) continue;
            string top = TopLevel(c.CategoryPaths[k]);
            topLevel[top] = topLevel.GetValueOrDefault(top) + categories[k];
        }
        return new CatalogFacets(model.Version, c.Count, inStock,
            Values(c.CategoryPaths, categories), topLevel.Where(t => t.Key.Length > 0).Select(t => new FacetValue(t.Key, t.Value))
                .OrderBy(v => v.Value, StringComparer.OrdinalIgnoreCase).ToArray(),
            Values(c.BrandNames, brands),
            priced > 0 ? new PriceRange(Math.Round(min, 2), Math.Round(max, 2), priced) : new PriceRange(null, null, 0));
    }

    /// <summary>The first segment of a category path ("Toys" of "Toys &gt; Puzzles").</summary>
    public static string TopLevel(string path)
    {
        int separator = path.IndexOf('>');
        return (separator < 0 ? path : path[..separator]).Trim();
    }

    private static FacetValue[] Values(string[] names, int[] counts) =>
        Enumerable.Range(0, names.Length).Where(i => counts[i] > 0 && names[i].Length > 0)
            .Select(i => new FacetValue(names[i], counts[i]))
            .OrderBy(v => v.Value, StringComparer.OrdinalIgnoreCase).ThenBy(v => v.Value, StringComparer.Ordinal).ToArray();
}
