namespace Teddy.Serving;

/// <summary>Restrictions a request puts on which products may be recommended.</summary>
public sealed record CatalogFilter
{
    /// <summary>A category path or a segment of one (case-insensitive): "Toys" matches "Toys &gt; Puzzles".</summary>
    public string? Category { get; init; }
    /// <summary>Only these brands (case-insensitive); empty means any brand.</summary>
    public IReadOnlyList<string> Brands { get; init; } = [];
    public IReadOnlyList<string> ExcludedBrands { get; init; } = [];
    public double? MinPrice { get; init; }
    public double? MaxPrice { get; init; }
    /// <summary>Only products in stock; null uses the shop's setting.</summary>
    public bool? InStock { get; init; }

    public static CatalogFilter None { get; } = new();

    public bool RestrictsCatalog => Category is not null || Brands.Count > 0 || ExcludedBrands.Count > 0 || MinPrice is not null || MaxPrice is not null;
}

/// <param name="Method">A method key, or null for the promoted model.</param>
/// <param name="Strict">When the filters leave fewer than <paramref name="Count"/> products: true returns fewer,
/// false fills the list from popular products that pass the filters.</param>
public sealed record RecommendationRequest(string UserId, int Count, string? Method, CatalogFilter Filter, bool Strict = false)
{
    /// <summary>
    /// The shopper's events since the model was trained (real-time personalisation, see <see cref="RecentHistory"/>);
    /// null or empty for the trained history alone.
    /// </summary>
    public IReadOnlyList<RecentEvent>? Recent { get; init; }
}

/// <param name="Method">A method key whose own likeness to use, or null for the blend of content similarity and co-occurrence.</param>
public sealed record SimilarRequest(string ProductId, int Count, CatalogFilter Filter, bool Strict = false, string? Method = null);
