using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Teddy.Feedback;
using Teddy.Interactions;
using Teddy.Storage;

namespace Teddy.Serving;

/// <summary>
/// Each shopper's events since the serving model was trained, for real-time personalisation, kept per instance in a
/// bounded in-memory cache (<see cref="ServingOptions.RecentCacheUsers"/> shoppers, <see cref="ServingOptions.RecentEventsPerUser"/>
/// newest events each, trusted for <see cref="ServingOptions.RecentCacheSeconds"/>). A request that finds the shopper
/// cached costs a dictionary lookup; only a miss reads the shopper's partition of the events table, once however many
/// requests ask at the same time, and waits at most <see cref="ServingOptions.RecentReadTimeoutSeconds"/> for it: past
/// that the request goes without recent events (never a slow or failed answer) while the read carries on within the
/// storage request budget and caches what it finds for the shopper's next request; a failed read caches "none" briefly
/// (or, when it was refreshing a stale entry, keeps that entry's events for as long), so storage trouble does not cost
/// every request the wait and never makes events the instance already had disappear. An entry past its trust is not a miss: it is used once more
/// while it is read again in the background (up to twice its trust; older is a miss), so a shopper's refresh never waits. Events this instance records (<c>POST api/events</c>, clicks) are added to a cached entry at
/// once; another instance sees them when its entry expires or on its first miss.
/// </summary>
public sealed class RecentEventCache : IDisposable
{
    /// <summary>How long an empty entry stands in after a failed or slow read, so storage trouble is not retried on every request.</summary>
    public static readonly TimeSpan FailureLifetime = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan LogEvery = TimeSpan.FromSeconds(30);

    /// <summary>The most a read may run in the background, whatever the store's own budget says.</summary>
    private static readonly TimeSpan LoadLimit = TimeSpan.FromSeconds(10);

    private readonly IUserEventStore _store;
    private readonly ServingOptions _options;
    private readonly EventWeights _weights;
    private readonly ILogger<RecentEventCache> _logger;
    private readonly MemoryCache _cache;
    private readonly ConcurrentDictionary<string, Lazy<Task<Entry>>> _loading = new(StringComparer.Ordinal);
    private readonly TimeSpan _lifetime, _readTimeout, _writeMargin;
    private long _hits, _misses, _reads, _failures, _late, _readsDone, _readTicks;
    private long _lastFailureLog;

