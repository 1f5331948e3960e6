using System.Runtime.InteropServices;
using Teddy.Retail;

namespace Teddy.Interactions;

/// <summary>
/// Folds events into one interaction per (user, product). Each event adds its type's weight once per distinct
/// product it names (quantity is ignored, as in the reference pipeline: weight per event, summed). Events whose
/// weight is not positive, and products not in the catalog, add nothing.
/// The user key is userInfo.userId when present, else visitorId (see <see cref="RetailEvent.UserKey"/>); users are
/// numbered in ordinal order of their keys, so the same events always give the same indices, whatever their order.
/// Only users with at least one weighted interaction get an index.
/// </summary>
public sealed class InteractionAggregator
{
    private readonly ProductCatalog _catalog;
    private readonly EventWeights _weights;
    private readonly Dictionary<string, int> _arrivalIndexByUser = new(StringComparer.Ordinal);
    private readonly List<string> _usersByArrival = new();
    private readonly Dictionary<long, Accumulator> _byUserProduct = new();
    private readonly List<int> _productsOfEvent = new(4);

    private struct Accumulator
    {
        public double Weight;
        public int EventCount;
        public long FirstUtcTicks;
        public long LastUtcTicks;
    }

    public InteractionAggregator(ProductCatalog catalog, EventWeights weights)
    {
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _weights = weights ?? throw new ArgumentNullException(nameof(weights));
    }

    public void Add(RetailEvent retailEvent)
    {
        double weight = _weights.WeightOf(retailEvent.EventType);
        if (!(weight > 0) || !double.IsFinite(weight)) return;

        _productsOfEvent.Clear();
        foreach (var detail in retailEvent.ProductDetails)
            if (_catalog.TryGetIndex(detail.ProductId, out int product) && !_productsOfEvent.Contains(product))
                _productsOfEvent.Add(product);
        if (_productsOfEvent.Count == 0) return;

        int user = ArrivalIndexOf(retailEvent.UserKey);
        long ticks = retailEvent.EventTime.UtcTicks;
        foreach (int product in _productsOfEvent)
        {
            ref var sum = ref CollectionsMarshal.GetValueRefOrAddDefault(_byUserProduct, ((long)user << 32) | (uint)product, out bool existed);
            if (!existed)
            {
                sum.FirstUtcTicks = ticks;
                sum.LastUtcTicks = ticks;
            }
            sum.Weight += weight;
            sum.EventCount++;
            sum.FirstUtcTicks = Math.Min(sum.FirstUtcTicks, ticks);
            sum.LastUtcTicks = Math.Max(sum.LastUtcTicks, ticks);
        }
    }

    public void AddRange(IEnumerable<RetailEvent> events)
    {
        foreach (var retailEvent in events) Add(retailEvent);
    }

    public InteractionSet Build()
    {
        // Renumber users from arrival order to ordinal key order.
        var userIds = _usersByArrival.ToArray();
        var arrivalOrder = new int[userIds.Length];
        for (int i = 0; i < arrivalOrder.Length; i++) arrivalOrder[i] = i;
        Array.Sort(userIds, arrivalOrder, StringComparer.Ordinal);
        var finalIndex = new int[userIds.Length];
        for (int i = 0; i < arrivalOrder.Length; i++) finalIndex[arrivalOrder[i]] = i;

        var interactions = new Interaction[_byUserProduct.Count];
        int n = 0;
        foreach (var (key, sum) in _byUserProduct)
        {
            interactions[n++] = new Interaction(
                finalIndex[(int)(key >> 32)],
                (int)(uint)key,
                sum.Weight,
                sum.EventCount,
                new DateTimeOffset(sum.FirstUtcTicks, TimeSpan.Zero),
                new DateTimeOffset(sum.LastUtcTicks, TimeSpan.Zero));
        }
        return new InteractionSet(userIds, _catalog.Count, interactions);
    }

    private int ArrivalIndexOf(string userKey)
    {
        ref int index = ref CollectionsMarshal.GetValueRefOrAddDefault(_arrivalIndexByUser, userKey, out bool existed);
        if (!existed)
        {
            index = _usersByArrival.Count;
            _usersByArrival.Add(userKey);
        }
        return index;
    }
}
