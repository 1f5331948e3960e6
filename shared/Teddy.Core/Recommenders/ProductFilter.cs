namespace Teddy.Recommenders;

/// <summary>
/// Which products may be recommended for one request: a per-product allow mask (stock, the request's
/// filters) minus a sorted exclusion list (e.g. what the user already has), and optionally a per-brand cap on the
/// candidates a model returns. Models apply it while selecting their top candidates, so a filter never leaves a list
/// short when allowed products remain.
/// </summary>
public sealed class ProductFilter
{
    private readonly bool[]? _allowed;
    private readonly ReadOnlyMemory<int> _excluded;

    /// <param name="allowed">Per product: may it be recommended? Null allows every product.</param>
    /// <param name="excludedSorted">Product indices to leave out, sorted ascending (a user's history is, so it is used in place).</param>
    /// <param name="brandCap">
    /// When set, a model's top-n candidates hold at most <see cref="BrandCap.MaxPerBrand"/> products of one brand
    /// (<see cref="TopProducts"/>), unless too few brands qualify to fill the n; null: no cap.
    /// </param>
    public ProductFilter(bool[]? allowed, ReadOnlyMemory<int> excludedSorted = default, BrandCap? brandCap = null)
    {
        _allowed = allowed;
        _excluded = excludedSorted;
        BrandCap = brandCap;
    }

    public static ProductFilter None { get; } = new(null);

    /// <summary>The per-brand cap on a model's candidates, or null.</summary>
    public BrandCap? BrandCap { get; }

    public bool Allows(int product) =>
        (_allowed is null || _allowed[product]) && (_excluded.IsEmpty || _excluded.Span.BinarySearch(product) < 0);
}

/// <summary>
/// At most <see cref="MaxPerBrand"/> candidates per brand: <see cref="Brands"/>[product] is the product's brand index in
/// [0, <see cref="BrandCount"/>), or negative for a product without a brand (never capped).
/// </summary>
public sealed record BrandCap(int[] Brands, int BrandCount, int MaxPerBrand);