    public RecentEventCache(IUserEventStore store, IOptions<ServingOptions> serving, IOptions<EventWeights> weights,
        ILogger<RecentEventCache> logger, IOptions<StorageOptions>? storage = null)
    {
        _store = store;
        _options = serving.Value;
        _weights = weights.Value;
        _logger = logger;
        _lifetime = TimeSpan.FromSeconds(Math.Max(0.001, _options.RecentCacheSeconds));
        _readTimeout = TimeSpan.FromSeconds(Math.Max(0.001, _options.RecentReadTimeoutSeconds));
        // A write acknowledged after a retrain's read may have started before it: look back one request budget more.
        _writeMargin = (storage?.Value.Requests ?? StorageRetryOptions.RequestDefaults()).Timeout + TimeSpan.FromSeconds(5);
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = Math.Max(1, _options.RecentCacheUsers) });
    }

    public bool Enabled => _options.RecentEventsPerUser > 0;

    /// <summary>
    /// The shopper's events that <paramref name="model"/> was not trained on, oldest first (at most
    /// <see cref="ServingOptions.RecentEventsPerUser"/>). Never throws for storage faults and never waits longer than the
    /// read timeout; empty when there are none, when real time is off, or when they could not be read in time.
    /// </summary>
    public async ValueTask<IReadOnlyList<RecentEvent>> GetAsync(string userKey, ServingModel model, CancellationToken cancellation = default)
    {
        if (!Enabled) return [];
        var since = model.RecentEventsSince(_writeMargin);
        if (_cache.TryGetValue(userKey, out Entry? cached) && cached!.Since <= since)
        {
            Interlocked.Increment(ref _hits);
            // Past its trust, an entry is read again in the background while this request uses it: it holds every event
            // this instance recorded, and waiting for the read would put a storage round trip into one request per shopper
            // per RecentCacheSeconds (the tail of the latency).
            if (cached.IsStale) _ = _loading.GetOrAdd(userKey, key => new Lazy<Task<Entry>>(() => LoadAsync(key, since))).Value;
            return cached.After(since);
        }
        Interlocked.Increment(ref _misses);
        var loading = _loading.GetOrAdd(userKey, key => new Lazy<Task<Entry>>(() => LoadAsync(key, since)));
        try
        {
            var entry = await loading.Value.WaitAsync(_readTimeout, cancellation);
            return entry.Since <= since ? entry.After(since) : [];
        }
        catch (TimeoutException)
        {
            Interlocked.Increment(ref _late);
            return []; // the read carries on and caches what it finds; this request goes without
        }
    }

    /// <summary>Adds events this instance has just stored to the shoppers' cached entries (when cached, or as soon as a read in flight ends).</summary>
    public void Observe(IEnumerable<UserEventRecord> events)
    {
        if (!Enabled) return;
        foreach (var byUser in events.GroupBy(e => e.UserKey, StringComparer.Ordinal))
        {
            var recent = byUser.Select(ToRecent).ToArray();
            if (_cache.TryGetValue(byUser.Key, out Entry? entry)) entry!.Add(recent, _options.RecentEventsPerUser);
            // A read in flight (a miss, or a stale entry being read again) may have missed them: its entry gets them too.
            if (_loading.TryGetValue(byUser.Key, out var loading))
                loading.Value.ContinueWith(done => done.Result.Add(recent, _options.RecentEventsPerUser), TaskContinuationOptions.OnlyOnRanToCompletion);
        }
    }

    /// <summary>The counters since start.</summary>
    public RecentEventCacheStatus Status
    {
        get
        {
            long done = Interlocked.Read(ref _readsDone);
            return new RecentEventCacheStatus(Enabled, _cache.Count, Interlocked.Read(ref _hits), Interlocked.Read(ref _misses),
                Interlocked.Read(ref _reads), Interlocked.Read(ref _failures), Interlocked.Read(ref _late),
                done == 0 ? 0 : Math.Round(TimeSpan.FromTicks(Interlocked.Read(ref _readTicks) / done).TotalMilliseconds, 2));
        }
    }

    private async Task<Entry> LoadAsync(string userKey, DateTimeOffset since)
    {
        await Task.Yield(); // the caller's lookup returns at once; the read runs on its own
        Interlocked.Increment(ref _reads);
        var started = Stopwatch.GetTimestamp();
        try
        {
            // Not the request's wait: a read that outlasts it still serves the shopper's next request.
            using var timeout = new CancellationTokenSource(LoadLimit);
            var rows = await _store.ReadRecentAsync(userKey, since, _options.RecentEventsPerUser, timeout.Token);
            var entry = new Entry(since, rows.Select(ToRecent).ToArray(), _lifetime);
            _cache.Set(userKey, entry, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = 2 * _lifetime });
            return entry;
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref _failures);
            LogFailure(e);
            var trusted = _lifetime < FailureLifetime ? _lifetime : FailureLifetime;
            // A stale entry being read again keeps its events (all this instance recorded, and what was read before): a
            // failed refresh must not make a shopper's recent views vanish. Only a shopper with nothing cached gets "none".
            var kept = _cache.TryGetValue(userKey, out Entry? previous) && previous!.Since <= since
                ? previous.Retrusted(trusted) : new Entry(since, [], trusted);
            _cache.Set(userKey, kept, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = 2 * trusted });
            return kept;
        }
        finally
        {
            Interlocked.Increment(ref _readsDone);
            Interlocked.Add(ref _readTicks, Stopwatch.GetElapsedTime(started).Ticks);
            _loading.TryRemove(userKey, out _);
        }
    }

    private void LogFailure(Exception e)
    {
        long now = Environment.TickCount64, last = Interlocked.Read(ref _lastFailureLog);
        if (now - last < LogEvery.TotalMilliseconds && last != 0) return;
        if (Interlocked.CompareExchange(ref _lastFailureLog, now, last) != last) return;
        _logger.LogWarning(e, "Could not read a shopper's recent events; their lists go without them for {Seconds} s ({Failures} failed reads since start)",
            FailureLifetime.TotalSeconds, Interlocked.Read(ref _failures));
    }

    private RecentEvent ToRecent(UserEventRecord e) => new(e.EventType, e.ProductIds, _weights.WeightOf(e.EventType), e.ReceivedAt) { EventId = e.EventId };

    public void Dispose() => _cache.Dispose();

    /// <summary>
    /// One shopper's cached events, read as of <see cref="Since"/> and trusted for <paramref name="trusted"/> (then
    /// stale: served while read again, until twice that age); additions replace the array (readers never see it change).
    /// </summary>
    private sealed class Entry(DateTimeOffset since, RecentEvent[] events, TimeSpan trusted)
    {
        private readonly long _staleAt = Environment.TickCount64 + (long)trusted.TotalMilliseconds;
        private RecentEvent[] _events = events;

        public DateTimeOffset Since { get; } = since;

        public bool IsStale => Environment.TickCount64 >= _staleAt;

        /// <summary>The same events, trusted anew for <paramref name="trusted"/> (after a failed read again).</summary>
        public Entry Retrusted(TimeSpan trusted) => new(Since, Volatile.Read(ref _events), trusted);

        /// <summary>The events received at or after <paramref name="since"/> (all of them, without copying, when that is when they were read from).</summary>
        public IReadOnlyList<RecentEvent> After(DateTimeOffset since)
        {
            var events = Volatile.Read(ref _events);
            if (since <= Since || events.Length == 0) return events;
            return Array.FindAll(events, e => e.ReceivedAt >= since);
        }

        public void Add(RecentEvent[] more, int max)
        {
            while (true)
            {
                var current = Volatile.Read(ref _events);
                var fresh = more.Where(m => m.EventId is null || !current.Any(c => c.EventId == m.EventId)).ToArray();
                if (fresh.Length == 0) return;
                var next = current.Concat(fresh).OrderBy(e => e.ReceivedAt).TakeLast(max).ToArray();
                if (Interlocked.CompareExchange(ref _events, next, current) == current) return;
            }
        }
    }
}

/// <summary>The real-time cache's counters since the instance started.</summary>
/// <param name="Users">Shoppers cached now.</param>
/// <param name="Reads">Storage reads started (cache misses that read the events table; concurrent misses of one shopper share one).</param>
/// <param name="Failures">Reads that failed (the shopper's lists go without recent events for a few seconds).</param>
/// <param name="Late">Requests that stopped waiting for a read still running (they went without recent events; the read's result serves the next).</param>
/// <param name="MeanReadMs">Mean duration of a finished read, in milliseconds.</param>
public sealed record RecentEventCacheStatus(bool Enabled, long Users, long Hits, long Misses, long Reads, long Failures, long Late, double MeanReadMs);
