using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Teddy.Artifacts;
using Teddy.Core.Tests.Artifacts;
using Teddy.Feedback;
using Teddy.Interactions;
using Teddy.Ranking;
using Teddy.Retail;
using Teddy.Serving;

namespace Teddy.Core.Tests.Serving;

/// <summary>The per-instance cache of shoppers' recent events: reads only on a miss, bounded, never slow, never failing.</summary>
public class RecentEventCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    /// <summary>An events table in memory whose reads can be slowed, failed or counted.</summary>
    private sealed class Store : IUserEventStore
    {
        public ConcurrentBag<UserEventRecord> Rows { get; } = [];
        public int Reads;
        public Func<CancellationToken, Task>? BeforeRead;

        public Task<IReadOnlyList<bool>> RecordAsync(IReadOnlyList<UserEventRecord> events, CancellationToken cancellation = default)
        {
            foreach (var e in events) Rows.Add(e);
            return Task.FromResult<IReadOnlyList<bool>>(events.Select(_ => true).ToArray());
        }

        public async Task<IReadOnlyList<UserEventRecord>> ReadRecentAsync(string userKey, DateTimeOffset since, int max, CancellationToken cancellation = default)
        {
            Interlocked.Increment(ref Reads);
            if (BeforeRead is not null) await BeforeRead(cancellation);
            return Rows.Where(r => r.UserKey == userKey && r.ReceivedAt >= since).OrderBy(r => r.ReceivedAt).TakeLast(max).ToArray();
        }
    }

    private static UserEventRecord Row(string user, string product, int minute, string type = RetailEventTypes.DetailPageView) =>
        new(UserEventIds.Of(user, type, Now.AddMinutes(minute), [product], null), user, type, Now.AddMinutes(minute), [product], null,
            UserEventRecord.Sources.Api, Now.AddMinutes(minute), "");

    private static ServingModel Model(DateTimeOffset? readAt = null) => new(new ModelMetadata
    {
        Version = "20261126_030000", Created = Now, ModelType = "Hybrid", Method = "hybrid", Sha256 = "", SizeBytes = 0,
        Data = new DataCounts(0, 0, 0, 0, 0, 0), RecordedEvents = readAt is { } r ? new RecordedEventsSummary(r, 0, 0, 0) : null,
    }, TrainedModelArtifactTests.SmallModel(), new RankingOptions());

    /// <summary>A cache over <paramref name="store"/>; unless a test is about the wait, requests wait long enough for any read (a loaded machine is slow).</summary>
    private static RecentEventCache Cache(Store store, ServingOptions? options = null)
    {
        options ??= new ServingOptions();
        if (options.RecentReadTimeoutSeconds == new ServingOptions().RecentReadTimeoutSeconds) options.RecentReadTimeoutSeconds = 10;
        return new(store, Options.Create(options), Options.Create(new EventWeights()), NullLogger<RecentEventCache>.Instance);
    }

    [Fact]
    public async Task Only_a_miss_reads_storage_and_events_carry_their_type_weight()
    {
        var store = new Store();
        await store.RecordAsync([Row("a", "p1", 1), Row("a", "p2", 2, RetailEventTypes.AddToCart), Row("b", "p3", 3)]);
        using var cache = Cache(store);
        var model = Model();

        var first = await cache.GetAsync("a", model);
        var again = await cache.GetAsync("a", model);
        Assert.Equal(["p1", "p2"], first.Select(e => e.ProductIds[0]));
        Assert.Equal([1.0, 3.0], first.Select(e => e.Weight));
        Assert.Equal(first, again);
        Assert.Equal(1, store.Reads);
        Assert.Equal((1L, 1L, 1L, 1L), (cache.Status.Hits, cache.Status.Misses, cache.Status.Reads, cache.Status.Users));
    }

    [Fact]
    public async Task Many_requests_missing_one_shopper_at_once_share_one_read()
    {
        var store = new Store();
        var gate = new TaskCompletionSource();
        store.BeforeRead = _ => gate.Task;
        await store.RecordAsync([Row("a", "p1", 1)]);
        using var cache = Cache(store, new ServingOptions { RecentReadTimeoutSeconds = 10 });
        var model = Model();
        var requests = Enumerable.Range(0, 20).Select(_ => cache.GetAsync("a", model).AsTask()).ToArray();
        await Task.Delay(50);
        gate.SetResult();
        var lists = await Task.WhenAll(requests);
        Assert.All(lists, l => Assert.Single(l));
        Assert.Equal(1, store.Reads);
    }

    [Fact]
    public async Task A_slow_read_does_not_hold_the_request_and_serves_the_next_one()
    {
        var store = new Store();
        await store.RecordAsync([Row("slow", "p1", 1)]);
        var gate = new TaskCompletionSource();
        store.BeforeRead = _ => gate.Task;
        using var cache = Cache(store, new ServingOptions { RecentReadTimeoutSeconds = 0.02 });
        var model = Model();

        var started = DateTime.UtcNow;
        Assert.Empty(await cache.GetAsync("slow", model)); // answered without waiting for the read
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
        Assert.Empty(await cache.GetAsync("slow", model)); // still running: joined, not started again
        Assert.Equal((1, 2L), (store.Reads, cache.Status.Late));

        gate.SetResult(); // the read finishes in the background and fills the cache
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (cache.Status.Users == 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(["p1"], (await cache.GetAsync("slow", model)).Select(e => e.ProductIds[0]));
        Assert.Equal(1, store.Reads);
    }

    [Fact]
    public async Task An_entry_past_its_trust_is_used_at_once_while_it_is_read_again_and_twice_that_age_is_a_miss()
    {
        var store = new Store();
        await store.RecordAsync([Row("a", "p1", 1)]);
        using var cache = Cache(store, new ServingOptions { RecentCacheSeconds = 3, RecentReadTimeoutSeconds = 10 });
        var model = Model();
        Assert.Single(await cache.GetAsync("a", model));
        await store.RecordAsync([Row("a", "p2", 2)]); // another instance's event: not in this instance's entry

        await Task.Delay(TimeSpan.FromSeconds(3.3)); // past the trust, within twice it
        var gate = new TaskCompletionSource();
        store.BeforeRead = _ => gate.Task; // the read again does not finish until the gate opens
        Assert.Equal(["p1"], (await cache.GetAsync("a", model)).Select(e => e.ProductIds[0])); // the entry as it was, without waiting
        await Until(() => store.Reads == 2); // and it is being read again
        gate.SetResult();
        await Until(() => cache.GetAsync("a", model).AsTask().Result.Count == 2);
        Assert.Equal(["p1", "p2"], (await cache.GetAsync("a", model)).Select(e => e.ProductIds[0]));
        Assert.Equal((0L, 1L), (cache.Status.Late, cache.Status.Misses));

        store.BeforeRead = null;
        await store.RecordAsync([Row("a", "p3", 3)]);
        await Task.Delay(TimeSpan.FromSeconds(6.5)); // beyond twice the trust: a miss, which waits for the read
        Assert.Equal(["p1", "p2", "p3"], (await cache.GetAsync("a", model)).Select(e => e.ProductIds[0]));
        Assert.Equal(2L, cache.Status.Misses);
    }

    private static async Task Until(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.True(condition());
    }

    [Fact]
    public async Task A_failed_read_gives_no_recent_events_and_is_not_retried_at_once()
    {
        var store = new Store();
        await store.RecordAsync([Row("broken", "p2", 1)]);
        store.BeforeRead = _ => throw new Teddy.Storage.StorageUnavailableException("table 'events'", "could not be reached");
        using var cache = Cache(store);
        var model = Model();

        Assert.Empty(await cache.GetAsync("broken", model));
        store.BeforeRead = null;
        Assert.Empty(await cache.GetAsync("broken", model)); // cached as empty for a few seconds: storage trouble is not retried per request
        Assert.Equal((1, 1L), (store.Reads, cache.Status.Failures));
    }

    [Fact]
    public async Task A_failed_read_again_of_a_stale_entry_keeps_its_events()
    {
        // An entry is stale after RecentCacheSeconds and dropped after twice that: the stale request must come inside that
        // window. A machine too busy to make it (a test run beside builds) is given another try, not a false failure.
        var lifetime = TimeSpan.FromSeconds(2);
        for (int attempt = 1; ; attempt++)
        {
            var store = new Store();
            await store.RecordAsync([Row("a", "p1", 1)]);
            using var cache = Cache(store, new ServingOptions { RecentCacheSeconds = (int)lifetime.TotalSeconds, RecentReadTimeoutSeconds = 10 });
            var model = Model();
            var age = System.Diagnostics.Stopwatch.StartNew(); // at least the entry's age
            Assert.Single(await cache.GetAsync("a", model));
            cache.Observe([Row("a", "p2", 2)]); // recorded by this instance: in the entry

            await Task.Delay(lifetime + TimeSpan.FromMilliseconds(200)); // stale: served while read again, and the read fails
            store.BeforeRead = _ => throw new Teddy.Storage.StorageUnavailableException("table 'events'", "could not be reached");
            var served = await cache.GetAsync("a", model);
            if (age.Elapsed >= 2 * lifetime - TimeSpan.FromMilliseconds(100) && attempt < 3) continue;
            Assert.Equal(["p1", "p2"], served.Select(e => e.ProductIds[0]));
            await Until(() => cache.Status.Failures == 1);
            Assert.Equal(["p1", "p2"], (await cache.GetAsync("a", model)).Select(e => e.ProductIds[0])); // not replaced by "none"
            Assert.Equal(2, store.Reads); // and trusted again for a while: not read on every request
            return;
        }
    }

    [Fact]
    public async Task Events_recorded_here_join_a_cached_entry_once_and_the_newest_are_kept()
    {
        var store = new Store();
        using var cache = Cache(store, new ServingOptions { RecentEventsPerUser = 3 });
        var model = Model();
        Assert.Empty(await cache.GetAsync("a", model)); // cached: nothing yet

        var rows = Enumerable.Range(1, 5).Select(m => Row("a", $"p{m}", m)).ToArray();
        cache.Observe(rows[..2]);
        cache.Observe(rows[..2]); // the same events again (a retried request)
        Assert.Equal(["p1", "p2"], (await cache.GetAsync("a", model)).Select(e => e.ProductIds[0]));
        cache.Observe(rows[2..]);
        Assert.Equal(["p3", "p4", "p5"], (await cache.GetAsync("a", model)).Select(e => e.ProductIds[0]));
        cache.Observe([Row("not-cached", "p1", 1)]);
        Assert.Equal(1, store.Reads);
        Assert.Equal(1, cache.Status.Users);
    }

    [Fact]
    public async Task Only_events_after_the_models_read_of_the_events_table_are_recent()
    {
        var store = new Store();
        await store.RecordAsync([Row("a", "old", -60), Row("a", "new", 0)]);
        using var cache = Cache(store);
        // A model whose retrain read the table 10 minutes ago: the hour-old event is in it (the write margin is seconds).
        Assert.Equal(["new"], (await cache.GetAsync("a", Model(readAt: Now.AddMinutes(-10)))).Select(e => e.ProductIds[0]));
        Assert.Equal(1, store.Reads);
        // Rolled back to a model that read nothing: the cached entry (read from a later time) cannot answer, so it is read again.
        Assert.Equal(["old", "new"], (await cache.GetAsync("a", Model(readAt: null))).Select(e => e.ProductIds[0]));
        Assert.Equal(2, store.Reads);
        // And that entry answers for the newer model too, without a read.
        Assert.Equal(["new"], (await cache.GetAsync("a", Model(readAt: Now.AddMinutes(-10)))).Select(e => e.ProductIds[0]));
        Assert.Equal(2, store.Reads);
    }

    [Fact]
    public async Task The_cache_holds_at_most_the_configured_shoppers_and_off_means_no_reads()
    {
        var store = new Store();
        using var cache = Cache(store, new ServingOptions { RecentCacheUsers = 3 });
        var model = Model();
        for (int u = 0; u < 10; u++) await cache.GetAsync($"u{u}", model);
        Assert.True(cache.Status.Users <= 3, $"{cache.Status.Users} shoppers cached");

        var off = new Store();
        using var disabled = Cache(off, new ServingOptions { RecentEventsPerUser = 0 });
        Assert.Empty(await disabled.GetAsync("u", model));
        Assert.Equal(0, off.Reads);
    }
}
