using System.Text.Json.Serialization;
using Teddy.Serving;

namespace Teddy.Evaluation;

/// <summary>
/// The highest coverage score the coverage protocol can give on this catalog, whatever the model: the yardstick the
/// selection floor is relative to, so the floor means the same on a brandless catalog, the demo shop and a shop with
/// more brands than one protocol run can show.
/// <para>
/// Formula: a run shows at most <c>P = min(U × k, N)</c> distinct products — U protocol users, each served one list
/// of k (a shopper's list is deterministic, so the protocol's repeated requests show the same products again), and N
/// showable products (in stock when the shop shows only stock). The brand cap does not lower P: the ranking pipeline
/// lets it yield when honouring it would leave a list short. Each product carries one brand and one category, so
/// <c>max brand coverage = min(B_s, P) / B</c> and <c>max category coverage = min(C_s, P) / C</c>, where B and C are
/// the brands and categories the catalog has (the protocol's denominators) and B_s, C_s those with a showable
/// product; and <c>attainable = 0.7 × max brand coverage + 0.3 × max category coverage</c>. A component whose
/// catalog has none (B = 0 or C = 0) is 0 in every model's score and in the attainable maximum alike, so it counts
/// against no one. It is an upper bound (both maxima at once need products that spread over brands and categories
/// together), exact on the demo shop and on the hand-built shops of the tests.
/// </para>
/// </summary>
/// <param name="Users">U: the protocol's users (its lists).</param>
/// <param name="ItemsPerList">k: products per list.</param>
/// <param name="ShowableProducts">N: products a list may show (in stock when only stock is shown).</param>
/// <param name="Picks">P = min(U × k, N).</param>
/// <param name="Brands">B: distinct brands in the catalog (the protocol's brand denominator).</param>
/// <param name="ShowableBrands">B_s: brands with a showable product.</param>
/// <param name="Categories">C: distinct primary categories in the catalog.</param>
/// <param name="ShowableCategories">C_s: categories with a showable product.</param>
/// <param name="MaxBrandCoverage">min(B_s, P) / B in [0, 1]; 0 when B = 0.</param>
/// <param name="MaxCategoryCoverage">min(C_s, P) / C in [0, 1]; 0 when C = 0.</param>
/// <param name="MaxScore">The attainable coverage score in [0, 1].</param>
public sealed record AttainableCoverage(
    [property: JsonPropertyName("users")] int Users,
    [property: JsonPropertyName("items_per_list")] int ItemsPerList,
    [property: JsonPropertyName("showable_products")] int ShowableProducts,
    [property: JsonPropertyName("picks")] int Picks,
    [property: JsonPropertyName("brands")] int Brands,
    [property: JsonPropertyName("showable_brands")] int ShowableBrands,
    [property: JsonPropertyName("categories")] int Categories,
    [property: JsonPropertyName("showable_categories")] int ShowableCategories,
    [property: JsonPropertyName("max_brand_coverage")] double MaxBrandCoverage,
    [property: JsonPropertyName("max_category_coverage")] double MaxCategoryCoverage,
    [property: JsonPropertyName("max_coverage_score")] double MaxScore)
{
    /// <summary>The formula, as the report states it.</summary>
    [JsonPropertyName("formula")]
    public string Formula => "attainable = 0.7 × min(showable_brands, picks) / brands + 0.3 × min(showable_categories, picks) / categories "
        + "(a term is 0 when the catalog has none), picks = min(users × items_per_list, showable_products)";

    /// <summary>The attainable maximum from counts (see the type's formula).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative, or a showable count exceeds its total.</exception>
    public static AttainableCoverage From(int users, int itemsPerList, int showableProducts, int brands, int showableBrands,
        int categories, int showableCategories)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(users);
        ArgumentOutOfRangeException.ThrowIfNegative(itemsPerList);
        ArgumentOutOfRangeException.ThrowIfNegative(showableProducts);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(showableBrands, brands);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(showableCategories, categories);
        ArgumentOutOfRangeException.ThrowIfNegative(showableBrands);
        ArgumentOutOfRangeException.ThrowIfNegative(showableCategories);
        int picks = (int)Math.Min((long)users * itemsPerList, showableProducts);
        double brand = brands == 0 ? 0 : (double)Math.Min(showableBrands, picks) / brands;
        double category = categories == 0 ? 0 : (double)Math.Min(showableCategories, picks) / categories;
        double score = CoverageProtocol.BrandWeight * brand + CoverageProtocol.CategoryWeight * category;
        return new AttainableCoverage(users, itemsPerList, showableProducts, picks, brands, showableBrands, categories, showableCategories,
            Math.Round(brand, 6), Math.Round(category, 6), Math.Round(score, 6));
    }

    /// <summary>
    /// The attainable maximum of a protocol run on this serving model with these users and list size: the products it
    /// may show are those in stock by its settings (all of them when the shop shows out-of-stock products too).
    /// </summary>
    public static AttainableCoverage Of(ServingModel model, int users, int itemsPerList = CoverageProtocol.Items)
    {
        var catalog = model.Model.Catalog;
        bool stockOnly = model.Pipeline.Options.InStockOnly;
        var brands = new HashSet<int>();
        var categories = new HashSet<int>();
        int showable = 0;
        for (int p = 0; p < catalog.Count; p++)
        {
            if (stockOnly && !model.IsInStock(p)) continue;
            showable++;
            if (catalog.Brand[p] >= 0) brands.Add(catalog.Brand[p]);
            if (catalog.Category[p] >= 0) categories.Add(catalog.Category[p]);
        }
        return From(users, itemsPerList, showable, catalog.BrandNames.Length, brands.Count, catalog.CategoryPaths.Length, categories.Count);
    }
}
