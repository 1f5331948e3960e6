using Microsoft.Extensions.Caching.Memory;
using Teddy.Recommenders;

namespace Teddy.Serving;

/// <summary>
/// One serving model's candidate lists for the shoppers it served lately: what the personal models (content,
/// collaborative, item-kNN, the hybrid's two parts) scored for a shopper's request, so that the shopper's next request —
/// the next page of a visit — costs the fusion, the shop rules and the explanations, not the catalog-wide scans again.
/// <para>
/// Sound by construction, never stale: a list is a pure function of what its key holds. The model: each loaded
/// <see cref="ServingModel"/> has its own cache, so a swap starts empty. The shopper's history: the trained one (named
/// by the id) and the events since training folded into it — an entry serves only the very same recent events, so a
/// shopper's new event (or an event that aged out) misses. The method, the candidate count, and the allow mask: only
/// requests whose filters leave the catalog whole are cached (their mask is one of the model's own). What may differ
/// between two requests with the same key — the adaptive weights drawn, the brands' learned categories — is applied
/// after the lists, on every request.
/// </para>
/// Bounded: at most <see cref="ServingOptions.CandidateCacheUsers"/> shoppers (beyond that the least recently used are
/// evicted); 0 turns it off. A hybrid shopper's entry holds about 3 KB (two lists of 2 × 3 × k candidates at k = 20).
/// </summary>
public sealed class CandidateCache : IDisposable
{
    /// <summary>Lists kept per shopper (methods × counts); the oldest goes first.</summary>
    private const int MaxListsPerUser = 4;

    private readonly MemoryCache? _cache;
    private long _hits, _misses;

    /// <param name="users">Shoppers to keep; 0 or less: nothing is cached.</param>
    public CandidateCache(int users)
    {
        if (users > 0) _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = users });
    }

    public bool Enabled => _cache is not null;

    /// <summary>
    /// The lists <paramref name="compute"/> gives for this key: from the cache when the shopper's entry holds them for the
    /// same recent events, else computed (and kept when <paramref name="mask"/> is the model's own). The lists returned
    /// are shared: callers read them and never write.
    /// </summary>
    /// <param name="recent">The events folded into <paramref name="user"/>'s history (as the request passed them).</param>
    /// <param name="mask">The request's allow mask when it is one of the model's own (no catalog filter); null: not cached.</param>
    public ScoredProduct[][] GetOrCompute<TState>(string userId, IReadOnlyList<RecentEvent> recent, string method, int count, bool[]? mask,
        TState state, Func<TState, ScoredProduct[][]> compute)
    {
        if (_cache is null || mask is null) return compute(state);
        if (_cache.TryGetValue(userId, out Entry? entry) && entry!.Serves(recent))
        {
            if (entry.Find(method, count, mask) is { } found)
            {
                Interlocked.Increment(ref _hits);
                return found;
            }
        }
        else entry = null;
        Interlocked.Increment(ref _misses);
        var lists = compute(state);
        if (entry is null)
        {
            entry = new Entry(recent.ToArray());
            _cache.Set(userId, entry, new MemoryCacheEntryOptions { Size = 1 });
        }
        entry.Add(new Lists(method, count, mask, lists));
        return lists;
    }

    /// <summary>Shoppers cached now, and the lookups since the model loaded.</summary>
    public CandidateCacheStatus Status => new(_cache is not null, _cache?.Count ?? 0, Interlocked.Read(ref _hits), Interlocked.Read(ref _misses));

    public void Dispose() => _cache?.Dispose();

    private sealed record Lists(string Method, int Count, bool[] Mask, ScoredProduct[][] Scored);

    /// <summary>One shopper's lists, all for one set of recent events; additions replace the array (readers never see it change).</summary>
    private sealed class Entry(RecentEvent[] recent)
    {
        private Lists[] _lists = [];

        /// <summary>Whether the lists were made from exactly these recent events (same events, same order).</summary>
        public bool Serves(IReadOnlyList<RecentEvent> events)
        {
            if (events.Count != recent.Length) return false;
            for (int i = 0; i < recent.Length; i++)
                if (!recent[i].Equals(events[i])) return false;
            return true;
        }

        public ScoredProduct[][]? Find(string method, int count, bool[] mask)
        {
            foreach (var lists in Volatile.Read(ref _lists))
                if (lists.Count == count && ReferenceEquals(lists.Mask, mask) && lists.Method == method) return lists.Scored;
            return null;
        }

        public void Add(Lists lists)
        {
            while (true)
            {
                var current = Volatile.Read(ref _lists);
                Lists[] next = current.Length < MaxListsPerUser ? [.. current, lists] : [.. current.AsSpan(1), lists];
                if (Interlocked.CompareExchange(ref _lists, next, current) == current) return;
            }
        }
    }
}

/// <summary>The candidate cache's state for the serving model: shoppers cached, and lookups answered from it or computed.</summary>
public sealed record CandidateCacheStatus(bool Enabled, long Users, long Hits, long Misses);
