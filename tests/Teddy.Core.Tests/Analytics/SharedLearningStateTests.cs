using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Teddy.Analytics;
using Teddy.Learning;
using Teddy.Storage;
using static Teddy.Core.Tests.Analytics.FeedbackFixtures;

namespace Teddy.Core.Tests.Analytics;

public class SharedLearningStateTests
{
    /// <summary>ctr.json in memory, with storage that can go down or hold an unreadable blob.</summary>
    private sealed class MemoryStore : IAnalyticsStore
    {
        public CtrDocument? Document { get; set; }
        public string ETag { get; set; } = "\"1\"";
        public bool Down { get; set; }
        public bool Unreadable { get; set; }
        public int Reads { get; private set; }

        public string Resource => "blob container 'analytics'";

        private void ThrowIfDown()
        {
            if (Down) throw new StorageUnavailableException(Resource, "could not be reached (ConnectionRefused)");
        }

        public Task<string?> GetDocumentETagAsync(CancellationToken cancellation = default)
        {
            ThrowIfDown();
            return Task.FromResult(Document is null ? null : ETag);
        }

        public Task<StoredDocument?> ReadDocumentAsync(CancellationToken cancellation = default)
        {
            ThrowIfDown();
            Reads++;
            if (Unreadable) throw new JsonException("not ctr.json");
            return Task.FromResult(Document is null ? null : new StoredDocument(Document, ETag));
        }

        public Task<IAsyncDisposable?> TryLockAsync(CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<StoredHour>> ListHoursAsync(CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task<(HourAggregate Hour, string ETag)?> ReadHourAsync(DateTime hour, CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task<string> WriteHourAsync(HourAggregate hour, CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task DeleteHourAsync(DateTime hour, CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task<DateTimeOffset?> GetDocumentComputedAtAsync(CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task WriteDocumentAsync(CtrDocument document, CancellationToken cancellation = default) => throw new NotSupportedException();
    }

    private static CtrDocument Document(long impressions, long clicks) => CtrDocument.Combine(
        [new HourAggregate(Hour10, DateTimeOffset.UnixEpoch, true, new CtrCounts { Overall = new GroupCounts(impressions, clicks) })],
        new DateTimeOffset(Hour10.AddHours(1)), 1, 20_000);

    private static SharedLearningState State(MemoryStore store) =>
        new(store, Options.Create(new CtrOptions()), NullLogger<SharedLearningState>.Instance);

    [Fact]
    public async Task It_starts_empty_and_swaps_in_each_new_version_once()
    {
        var store = new MemoryStore();
        var state = State(store);
        Assert.Same(LearningSnapshot.Empty, state.Current);

        Assert.True(await state.RefreshAsync());           // no ctr.json yet: loaded, empty
        Assert.Null(state.Loaded!.Document);
        Assert.Same(LearningSnapshot.Empty, state.Current);

        store.Document = Document(100, 5);
        Assert.True(await state.RefreshAsync());
        Assert.Equal(0.05, state.Current.OverallCtr, 12);
        Assert.False(await state.RefreshAsync());           // same ETag: not read again
        Assert.Equal(1, store.Reads);

        store.Document = Document(100, 10);
        store.ETag = "\"2\"";
        Assert.True(await state.RefreshAsync());
        Assert.Equal(0.10, state.Current.OverallCtr, 12);
    }

    [Fact]
    public async Task Storage_trouble_or_an_unreadable_blob_keeps_the_last_snapshot()
    {
        var store = new MemoryStore { Document = Document(100, 5) };
        var state = State(store);
        await state.RefreshAsync();
        var kept = state.Current;

        store.Down = true;
        await Assert.ThrowsAsync<StorageUnavailableException>(() => state.RefreshAsync());
        Assert.Same(kept, state.Current);
        Assert.IsType<StorageUnavailableException>(state.LastFailure);
        Assert.Same(kept, (await state.GetAsync())!.Snapshot); // requests keep being answered

        store.Down = false;
        store.Unreadable = true;
        store.ETag = "\"2\"";
        await Assert.ThrowsAsync<JsonException>(() => state.RefreshAsync());
        Assert.Same(kept, state.Current);

        store.Unreadable = false;
        store.Document = Document(100, 20);
        Assert.True(await state.RefreshAsync());
        Assert.Null(state.LastFailure);
        Assert.Equal(0.2, state.Current.OverallCtr, 12);
    }

    [Fact]
    public async Task A_request_with_nothing_read_and_storage_down_fails_as_storage_unavailable()
    {
        var state = State(new MemoryStore { Down = true });
        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() => state.GetAsync());
        Assert.Equal("blob container 'analytics'", e.Resource);
        Assert.Same(LearningSnapshot.Empty, state.Current);
    }

    [Fact]
    public async Task A_request_with_nothing_read_yet_reads_once()
    {
        var store = new MemoryStore { Document = Document(10, 1) };
        var loaded = await State(store).GetAsync();
        Assert.Equal(new GroupCounts(10, 1), loaded!.Document!.Total().Overall);
    }

    [Fact]
    public async Task A_report_is_built_once_per_copy_and_range()
    {
        var store = new MemoryStore { Document = Document(100, 5) };
        var state = State(store);
        await state.RefreshAsync();
        var loaded = state.Loaded!;
        var report = loaded.Report(null, null, 10, new CtrOptions(), 1);
        Assert.Same(report, loaded.Report(null, null, 10, new CtrOptions(), 1));
        Assert.NotSame(report, loaded.Report(null, null, 5, new CtrOptions(), 1));
        Assert.Equal(100, report.Overall.Impressions);

        store.Document = Document(200, 5);
        store.ETag = "\"2\"";
        await state.RefreshAsync();
        Assert.Equal(200, state.Loaded!.Report(null, null, 10, new CtrOptions(), 1).Overall.Impressions);
    }
}
