using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Teddy.Retail;

namespace Teddy.Interactions;

/// <summary>
/// Folds events into one interaction per (user, product). Each event adds its type's weight once per distinct
/// product it names (quantity is ignored, as in the reference pipeline: weight per event, summed). Events whose
/// weight is 0, and products not in the catalog, add nothing. A weight may be negative (a refund, a removal from
/// the cart): it lowers the pair's sum, and a pair whose summed weight is not above 0 is not a positive
/// interaction, so <see cref="Build"/> leaves it out (and a user left with none gets no index).
/// The user key is userInfo.userId when present, else visitorId (see <see cref="RetailEvent.UserKey"/>); users are
/// numbered in ordinal order of their keys, so the same events always give the same indices, whatever their order.
/// Only users with at least one positive interaction get an index.
/// </summary>
public sealed class InteractionAggregator
{
    private readonly ProductCatalog _catalog;
    private readonly EventWeights _weights;
    private readonly Dictionary<string, int> _arrivalIndexByUser = new(StringComparer.Ordinal);
    private readonly List<string> _usersByArrival = new();
    private readonly Dictionary<UserProduct, Accumulator> _byUserProduct = new();
    private readonly List<int> _productsOfEvent = new(4);

    // Fast path for events from a RetailEventReader: its string pool numbers user keys densely, so a user is
    // found by array index instead of by hashing the key. Only the first pool seen is used; others fall back.
    private StringPool? _pool;
    private int[] _arrivalIndexByPoolId = [];

    /// <summary>
    /// The aggregation key. Not a packed long: long's hash is hi ^ lo, i.e. user ^ product, which has far fewer
    /// distinct values than there are pairs, so chains grew with the data (10× the events took 20× the time).
    /// </summary>
    private readonly record struct UserProduct(int User, int Product)
    {
        public override int GetHashCode() => (int)((((ulong)(uint)User << 32) | (uint)Product) * 0x9E3779B97F4A7C15UL >> 32);
    }

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
        ArgumentNullException.ThrowIfNull(retailEvent);
        double weight = _weights.WeightOf(retailEvent.EventType);
        if (weight == 0 || !double.IsFinite(weight)) return;

        _productsOfEvent.Clear();
        foreach (var detail in retailEvent.ProductDetails)
            AddDistinct(_catalog.IndexOf(detail.ProductId));
        if (_productsOfEvent.Count == 0) return;

        AddCore(weight, ArrivalIndexOf(retailEvent.UserKey), retailEvent.EventTime.UtcTicks);
    }

    /// <summary>
    /// The ingestion's path: the parser's state instead of a <see cref="RetailEvent"/>, with the catalog indices it
    /// already resolved and the user key's pool id (an array index here instead of hashing the key again).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Add(RetailEventParser parsed)
    {
        if (!ReferenceEquals(parsed.Catalog, _catalog))
        {
            Add(parsed.ToRetailEvent()); // resolved against another catalog: its indices mean nothing here
            return;
        }
        double weight = _weights.WeightOf(parsed.EventType);
        if (weight == 0 || !double.IsFinite(weight)) return;

        _productsOfEvent.Clear();
        foreach (int product in parsed.ProductIndices) AddDistinct(product);
        if (_productsOfEvent.Count == 0) return;

        AddCore(weight, ArrivalIndexOf(parsed), parsed.EventTime.UtcTicks);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddDistinct(int product)
    {
        if (product >= 0 && !_productsOfEvent.Contains(product)) _productsOfEvent.Add(product);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void AddCore(double weight, int user, long ticks)
    {
        foreach (int product in _productsOfEvent)
        {
            ref var sum = ref CollectionsMarshal.GetValueRefOrAddDefault(_byUserProduct, new UserProduct(user, product), out bool existed);
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
        ArgumentNullException.ThrowIfNull(events);
        foreach (var retailEvent in events) Add(retailEvent);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public InteractionSet Build()
    {
        // Only positive sums are interactions; only users with one get an index.
        var positivePerArrival = new int[_usersByArrival.Count];
        int positive = 0;
        foreach (var (key, sum) in _byUserProduct)
        {
            if (!(sum.Weight > 0)) continue;
            positivePerArrival[key.User]++;
            positive++;
        }
        var arrivals = new List<int>(_usersByArrival.Count);
        for (int a = 0; a < positivePerArrival.Length; a++) if (positivePerArrival[a] > 0) arrivals.Add(a);

        // Renumber users from arrival order to ordinal key order.
        var userIds = arrivals.ConvertAll(a => _usersByArrival[a]).ToArray();
        var arrivalOrder = arrivals.ToArray();
        Array.Sort(userIds, arrivalOrder, StringComparer.Ordinal);
        var finalIndex = new int[_usersByArrival.Count];
        for (int i = 0; i < arrivalOrder.Length; i++) finalIndex[arrivalOrder[i]] = i;

        // Counting sort by user, then each user's few interactions by product: linear, where one sort of all
        // (user, product) pairs would move the 48-byte structs n log n times.
        var offsets = new int[userIds.Length + 1];
        foreach (var (key, sum) in _byUserProduct) if (sum.Weight > 0) offsets[finalIndex[key.User] + 1]++;
        for (int u = 0; u < userIds.Length; u++) offsets[u + 1] += offsets[u];
        var next = offsets.AsSpan(0, userIds.Length).ToArray();
        var interactions = new Interaction[positive];
        foreach (var (key, sum) in _byUserProduct)
        {
            if (!(sum.Weight > 0)) continue;
            int user = finalIndex[key.User];
            interactions[next[user]++] = new Interaction(
                user,
                key.Product,
                sum.Weight,
                sum.EventCount,
                new DateTimeOffset(sum.FirstUtcTicks, TimeSpan.Zero),
                new DateTimeOffset(sum.LastUtcTicks, TimeSpan.Zero));
        }
        for (int u = 0; u < userIds.Length; u++)
        {
            var ofUser = interactions.AsSpan(offsets[u], offsets[u + 1] - offsets[u]);
            if (ofUser.Length > 1) ofUser.Sort(static (a, b) => a.Product.CompareTo(b.Product));
        }
        return InteractionSet.FromOwnedArrays(userIds, _catalog.Count, interactions);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int ArrivalIndexOf(RetailEventParser parsed)
    {
        _pool ??= parsed.Pool;
        int id = parsed.UserKeyId;
        if (id < 0 || !ReferenceEquals(parsed.Pool, _pool)) return ArrivalIndexOf(parsed.UserKey); // unpooled key, or another reader's pool

        if (id >= _arrivalIndexByPoolId.Length)
        {
            int oldLength = _arrivalIndexByPoolId.Length;
            Array.Resize(ref _arrivalIndexByPoolId, Math.Max(id + 1, oldLength * 2));
            _arrivalIndexByPoolId.AsSpan(oldLength).Fill(-1);
        }
        ref int slot = ref _arrivalIndexByPoolId[id];
        if (slot < 0) slot = ArrivalIndexOf(parsed.UserKey); // first sight: also registers the key for the string path
        return slot;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
