using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Teddy.Artifacts;
using Teddy.Evaluation;
using Teddy.Interactions;
using Teddy.Interchange;
using Teddy.Observability;
using Teddy.Ranking;
using Teddy.Serving;

namespace Teddy.Training;

public enum RetrainStatus
{
    /// <summary>Trained and stored; promoted if the decision allowed (<see cref="RetrainResult.Promoted"/>).</summary>
    Completed,
    /// <summary>Trained and stored, but the data-quality gates refused promotion: the serving model stays.</summary>
    Refused,
    /// <summary>No model can be trained on this data (nothing stored; the serving model stays).</summary>
    Untrainable,
    /// <summary>The catalog or events blob does not exist (nothing stored).</summary>
    NoData,
    /// <summary>Another retrain holds the lock; nothing was done and no record was changed.</summary>
    Busy,
}

/// <summary>Which attempt of a request this is: a queued retrain is retried by the queue; the last attempt's failure is final.</summary>
public readonly record struct RetrainAttempt(int Number, bool IsLast)
{
    /// <summary>A run with no retry behind it (the timer, start-up, tests).</summary>
    public static readonly RetrainAttempt Only = new(1, true);
}

/// <summary>What a retrain did; <see cref="Run"/> is its final status record (null when busy).</summary>
public sealed record RetrainResult(RetrainStatus Status, RetrainRun? Run, TrainingReport? Report)
{
    public string? Version => Run?.Version;
    public bool Promoted => Run?.Promoted == true;
    public string Reason => Run?.Reason ?? "Another retrain is running.";
}

