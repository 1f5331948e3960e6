namespace Teddy.Recommenders;

/// <summary>
/// Which products may be recommended for one request: a per-product allow mask (stock, the request's
/// filters) minus a sorted exclusion list (e.g. what the user already has). Models apply it while selecting
/// their top candidates, so a filter never leaves a list short when allowed products remain.
/// </summary>
public sealed class ProductFilter
{
    private readonly bool[]? _allowed;
    private readonly int[] _excluded;

    /// <param name="allowed">Per product: may it be recommended? Null allows every product.</param>
    /// <param name="excludedSorted">Product indices to leave out, sorted ascending.</param>
    public ProductFilter(bool[]? allowed, int[]? excludedSorted = null)
    {
        _allowed = allowed;
        _excluded = excludedSorted ?? [];
    }

    public static ProductFilter None { get; } = new(null);

    public bool Allows(int product) =>
        (_allowed is null || _allowed[product]) && (_excluded.Length == 0 || Array.BinarySearch(_excluded, product) < 0);

    public ProductFilter Excluding(ReadOnlySpan<int> productsSorted)
    {
        if (productsSorted.IsEmpty) return this;
        if (_excluded.Length == 0) return new ProductFilter(_allowed, productsSorted.ToArray());
        var merged = _excluded.Concat(productsSorted.ToArray()).Distinct().Order().ToArray();
        return new ProductFilter(_allowed, merged);
    }
}
