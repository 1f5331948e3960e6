using System.Runtime.CompilerServices;
using System.Text;

namespace Teddy.Retail;

/// <summary>
/// A product as the recommenders see it: the parsed feed fields reduced to what features and business
/// rules use (primary brand and category, matching-ready colours and age groups, stock, discount, completeness).
/// </summary>
public sealed class CatalogProduct
{
    public required string Id { get; init; }

    /// <summary>A variant (type VARIANT): served, learned and shown as part of its primary product.</summary>
    public bool IsVariant { get; init; }

    /// <summary>For a variant, the primary product's id from the feed (null when the feed gives none).</summary>
    public string? PrimaryProductId { get; init; }

    /// <summary>The 1-based feed line (0 when not read from a feed).</summary>
    public long LineNumber { get; init; }

    /// <summary>The title as the feed gives it; "" when none (see <see cref="DisplayTitle"/>).</summary>
    public string Title { get; init; } = "";

    /// <summary>
    /// What to show as the product's name: its title, or when it has none a readable fallback — its brand and the
    /// last segment of its category ("Hape Puzzles"), else "Product &lt;id&gt;" — so a list never shows an empty title.
    /// </summary>
    public string DisplayTitle => Title.Length > 0 ? Title : FallbackTitle(Id, PrimaryBrand, PrimaryCategory);

    public static string FallbackTitle(string id, string brand, string category)
    {
        string leaf = category.Length == 0 ? "" : category[(category.LastIndexOf('>') + 1)..].Trim();
        string name = $"{brand} {leaf}".Trim();
        return name.Length > 0 ? name : $"Product {id}";
    }
    public string Description { get; init; } = "";

    /// <summary>First non-blank brand, trimmed; "" when the product has none.</summary>
    public string PrimaryBrand { get; init; } = "";

    /// <summary>All non-blank brands, trimmed, in feed order.</summary>
    public IReadOnlyList<string> Brands { get; init; } = [];

    /// <summary>First category path, e.g. "Toys &gt; Building"; "" when none.</summary>
    public string PrimaryCategory { get; init; } = "";
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>audience.ageGroups, lower-case, distinct, in feed order.</summary>
    public IReadOnlyList<string> AgeGroups { get; init; } = [];

    /// <summary>Colours for matching: colorInfo.colors, or colorFamilies when there are no colors; lower-case, distinct.</summary>
    public IReadOnlyList<string> Colors { get; init; } = [];

    /// <summary>The same colours as first written in the feed, parallel to <see cref="Colors"/>, for display.</summary>
    public IReadOnlyList<string> ColorDisplayNames { get; init; } = [];

    /// <summary>sizes, trimmed, non-blank, in feed order.</summary>
    public IReadOnlyList<string> Sizes { get; init; } = [];

    public double? Price { get; init; }
    public double? OriginalPrice { get; init; }
    public string? CurrencyCode { get; init; }

    /// <summary>(original − price) / original × 100, rounded to 2 decimals, when original &gt; price ≥ 0; else 0.</summary>
    public double DiscountPercent { get; init; }

    public ProductAvailability Availability { get; init; }

    /// <summary>IN_STOCK or unspecified (the API's default) → true; OUT_OF_STOCK, PREORDER, BACKORDER → false.</summary>
    public bool InStock { get; init; }

    /// <summary>The first image uri, or null. Google's sample points 32 products at a "noimage.jpg" placeholder; it is kept as is.</summary>
    public string? ImageUrl { get; init; }
    public string? Uri { get; init; }
    public IReadOnlyDictionary<string, ProductAttributeValue> Attributes { get; init; } =
        new Dictionary<string, ProductAttributeValue>(StringComparer.Ordinal);

    /// <summary>Fraction in [0, 1] of <see cref="CompletenessFields"/> that are present.</summary>
    public double Completeness { get; init; }

    /// <summary>
    /// What the completeness score counts, each with equal weight: title, description, category, brand, price
    /// (a price of 0 is present), image, colours, age groups, attributes (at least one with a value).
    /// </summary>
    public static IReadOnlyList<string> CompletenessFields { get; } =
        ["title", "description", "category", "brand", "price", "image", "colors", "age_groups", "attributes"];

    /// <summary>
    /// The text TF-IDF indexes: title, description, categories, brands, age groups and colours (display form),
    /// in that order, joined by single spaces, empty parts skipped.
    /// </summary>
    public string ContentText()
    {
        var text = new StringBuilder(Title.Length + Description.Length + 64);
        Append(text, Title);
        Append(text, Description);
        foreach (string part in Categories) Append(text, part);
        foreach (string part in Brands) Append(text, part);
        foreach (string part in AgeGroups) Append(text, part);
        foreach (string part in ColorDisplayNames) Append(text, part);
        return text.ToString();
    }