/// <summary>
/// A retrain with storage around it (the queue trigger, the timer and start-up all call this): one at a time
/// across instances (a blob lease), read the data, train and evaluate, write the new version completely,
/// promote it only if the gates and the decision allow and the pointer has not moved meanwhile (ETag), keep the
/// last versions, refresh this instance's serving model, and keep the run's status record up to date. Only the
/// host's shutdown token is passed in: no HTTP request ever cancels stored work.
/// </summary>
public sealed class RetrainService(
    ITrainingData data,
    IModelStore store,
    IRetrainLock retrainLock,
    IRetrainRuns runs,
    ServingModelProvider provider,
    IOptions<TrainingOptions> training,
    IOptions<RankingOptions> ranking,
    IOptions<EventWeights> events,
    IOptions<RetrainOptions> retrain,
    TimeProvider clock,
    ILogger<RetrainService> logger,
    IRecordedEvents? recorded = null,
    TeddyMetrics? metrics = null,
    ISparkInterchange? spark = null)
{
    /// <summary>A new run with its own status record (timer, start-up, tests).</summary>
    public Task<RetrainResult> RunAsync(string trigger, CancellationToken cancellation = default) =>
        RunAsync(RetrainRequest.New(trigger, clock.GetUtcNow()), RetrainAttempt.Only, cancellation);

    /// <summary>
    /// Runs <paramref name="request"/> (its record is created if the request was not queued). Returns
    /// <see cref="RetrainStatus.Busy"/> without touching the record when another retrain holds the lock.
    /// Throws when the run crashes, after recording it: <c>failed</c> on the last attempt, else <c>queued</c>
    /// with the error (the queue retries it).
    /// </summary>
    public async Task<RetrainResult> RunAsync(RetrainRequest request, RetrainAttempt attempt, CancellationToken cancellation = default)
    {
        await using var held = await retrainLock.TryAcquireAsync(cancellation);
        if (held is null)
        {
            logger.LogInformation("Retrain {Id} ({Trigger}) not started: another retrain is running", request.Id, request.Trigger);
            metrics?.RetrainFinished(request.Trigger, "busy", null, false, TimeSpan.Zero);
            return new RetrainResult(RetrainStatus.Busy, null, null);
        }

        var run = (await runs.GetAsync(request.Id, cancellation) ?? RetrainRun.Queued(request)) with
        {
            State = RetrainState.Running, StartedAt = clock.GetUtcNow(), FinishedAt = null, Attempts = attempt.Number, Reason = null,
        };
        await runs.SaveAsync(run, cancellation);
        try
        {
            var result = await TrainAndStoreAsync(run, cancellation);
            await runs.SaveAsync(result.Run!, cancellation);
            await PruneRunsAsync();
            Observe(result.Run!, result.Report);
            return result;
        }
        catch (Exception e)
        {
            bool shutdown = e is OperationCanceledException && cancellation.IsCancellationRequested;
            string error = shutdown ? "The host shut down during the retrain." : Truncated($"{e.GetType().Name}: {e.Message}");
            var recorded = attempt.IsLast
                ? run with
                {
                    State = RetrainState.Failed, Failure = RetrainFailures.Error, Error = error, FinishedAt = clock.GetUtcNow(),
                    Reason = $"The retrain failed on attempt {attempt.Number}; nothing was stored and the serving model is unchanged.",
                }
                : run with { State = RetrainState.Queued, Error = error, Reason = $"Attempt {attempt.Number} failed; the queue retries it." };
            logger.LogError(e, "Retrain {Id} ({Trigger}) attempt {Attempt} failed{Final}", run.Id, run.Trigger, attempt.Number,
                attempt.IsLast ? "; no retry is left" : "; the queue retries it");
            await TrySaveAsync(recorded);
            Observe(recorded, null);
            throw;
        }
    }

    private async Task<RetrainResult> TrainAndStoreAsync(RetrainRun run, CancellationToken cancellation)
    {
        var pointer = await store.GetPointerAsync(cancellation);
        var baseline = pointer is null ? null : await BaselineAsync(pointer.Version, cancellation);
        var now = await FreeVersionTimeAsync(clock.GetUtcNow(), cancellation);
        var settings = new TeddySettings(training.Value, ranking.Value, events.Value.Validate());

        // Spark factors are read only when the als candidate is asked for (or serves, for the baseline's refit).
        var imported = spark is not null && (settings.Training.CandidateMethods().Contains(Recommenders.RecommenderMethods.Als)
            || baseline?.Method == Recommenders.RecommenderMethods.Als) ? await spark.ImportAsync(cancellation) : null;
        TrainingResult trained;
        try
        {
            await using var catalog = await data.OpenCatalogAsync(cancellation);
            await using var eventStream = await data.OpenEventsAsync(cancellation);
            // The events and clicks recorded through the API, learned from with the file's events (each event once).
            await using var recordedFile = recorded is null ? null : TemporaryFile();
            var recordedInput = recorded is null ? null : await ExportRecordedAsync(recorded, recordedFile!, run, cancellation);
            trained = await Task.Run(() => new ModelTrainer(settings).Train(catalog, eventStream, now, run.Trigger, baseline, recordedInput, imported), cancellation);
        }
        catch (FileNotFoundException e)
        {
            logger.LogWarning("Retrain {Id} ({Trigger}) has no data: {Message}", run.Id, run.Trigger, e.Message);
            return new RetrainResult(RetrainStatus.NoData, run with
            {
                State = RetrainState.Failed, Failure = RetrainFailures.NoData, Reason = e.Message, FinishedAt = clock.GetUtcNow(),
            }, null);
        }

        if (trained is UntrainableData untrainable)
        {
            logger.LogWarning("Retrain {Id} ({Trigger}) stored nothing: {Detail}", run.Id, run.Trigger, untrainable.Detail);
            return new RetrainResult(RetrainStatus.Untrainable, run with
            {
                State = RetrainState.Failed, Failure = RetrainFailures.UntrainableData, Reason = untrainable.Detail,
                Skipped = untrainable.Skipped, Ingestion = JsonNode.Parse(untrainable.Ingestion.ToJson()),
                TimingsMs = untrainable.TimingsMs, FinishedAt = clock.GetUtcNow(),
            }, null);
        }

        var outcome = (TrainingOutcome)trained;
        await store.SaveAsync(outcome.Metadata, outcome.Artifact, outcome.Report.ToJson(), cancellation);
        string version = outcome.Metadata.Version;
        var decision = outcome.Report.Decision;
        bool promoted = false;
        string reason = decision.Reason;
        if (decision.Promote)
        {
            promoted = await store.PromoteAsync(version, decision.Reason, pointer?.ETag, cancellation);
            if (!promoted) reason = "The model pointer moved while training (another promotion); this version was stored but not promoted.";
        }

        await PruneVersionsAsync(cancellation);
        if (promoted) await provider.RefreshAsync(cancellation);
        bool refused = decision.RefusedBy == PromotionDecision.RefusedByDataGates;
        logger.Log(refused ? LogLevel.Warning : LogLevel.Information,
            "Retrain {Id} ({Trigger}) stored {Version}: winner {Method}, promoted {Promoted} ({Reason}); skipped {Skipped}; ingestion {Ingestion}; stage timings (ms) {Timings}",
            run.Id, run.Trigger, version, outcome.Metadata.Method, promoted, reason,
            string.Join("; ", outcome.Report.Skipped.Select(s => $"{s.Method}: {s.Code}")), outcome.Metadata.Ingestion?.ToJsonString(),
            JsonSerializer.Serialize(outcome.Report.TimingsMs));

        var finished = run with
        {
            State = refused ? RetrainState.Refused : RetrainState.Succeeded, FinishedAt = clock.GetUtcNow(),
            Version = version, Promoted = promoted, Winner = outcome.Report.Selection.Winner, WinnerNdcg = decision.WinnerNdcg,
            Reason = reason, RefusedBy = decision.RefusedBy, Gates = decision.Gates, Skipped = outcome.Report.Skipped,
            TimingsMs = outcome.Report.TimingsMs, Error = null,
        };
        return new RetrainResult(refused ? RetrainStatus.Refused : RetrainStatus.Completed, finished, outcome.Report);
    }

    /// <summary>A scratch file for the recorded events (they can outgrow memory), deleted when closed.</summary>
    private static FileStream TemporaryFile() => new(Path.Combine(Path.GetTempPath(), $"teddy-recorded-{Guid.NewGuid():N}.ndjson"),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);

    private async Task<RecordedEventsInput> ExportRecordedAsync(IRecordedEvents source, FileStream file, RetrainRun run, CancellationToken cancellation)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        var export = await source.ExportAsync(file, cancellation);
        await file.FlushAsync(cancellation);
        file.Position = 0;
        logger.LogInformation("Retrain {Id} ({Trigger}) read {Rows} recorded events in {Milliseconds} ms", run.Id, run.Trigger, export.Rows,
            started.ElapsedMilliseconds);
        return new RecordedEventsInput(file, export.ReadAt);
    }

    /// <summary>The run's outcome, stage timings and gate decisions as metrics (a crash to be retried counts as <c>retrying</c>).</summary>
    private void Observe(RetrainRun run, TrainingReport? report)
    {
        if (metrics is null) return;
        string outcome = run.State == RetrainState.Queued ? "retrying" : run.State.ToString().ToLowerInvariant();
        var elapsed = (run.FinishedAt ?? clock.GetUtcNow()) - (run.StartedAt ?? clock.GetUtcNow());
        metrics.RetrainFinished(run.Trigger, outcome, run.Winner, run.Promoted == true, elapsed);
        if (run.TimingsMs is { } timings) metrics.TrainingStages(timings);
        metrics.GateDecisions(report?.Decision.Gates ?? run.Gates);
    }

    private async Task<ServingBaseline?> BaselineAsync(string version, CancellationToken cancellation)
    {
        var metadata = await store.GetMetadataAsync(version, cancellation);
        if (metadata is null) return null;
        TeddySettings? settings = null;
        try
        {
            settings = TeddySettings.FromJson(metadata.Settings);
        }
        catch (JsonException e)
        {
            logger.LogWarning(e, "The settings of serving model {Version} cannot be read; comparing with today's settings", version);
        }
        return new ServingBaseline(version, metadata.Method, settings, metadata.Data);
    }

    /// <summary>Versions are UTC seconds; two retrains within one second get consecutive seconds.</summary>
    private async Task<DateTimeOffset> FreeVersionTimeAsync(DateTimeOffset now, CancellationToken cancellation)
    {
        var taken = (await store.ListVersionsAsync(cancellation)).ToHashSet(StringComparer.Ordinal);
        while (taken.Contains(ModelVersion.For(now))) now = now.AddSeconds(1);
        return now;
    }

    private async Task PruneVersionsAsync(CancellationToken cancellation)
    {
        int keep = Math.Max(1, training.Value.Selection.KeepVersions);
        var current = (await store.GetPointerAsync(cancellation))?.Version;
        var versions = await store.ListVersionsAsync(cancellation);
        foreach (string old in versions.Take(Math.Max(0, versions.Count - keep)).Where(v => v != current))
        {
            await store.DeleteVersionAsync(old, cancellation);
            logger.LogInformation("Deleted model version {Version} (keeping the last {Keep})", old, keep);
        }
    }

    /// <summary>Keeps the newest status records; runs still queued or running are never deleted.</summary>
    private async Task PruneRunsAsync()
    {
        try
        {
            var finished = (await runs.ListAsync()).Where(r => r.IsFinished).ToArray();
            foreach (var old in finished.Skip(Math.Max(1, retrain.Value.KeepRuns))) await runs.DeleteAsync(old.Id);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not prune old retrain status records");
        }
    }

    /// <summary>Storage errors can quote whole responses; a status record keeps the first 2,000 characters.</summary>
    private static string Truncated(string text) => text.Length <= 2000 ? text : text[..2000] + "…";

    /// <summary>Records a failure even when the host is shutting down; a record that cannot be written is logged, not thrown.</summary>
    private async Task TrySaveAsync(RetrainRun run)
    {
        try
        {
            await runs.SaveAsync(run);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not record the state of retrain {Id}", run.Id);
        }
    }
}
