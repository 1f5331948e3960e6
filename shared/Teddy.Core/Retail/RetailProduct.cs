namespace Teddy.Retail;

/// <summary>
/// One line of a Google Cloud Retail API <c>Product</c> NDJSON file, as parsed: only the fields the
/// recommenders use. Optional lists are empty (never null) when the field is absent.
/// </summary>
public sealed class RetailProduct
{
    public required string Id { get; init; }

    /// <summary>PRIMARY (the default), VARIANT or COLLECTION.</summary>
    public ProductType Type { get; init; }

    /// <summary>primaryProductId: for a variant, the id of the primary product it is a variant of; null when absent or blank.</summary>
    public string? PrimaryProductId { get; init; }

    /// <summary>The 1-based line of the feed this product was read from (0 when not read from a feed).</summary>
    public long LineNumber { get; internal set; }

    public string Title { get; init; } = "";
    public string Description { get; init; } = "";

    /// <summary>Category paths as written, e.g. "Toys &gt; Building".</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<string> Brands { get; init; } = [];

    /// <summary>priceInfo.price; null when absent. Never negative or non-finite (such lines are rejected).</summary>
    public double? Price { get; init; }

    /// <summary>priceInfo.originalPrice: the price before a discount; null when absent.</summary>
    public double? OriginalPrice { get; init; }
    public string? CurrencyCode { get; init; }

    /// <summary>
    /// Unspecified when the field is absent (the API then treats the product as in stock); Unknown when the feed
    /// gives a value the API does not define.
    /// </summary>
    public ProductAvailability Availability { get; init; }

    /// <summary>images[].uri in file order; images without a uri are left out.</summary>
    public IReadOnlyList<string> ImageUris { get; init; } = [];
    public IReadOnlyList<string> Colors { get; init; } = [];
    public IReadOnlyList<string> ColorFamilies { get; init; } = [];

    /// <summary>sizes as written (e.g. "S", "M"), typically on variants.</summary>
    public IReadOnlyList<string> Sizes { get; init; } = [];

    /// <summary>audience.ageGroups as written (the API uses "newborn", "infant", "toddler", "kids", "adult").</summary>
    public IReadOnlyList<string> AgeGroups { get; init; } = [];

    /// <summary>Custom attributes by key (ordinal). Keys repeated in the array form are merged.</summary>
    public IReadOnlyDictionary<string, ProductAttributeValue> Attributes { get; init; } =
        new Dictionary<string, ProductAttributeValue>(StringComparer.Ordinal);

    public string? Uri { get; init; }
}

/// <summary>A custom attribute's values: text and/or numbers (the API allows one kind per key; we keep both).</summary>
public sealed record ProductAttributeValue(IReadOnlyList<string> Text, IReadOnlyList<double> Numbers)
{
    public bool IsEmpty => Text.Count == 0 && Numbers.Count == 0;
}

/// <summary>The Retail API's <c>Product.Type</c>; the numeric values match the API's enum numbers (unspecified reads as primary).</summary>
public enum ProductType
{
    Primary = 1,
    Variant = 2,
    Collection = 3,
}