    private static void Append(StringBuilder text, string part)
    {
        if (string.IsNullOrWhiteSpace(part)) return;
        if (text.Length > 0) text.Append(' ');
        text.Append(part);
    }

    public override string ToString() => $"{Id} {Title}";

    public static CatalogProduct From(RetailProduct product) => From(product, vocabulary: null);

    /// <param name="vocabulary">When given, lower-cased colours and age groups are shared across the catalog.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static CatalogProduct From(RetailProduct product, StringPool? vocabulary)
    {
        ArgumentNullException.ThrowIfNull(product);
        var brands = NonBlankTrimmed(product.Brands);
        var categories = NonBlankTrimmed(product.Categories);
        var (colors, colorDisplayNames) = DistinctLowerCase(product.Colors.Count > 0 ? product.Colors : product.ColorFamilies, vocabulary);
        var (ageGroups, _) = DistinctLowerCase(product.AgeGroups, vocabulary);
        string? image = FirstNonBlank(product.ImageUris);
        bool hasAttributes = false;
        foreach (var value in product.Attributes.Values) hasAttributes |= !value.IsEmpty;

        int present = Count(product.Title.Length > 0) + Count(product.Description.Length > 0) + Count(categories.Count > 0)
            + Count(brands.Count > 0) + Count(product.Price is not null) + Count(image is not null) + Count(colors.Count > 0)
            + Count(ageGroups.Count > 0) + Count(hasAttributes);

        return new CatalogProduct
        {
            Id = product.Id,
            IsVariant = product.Type == ProductType.Variant,
            PrimaryProductId = product.Type == ProductType.Variant ? product.PrimaryProductId : null,
            LineNumber = product.LineNumber,
            Sizes = NonBlankTrimmed(product.Sizes),
            Title = product.Title,
            Description = product.Description,
            PrimaryBrand = brands.Count > 0 ? brands[0] : "",
            Brands = brands,
            PrimaryCategory = categories.Count > 0 ? categories[0] : "",
            Categories = categories,
            AgeGroups = ageGroups,
            Colors = colors,
            ColorDisplayNames = colorDisplayNames,
            Price = product.Price,
            OriginalPrice = product.OriginalPrice,
            CurrencyCode = product.CurrencyCode,
            DiscountPercent = DiscountPercentOf(product.Price, product.OriginalPrice),
            Availability = product.Availability,
            InStock = product.Availability.IsInStock(),
            ImageUrl = image,
            Uri = product.Uri,
            Attributes = product.Attributes,
            Completeness = (double)present / CompletenessFields.Count,
        };
    }

    public static double DiscountPercentOf(double? price, double? originalPrice) =>
        price is { } p && originalPrice is { } o && o > p && p >= 0
            ? Math.Round((o - p) / o * 100, 2, MidpointRounding.AwayFromZero)
            : 0;

    private static int Count(bool present) => present ? 1 : 0;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? FirstNonBlank(IReadOnlyList<string> values)
    {
        foreach (string value in values)
            if (!string.IsNullOrWhiteSpace(value)) return value;
        return null;
    }

    /// <summary>The list itself when already clean (the readers' lists always are); a cleaned copy otherwise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static IReadOnlyList<string> NonBlankTrimmed(IReadOnlyList<string> values)
    {
        bool clean = true;
        foreach (string value in values) clean &= value.Length > 0 && value.Length == value.AsSpan().Trim().Length;
        if (clean) return values;
        var cleaned = new List<string>(values.Count);
        foreach (string value in values)
            if (value.Trim() is { Length: > 0 } trimmed) cleaned.Add(trimmed);
        return cleaned.ToArray();
    }

    /// <summary>Distinct by lower-case; the display form is the first spelling seen.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (IReadOnlyList<string> LowerCase, IReadOnlyList<string> Display) DistinctLowerCase(IReadOnlyList<string> values, StringPool? vocabulary)
    {
        if (values.Count == 0) return ([], []);
        var lower = new List<string>(values.Count);
        var display = new List<string>(values.Count);
        Span<char> buffer = stackalloc char[128];
        foreach (string value in values)
        {
            var trimmed = value.AsSpan().Trim();
            if (trimmed.IsEmpty) continue;
            string key;
            if (vocabulary is not null && trimmed.Length <= buffer.Length)
            {
                int length = trimmed.ToLowerInvariant(buffer);
                key = vocabulary.Intern(buffer[..length], out _);
            }
            else key = trimmed.ToString().ToLowerInvariant();
            if (lower.Contains(key)) continue; // a handful of values: a list beats a set
            lower.Add(key);
            display.Add(trimmed.Length == value.Length ? value : trimmed.ToString());
        }
        return (lower.ToArray(), display.ToArray());
    }
}
