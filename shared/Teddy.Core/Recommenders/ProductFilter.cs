namespace Teddy.Recommenders;

/// <summary>
/// Which products may be recommended for one request: a per-product allow mask (stock, the request's
/// filters) minus a sorted exclusion list (e.g. what the user already has), and optionally a per-brand and a per-category
/// cap on the candidates a model returns. Models apply it while selecting their top candidates, so a filter never leaves a list
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
    /// <param name="categoryCap">
    /// When set, a model's top-n candidates hold at most <see cref="CategoryCap.PerList"/>(n) products of one category,
    /// unless too few categories qualify to fill the n (this cap yields before the brand cap); null: no cap.
    /// </param>
    public ProductFilter(bool[]? allowed, ReadOnlyMemory<int> excludedSorted = default, BrandCap? brandCap = null, CategoryCap? categoryCap = null)
    {
        _allowed = allowed;
        _excluded = excludedSorted;
        BrandCap = brandCap;
        CategoryCap = categoryCap;
    }

    public static ProductFilter None { get; } = new(null);

    /// <summary>The per-brand cap on a model's candidates, or null.</summary>
    public BrandCap? BrandCap { get; }

    /// <summary>The per-category cap on a model's candidates, or null.</summary>
    public CategoryCap? CategoryCap { get; }

    /// <summary>Whether a cap applies to the candidates.</summary>
    public bool IsCapped => BrandCap is not null || CategoryCap is not null;

    public bool Allows(int product) =>
        (_allowed is null || _allowed[product]) && (_excluded.IsEmpty || _excluded.Span.BinarySearch(product) < 0);
}

/// <summary>
/// At most <see cref="MaxPerBrand"/> candidates per brand: <see cref="Brands"/>[product] is the product's brand index in
/// [0, <see cref="BrandCount"/>), or negative for a product without a brand (never capped).
/// </summary>
public sealed record BrandCap(int[] Brands, int BrandCount, int MaxPerBrand);

/// <summary>
/// At most a share of a list per category: <see cref="Categories"/>[product] is the product's category index in
/// [0, <see cref="CategoryCount"/>), or negative for a product without a category (never capped); a list of n holds at most
/// <see cref="PerList"/>(n) = ⌈<see cref="MaxShare"/> × n⌉ products of one category (at least 1).
/// </summary>
/// <param name="MaxShare">In (0, 1]; 1 never limits a list.</param>
public sealed record CategoryCap(int[] Categories, int CategoryCount, double MaxShare)
{
    /// <summary>The most products of one category in a list of <paramref name="count"/>: ⌈share × count⌉, in [1, count].</summary>
    public int PerList(int count) => PerList(MaxShare, count);

    /// <summary>⌈<paramref name="share"/> × <paramref name="count"/>⌉ in [1, count] (a hair below an integer product rounds to it, so 0.3 × 10 is 3).</summary>
    public static int PerList(double share, int count) => Math.Clamp((int)Math.Ceiling(share * count - 1e-9), 1, Math.Max(1, count));
}
