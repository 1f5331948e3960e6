namespace Teddy.Recommenders;

/// <summary>
/// Which products may be recommended for one request: a per-product allow mask (stock, the request's
/// filters) minus a sorted exclusion list (e.g. what the user already has). Models apply it while selecting
/// their top candidates, so a filter never leaves a list short when allowed products remain.
/// </summary>
public sealed class ProductFilter
{
    private readonly bool[]? _allowed;
    private readonly ReadOnlyMemory<int> _excluded;

    /// <param name="allowed">Per product: may it be recommended? Null allows every product.</param>
    /// <param name="excludedSorted">Product indices to leave out, sorted ascending (a user's history is, so it is used in place).</param>
    public ProductFilter(bool[]? allowed, ReadOnlyMemory<int> excludedSorted = default)
    {
        _allowed = allowed;
        _excluded = excludedSorted;
    }

    public static ProductFilter None { get; } = new(null);

    public bool Allows(int product) =>
        (_allowed is null || _allowed[product]) && (_excluded.IsEmpty || _excluded.Span.BinarySearch(product) < 0);
}
