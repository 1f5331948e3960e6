using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Teddy.Feedback;
using Teddy.Recommenders;

namespace Teddy.Core.Tests.Feedback;

/// <summary>The impression buffer and its background writer, with a store in memory that can be made to fail or hang.</summary>
public class ImpressionLogTests
{
    private sealed class MemoryImpressionStore(Func<IReadOnlyList<Impression>, CancellationToken, Task<ImpressionSaveResult>>? behave = null) : IImpressionStore
    {
        public ConcurrentDictionary<string, Impression> Saved { get; } = new();
        public int Calls;

        public async Task<ImpressionSaveResult> SaveAsync(IReadOnlyList<Impression> impressions, CancellationToken cancellation = default)
        {
            Interlocked.Increment(ref Calls);
            if (behave is not null) return await behave(impressions, cancellation);
            foreach (var impression in impressions) Saved[impression.AttributionToken] = impression;
            return new ImpressionSaveResult(impressions.Count, 0, 0, null);
        }

        public Task<Impression?> FindAsync(string attributionToken, CancellationToken cancellation = default) =>
            Task.FromResult(Saved.GetValueOrDefault(attributionToken));
    }

    private static Impression NewImpression(int hour = 10) => new(AttributionToken.New(new DateTimeOffset(2026, 11, 26, hour, 0, 0, TimeSpan.Zero)),
        "u", ListKinds.Recommendations, null, RecommenderMethods.Popular, "v1", null, null, false, DateTimeOffset.UtcNow,
        [new ImpressionItem("p1", 1, RecommendationSources.Popular, "B", null, null, null, 0)]);

    private static (ImpressionLog Log, ImpressionFlusher Flusher) Create(IImpressionStore store, FeedbackOptions options)
    {
        var log = new ImpressionLog(Options.Create(options));
        return (log, new ImpressionFlusher(log, store, Options.Create(options), TimeProvider.System, NullLogger<ImpressionFlusher>.Instance));
    }

    private static async Task Eventually(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException(what);
            await Task.Delay(20);
        }
    }

    [Fact]
    public void A_full_buffer_drops_and_counts_without_waiting()
    {
        var log = new ImpressionLog(Options.Create(new FeedbackOptions { ImpressionBuffer = 5 }));
        var accepted = Enumerable.Range(0, 8).Select(_ => log.Record(NewImpression())).ToArray();
        Assert.Equal([true, true, true, true, true, false, false, false], accepted);
        var status = log.Status;
        Assert.Equal((5, 5L, 3L, 5), (status.Pending, status.Recorded, status.Dropped, status.Capacity));
    }

    [Fact]
    public async Task Buffered_impressions_are_written_in_the_background_and_counted()
    {
        var store = new MemoryImpressionStore();
        var (log, flusher) = Create(store, new FeedbackOptions { FlushSeconds = 0.05 });
        await flusher.StartAsync(CancellationToken.None);
        var impressions = Enumerable.Range(0, 250).Select(i => NewImpression(hour: i % 3)).ToArray();
        foreach (var impression in impressions) Assert.True(log.Record(impression));

        await Eventually(() => log.Status.Saved == 250, "all impressions written");
        await flusher.StopAsync(CancellationToken.None);
        Assert.Equal(impressions.Select(i => i.AttributionToken).Order(), store.Saved.Keys.Order());
        Assert.Equal((0, 250L, 0L), (log.Status.Pending, log.Status.Recorded, log.Status.Failed));
    }

    [Fact]
    public async Task A_failed_write_is_counted_with_its_reason_and_the_writer_carries_on()
    {
        int call = 0;
        var store = new MemoryImpressionStore(async (batch, _) =>
        {
            await Task.Yield();
            return Interlocked.Increment(ref call) == 1
                ? new ImpressionSaveResult(0, batch.Count, 1, "storage (table 'impressions') answered 503 ServerBusy")
                : throw new InvalidOperationException("a bug");
        });
        var (log, flusher) = Create(store, new FeedbackOptions { FlushSeconds = 0.05 });
        await flusher.StartAsync(CancellationToken.None);
        for (int i = 0; i < 3; i++) log.Record(NewImpression());
        await Eventually(() => log.Status.Failed == 3, "the first batch counted as failed");
        Assert.Contains("503", log.Status.LastFailure);
        log.Record(NewImpression());
        await Eventually(() => log.Status.Failed == 4, "a throwing store counted too");
        Assert.Contains("a bug", log.Status.LastFailure);
        Assert.Equal(2, log.Status.FailedBatches);
        await flusher.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stopping_writes_what_is_still_buffered()
    {
        var store = new MemoryImpressionStore();
        var (log, flusher) = Create(store, new FeedbackOptions { FlushSeconds = 3600 });
        await flusher.StartAsync(CancellationToken.None);
        for (int i = 0; i < 40; i++) log.Record(NewImpression());
        Assert.Empty(store.Saved);

        await flusher.StopAsync(CancellationToken.None);
        Assert.Equal(40, store.Saved.Count);
        Assert.Equal((0, 40L, 0L), (log.Status.Pending, log.Status.Saved, log.Status.Failed));
    }

    [Fact]
    public async Task A_stop_whose_writes_do_not_finish_in_its_allowance_counts_what_is_lost()
    {
        var store = new MemoryImpressionStore(async (batch, cancellation) =>
        {
            await Task.Delay(Timeout.Infinite, cancellation); // storage that never answers
            return new ImpressionSaveResult(batch.Count, 0, 0, null);
        });
        var (log, flusher) = Create(store, new FeedbackOptions { FlushSeconds = 3600, ShutdownFlushSeconds = 0.2 });
        await flusher.StartAsync(CancellationToken.None);
        for (int i = 0; i < 7; i++) log.Record(NewImpression());

        var stopping = flusher.StopAsync(CancellationToken.None);
        Assert.Same(stopping, await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromSeconds(20))));
        await stopping;
        Assert.Equal((0, 0L, 7L), (log.Status.Pending, log.Status.Saved, log.Status.Failed));
        Assert.NotNull(log.Status.LastFailure);
    }
}
