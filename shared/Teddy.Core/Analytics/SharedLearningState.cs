using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Teddy.Learning;
using Teddy.Storage;

namespace Teddy.Analytics;

/// <summary>
/// This instance's copy of the shared click-through aggregates (<c>ctr.json</c>), the one truth every instance
/// reads: <see cref="LearningStateRefresher"/> checks the blob's ETag every <see cref="AggregationOptions.RefreshSeconds"/>
/// and, when it moved, reads and swaps the new copy in atomically (readers see the old or the new one, never a
/// mix). It starts as <see cref="LearningSnapshot.Empty"/>; on storage trouble or an unreadable blob it keeps
/// the last copy it had. Nothing here is instance-local truth: a restarted instance reads the same blob.
/// </summary>
public sealed class SharedLearningState(
    IAnalyticsStore store,
    IOptions<CtrOptions> ctr,
    ILogger<SharedLearningState> logger,
    IOptions<StorageOptions>? storage = null) : ILearningState
{
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private readonly Lock _firstLoadGate = new();
    private readonly TimeSpan _requestWait = (storage?.Value.Requests ?? StorageRetryOptions.RequestDefaults()).Timeout;
    private Task? _firstLoad;
    private volatile LoadedAggregates? _loaded;
    private volatile Exception? _lastFailure;

    /// <summary>What serving reads; <see cref="LearningSnapshot.Empty"/> until the first read of ctr.json.</summary>
    public LearningSnapshot Current => _loaded?.Snapshot ?? LearningSnapshot.Empty;

    /// <summary>The last copy read, or null when none was read yet.</summary>
    public LoadedAggregates? Loaded => _loaded;

    /// <summary>
    /// The aggregates for a request: the loaded copy, else one read of ctr.json waited for no longer than the
    /// request budget (<c>Teddy:Storage:Requests:TimeoutSeconds</c>). Null when the read failed for another
    /// reason than storage (an unreadable ctr.json: the next aggregation rewrites it).
    /// </summary>
    /// <exception cref="StorageUnavailableException">Nothing is loaded and storage did not answer within the request budget.</exception>
    public async Task<LoadedAggregates?> GetAsync(CancellationToken cancellation = default)
    {
        if (_loaded is { } loaded) return loaded;
        try
        {
            await FirstLoad().WaitAsync(_requestWait, cancellation);
        }
        catch (TimeoutException)
        {
            // A blob of a few hundred kilobytes not read within the budget: storage is down or too slow to wait for.
            if (_loaded is null)
                throw new StorageUnavailableException(store.Resource, _lastFailure is { } failure
                    ? StorageFaults.Reason(failure) : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"did not answer within {_requestWait.TotalSeconds:0.###} s"));
        }
        if (_loaded is null && _lastFailure is { } last && StorageFaults.IsUnavailable(last, CancellationToken.None))
            throw new StorageUnavailableException(store.Resource, StorageFaults.Reason(last), last);
        return _loaded;
    }

    /// <summary>Why the last read failed (null after a success): shown by the API beside an older copy.</summary>
    public Exception? LastFailure => _lastFailure;

    private Task FirstLoad()
    {
        lock (_firstLoadGate)
        {
            if (_firstLoad is null || _firstLoad.IsCompleted) _firstLoad = LoadInBackgroundAsync();
            return _firstLoad;
        }
    }

    private async Task LoadInBackgroundAsync()
    {
        await Task.Yield();
        try
        {
            await RefreshAsync(CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not read ctr.json; analytics answer 503 until it is read");
        }
    }

    /// <summary>Reads ctr.json when its ETag moved and swaps it in; true when it swapped. Failures keep the last copy and are rethrown.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellation = default)
    {
        await _refreshing.WaitAsync(cancellation);
        try
        {
            string? etag = await store.GetDocumentETagAsync(cancellation);
            var current = _loaded;
            if (etag is null)
            {
                // No aggregation has run yet (or the container was emptied): keep what we had, else report nothing yet.
                _loaded = current ?? new LoadedAggregates(null, LearningSnapshot.Empty, null, DateTimeOffset.UtcNow);
                _lastFailure = null;
                return current is null;
            }
            if (current?.ETag == etag)
            {
                _lastFailure = null;
                return false;
            }
            var read = await store.ReadDocumentAsync(cancellation);
            if (read is null) return false;
            _loaded = new LoadedAggregates(read.Document, read.Document.ToSnapshot(ctr.Value), read.ETag, DateTimeOffset.UtcNow);
            _lastFailure = null;
            return true;
        }
        catch (Exception e) when (e is JsonException || StorageFaults.IsUnavailable(e, cancellation))
        {
            _lastFailure = e;
            throw;
        }
        finally
        {
            _refreshing.Release();
        }
    }
}

/// <summary>A copy of ctr.json as read by this instance.</summary>
/// <param name="Document">null when no aggregation has run yet.</param>
/// <param name="ETag">The blob version read; null when there was none.</param>
public sealed record LoadedAggregates(CtrDocument? Document, LearningSnapshot Snapshot, string? ETag, DateTimeOffset ReadAt)
{
    /// <summary>Reports already built from this copy, by range and brand count (a dashboard polls the same ones).</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(DateOnly?, DateOnly?, int), CtrReport> _reports = new();

    /// <summary>Most distinct reports kept per copy; the copy itself is replaced when ctr.json changes.</summary>
    public const int MaxCachedReports = 32;

    /// <summary>The report for a range (<see cref="CtrReport.Build"/>), built once per copy of ctr.json.</summary>
    public CtrReport Report(DateOnly? from, DateOnly? to, int top, CtrOptions options, int clickWindowHours)
    {
        if (_reports.TryGetValue((from, to, top), out var cached)) return cached;
        var report = CtrReport.Build(Document, from, to, top, options, clickWindowHours, ReadAt);
        if (_reports.Count < MaxCachedReports) _reports.TryAdd((from, to, top), report);
        return report;
    }
}
