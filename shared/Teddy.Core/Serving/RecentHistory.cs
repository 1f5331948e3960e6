using Teddy.Catalog;
using Teddy.Recommenders;
using Teddy.Retail;

namespace Teddy.Serving;

/// <summary>
/// One of a shopper's events since the serving model was trained, as real-time personalisation uses it: its type,
/// the product ids it names (as sent: variants and unknown products are resolved against the model when used), the
/// type's interaction weight (<c>Teddy:Events:Weights</c>), and when Teddy received it (UTC).
/// </summary>
public readonly record struct RecentEvent(string EventType, IReadOnlyList<string> ProductIds, double Weight, DateTimeOffset ReceivedAt)
{
    /// <summary>The event's id (<c>UserEventIds</c>), so an event seen twice is folded in once; null when unknown.</summary>
    public string? EventId { get; init; }
}

/// <summary>
/// Folds a shopper's recent events into the history the model was trained with, as a retrain would (see
/// <c>InteractionAggregator</c>): each event adds its type's weight once per distinct product it names, a variant
/// counts for its primary, products the model does not know are left out, and a (user, product) whose summed weight
/// is not above 0 is no interaction. The result is a per-request <see cref="UserHistory"/>: content profiles,
/// item-kNN neighbours, the SVD fold-in and the shop rules' traits all read it, so the new products shape the list
/// without a retrain. Products bought in the recent events (<see cref="RetailEventTypes.PurchaseComplete"/>) are
/// returned separately, so they are never recommended whatever <c>ExcludeInteracted</c> says.
/// </summary>
public static class RecentHistory
{
    /// <summary>
    /// The merged history (<see cref="UserHistory.RecentEvents"/> = the events used: those with a non-zero weight
    /// naming at least one product of the model's catalog), or <paramref name="trained"/> itself when none is used.
    /// </summary>
    /// <param name="justBought">Product indices bought in the recent events, sorted ascending (empty when none).</param>
    public static UserHistory Merge(in UserHistory trained, IReadOnlyList<RecentEvent> recent, ModelCatalog catalog, out int[] justBought)
    {
        justBought = [];
        if (recent.Count == 0) return trained;

        Dictionary<int, double>? weights = null;
        List<int>? bought = null;
        Span<int> distinct = stackalloc int[16];
        int used = 0;
        foreach (var e in recent)
        {
            if (e.Weight == 0 || !double.IsFinite(e.Weight)) continue;
            int count = 0;
            var products = e.ProductIds.Count <= distinct.Length ? distinct : new int[e.ProductIds.Count];
            foreach (string id in e.ProductIds)
            {
                if (!catalog.TryResolve(id, out int product, out _) || products[..count].Contains(product)) continue;
                products[count++] = product;
            }
            if (count == 0) continue;
            used++;
            weights ??= Seed(trained);
            foreach (int product in products[..count])
            {
                weights[product] = weights.GetValueOrDefault(product) + e.Weight;
                if (e.EventType == RetailEventTypes.PurchaseComplete) (bought ??= []).Add(product);
            }
        }
        if (weights is null) return trained;

        var merged = weights.Where(w => w.Value > 0).OrderBy(w => w.Key).ToArray();
        if (bought is not null) justBought = bought.Distinct().Order().ToArray();
        return new UserHistory(trained.UserId, trained.Index, merged.Select(w => w.Key).ToArray(), merged.Select(w => w.Value).ToArray(), used);
    }

    private static Dictionary<int, double> Seed(in UserHistory trained)
    {
        var products = trained.Products.Span;
        var weights = trained.Weights.Span;
        var seeded = new Dictionary<int, double>(products.Length + 8);
        for (int i = 0; i < products.Length; i++) seeded[products[i]] = weights[i];
        return seeded;
    }

    /// <summary>The sorted union of two sorted index lists (the history and what was just bought), for the exclusion filter.</summary>
    public static ReadOnlyMemory<int> Union(ReadOnlyMemory<int> sorted, int[] more)
    {
        if (more.Length == 0) return sorted;
        if (sorted.IsEmpty) return more;
        var union = new SortedSet<int>(more);
        foreach (int p in sorted.Span) union.Add(p);
        return union.ToArray();
    }
}
