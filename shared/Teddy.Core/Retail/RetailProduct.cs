namespace Teddy.Retail;

/// <summary>
/// One line of a Google Cloud Retail API <c>Product</c> NDJSON file, as parsed: only the fields the
/// recommenders use. Optional lists are empty (never null) when the field is absent.
/// </summary>
public sealed class RetailProduct
{
    public required string Id { get; init; }
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

    /// <summary>Unspecified when the field is absent (the API then treats the product as in stock).</summary>
    public ProductAvailability Availability { get; init; }

    /// <summary>images[].uri in file order; images without a uri are left out.</summary>
    public IReadOnlyList<string> ImageUris { get; init; } = [];
    public IReadOnlyList<string> Colors { get; init; } = [];
    public IReadOnlyList<string> ColorFamilies { get; init; } = [];

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
