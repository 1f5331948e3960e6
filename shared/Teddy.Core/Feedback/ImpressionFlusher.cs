using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Teddy.Feedback;

/// <summary>
/// Writes the <see cref="ImpressionLog"/>'s buffer to the impressions table every <see cref="FeedbackOptions.FlushSeconds"/>,
/// in entity-group transactions (the store groups by partition, at most 100 per transaction) with the background
/// storage budget's retries. A transaction that still fails is counted and logged with its impressions; so are
/// impressions dropped because the buffer was full (logged at most once per <see cref="ReportEvery"/>, with the count).
/// On shutdown the loop stops and what is still buffered is written within <see cref="FeedbackOptions.ShutdownFlushSeconds"/>
/// (and the host's shutdown timeout); what cannot be written by then is counted as failed and logged.
/// <para>
/// Hosted in both hosts (AddTeddy). Under the Functions isolated worker hosted services run in the worker process, so
/// this works the same there; the flush on shutdown only runs when the platform stops the worker gracefully (a scale-in
/// or deployment does; a crash or a kill does not: at most the last <see cref="FeedbackOptions.FlushSeconds"/> of
/// impressions are lost then, and never any click or event, which are stored before they are acknowledged).
/// </para>
/// </summary>
public sealed class ImpressionFlusher(ImpressionLog log, IImpressionStore store, IOptions<FeedbackOptions> options, TimeProvider clock,
    ILogger<ImpressionFlusher> logger) : BackgroundService
{
    /// <summary>How often a continuing overflow is logged (with the count since the last report).</summary>
    public static readonly TimeSpan ReportEvery = TimeSpan.FromSeconds(10);

    /// <summary>Impressions taken from the buffer per store call (bounds the memory of one flush).</summary>
    public const int MaxPerSave = 5000;

    private readonly CancellationTokenSource _abort = new();
    private long _droppedReported;
    private DateTimeOffset _lastReport = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.FlushSeconds), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                // Not the stopping token: a write in progress finishes (or runs out of the shutdown allowance) rather than being cut off.
                await FlushAsync(_abort.Token);
                ReportOverflow(force: false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync writes what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _abort.CancelAfter(TimeSpan.FromSeconds(options.Value.ShutdownFlushSeconds));
        await base.StopAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _abort.Token);
        int pending = log.Reader.Count;
        if (pending > 0) logger.LogInformation("Writing {Pending} buffered impressions before stopping", pending);
        await FlushAsync(deadline.Token);
        // What the allowance did not cover is lost: say so.
        int lost = 0;
        while (log.Reader.TryRead(out _)) lost++;
        if (lost > 0)
        {
            log.CountFailed(lost, 0, "still buffered when the instance stopped", clock.GetUtcNow());
            logger.LogError("{Lost} impressions were still buffered when the instance stopped and are lost", lost);
        }
        ReportOverflow(force: true);
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }

    /// <summary>Writes everything buffered now, <see cref="MaxPerSave"/> at a time; stops early when <paramref name="cancellation"/> fires.</summary>
    internal async Task FlushAsync(CancellationToken cancellation)
    {
        var batch = new List<Impression>(Math.Min(MaxPerSave, Math.Max(16, log.Reader.Count)));
        while (!cancellation.IsCancellationRequested)
        {
            batch.Clear();
            while (batch.Count < MaxPerSave && log.Reader.TryRead(out var impression)) batch.Add(impression);
            if (batch.Count == 0) return;
            ImpressionSaveResult result;
            try
            {
                result = await store.SaveAsync(batch, cancellation);
            }
            catch (Exception e)
            {
                // A bug or a cancelled stop: the batch is not known to be stored. Count it and carry on.
                result = new ImpressionSaveResult(0, batch.Count, 1, e is OperationCanceledException ? "the stop's flush ran out of time" : e.GetType().Name + ": " + e.Message);
            }
            log.CountSaved(result.Saved);
            if (result.Failed > 0)
            {
                log.CountFailed(result.Failed, result.FailedBatches, result.Failure ?? "unknown", clock.GetUtcNow());
                logger.LogError("{Failed} of {Count} impressions could not be written ({Batches} transactions failed): {Reason}",
                    result.Failed, batch.Count, result.FailedBatches, result.Failure);
            }
        }
    }

    private void ReportOverflow(bool force)
    {
        var now = clock.GetUtcNow();
        if (!force && now - _lastReport < ReportEvery) return;
        long dropped = log.Status.Dropped;
        if (dropped > _droppedReported)
        {
            logger.LogWarning("{Dropped} impressions were dropped because the buffer of {Capacity} was full ({Total} since start)",
                dropped - _droppedReported, log.Capacity, dropped);
            _droppedReported = dropped;
        }
        _lastReport = now;
    }
}
