using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace Teddy.Feedback;

/// <summary>
/// The impressions served by this instance, on their way to the impressions table, off the request path: a request
/// hands its impression over with <see cref="Record"/> (no storage call, no lock, no wait) and
/// <see cref="ImpressionFlusher"/> writes them in batches in the background. The buffer is bounded
/// (<see cref="FeedbackOptions.ImpressionBuffer"/>): when it is full the new impression is dropped and counted, so a
/// slow or unreachable storage account never slows or fails a response. Every outcome is counted
/// (<see cref="Status"/>) and logged by the flusher; nothing is lost silently.
/// </summary>
public sealed class ImpressionLog
{
    private readonly Channel<Impression> _buffer;
    private long _recorded, _dropped, _saved, _failed, _failedBatches;
    private volatile string? _lastFailure;
    private DateTimeOffset? _lastFailureAt;
    private readonly Lock _failureGate = new();

    private readonly Observability.TeddyMetrics? _metrics;

    /// <param name="metrics">Where saved and dropped impressions are also counted as metrics; null in hosts without them.</param>
    public ImpressionLog(IOptions<FeedbackOptions> options, Observability.TeddyMetrics? metrics = null)
    {
        _metrics = metrics;
        Capacity = options.Value.ImpressionBuffer;
        _buffer = Channel.CreateBounded<Impression>(new BoundedChannelOptions(Capacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then answers false instead of dropping silently
            SingleReader = true,
            SingleWriter = false,
        });
    }

    public int Capacity { get; }

    /// <summary>Buffers the impression for writing; false (and counted as dropped) when the buffer is full. Never blocks.</summary>
    public bool Record(Impression impression)
    {
        if (_buffer.Writer.TryWrite(impression))
        {
            Interlocked.Increment(ref _recorded);
            return true;
        }
        Interlocked.Increment(ref _dropped);
        _metrics?.ImpressionsDropped(1, "buffer_full");
        return false;
    }

    /// <summary>The counters now.</summary>
    public ImpressionLogStatus Status
    {
        get
        {
            lock (_failureGate)
                return new ImpressionLogStatus(Capacity, _buffer.Reader.Count, Interlocked.Read(ref _recorded), Interlocked.Read(ref _dropped),
                    Interlocked.Read(ref _saved), Interlocked.Read(ref _failed), Interlocked.Read(ref _failedBatches), _lastFailureAt, _lastFailure);
        }
    }

    /// <summary>The flusher's end of the buffer.</summary>
    internal ChannelReader<Impression> Reader => _buffer.Reader;

    internal void CountSaved(int impressions)
    {
        Interlocked.Add(ref _saved, impressions);
        _metrics?.ImpressionsRecorded(impressions);
    }

    internal void CountFailed(int impressions, int batches, string reason, DateTimeOffset at)
    {
        Interlocked.Add(ref _failed, impressions);
        Interlocked.Add(ref _failedBatches, batches);
        _metrics?.ImpressionsDropped(impressions, "write_failed");
        lock (_failureGate)
        {
            _lastFailure = reason;
            _lastFailureAt = at;
        }
    }
}

/// <summary>
/// The impression log's counters since the instance started. Every impression recorded is eventually saved or failed
/// (or still pending); dropped ones never entered the buffer.
/// </summary>
/// <param name="Pending">Impressions buffered now, not yet written.</param>
/// <param name="Recorded">Impressions accepted into the buffer.</param>
/// <param name="Dropped">Impressions not recorded because the buffer was full.</param>
/// <param name="Saved">Impressions written to the impressions table.</param>
/// <param name="Failed">Impressions whose write failed after the background retries, or that were still buffered when a stop's flush ran out of time.</param>
/// <param name="FailedBatches">Entity-group transactions that failed.</param>
public sealed record ImpressionLogStatus(
    int Capacity,
    int Pending,
    long Recorded,
    long Dropped,
    long Saved,
    long Failed,
    long FailedBatches,
    DateTimeOffset? LastFailureAt,
    string? LastFailure);

/// <summary>The impressions table: upserts (replace), so a retried batch stores each impression once.</summary>
public interface IImpressionStore
{
    /// <summary>
    /// Writes the impressions (any partitions: they are grouped into entity-group transactions of at most 100, one
    /// partition each). Never throws for a failed transaction: the result counts what was saved and what was not.
    /// </summary>
    Task<ImpressionSaveResult> SaveAsync(IReadOnlyList<Impression> impressions, CancellationToken cancellation = default);

    /// <summary>The impression a token names (one point read), or null when none is stored (yet).</summary>
    Task<Impression?> FindAsync(string attributionToken, CancellationToken cancellation = default);
}

/// <summary>The outcome of one <see cref="IImpressionStore.SaveAsync"/>: impressions saved, not saved, failed transactions, and why (the first failure).</summary>
public sealed record ImpressionSaveResult(int Saved, int Failed, int FailedBatches, string? Failure);
