using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Teddy.Artifacts;
using Teddy.Interactions;
using Teddy.Ranking;
using Teddy.Serving;

namespace Teddy.Training;

public enum RetrainStatus
{
    /// <summary>Trained, stored and (if the decision allowed) promoted.</summary>
    Completed,
    /// <summary>Another retrain holds the lock; nothing was done.</summary>
    Busy,
}

public sealed record RetrainResult(RetrainStatus Status, string? Version, bool Promoted, string Reason, TrainingReport? Report);

/// <summary>
/// A retrain with storage around it (the timer and <c>POST api/models/retrain</c> both call this): one at a
/// time across instances (a blob lease), read the data, train and evaluate, write the new version
/// completely, promote it only if the decision allows and the pointer has not moved meanwhile (ETag),
/// keep the last versions, and refresh this instance's serving model.
/// </summary>
public sealed class RetrainService(
    ITrainingData data,
    IModelStore store,
    IRetrainLock retrainLock,
    ServingModelProvider provider,
    IOptions<TrainingOptions> training,
    IOptions<RankingOptions> ranking,
    IOptions<EventWeights> events,
    TimeProvider clock,
    ILogger<RetrainService> logger)
{
    public async Task<RetrainResult> RunAsync(string trigger, CancellationToken cancellation = default)
    {
        await using var held = await retrainLock.TryAcquireAsync(cancellation);
        if (held is null)
        {
            logger.LogInformation("Retrain ({Trigger}) skipped: another retrain is running", trigger);
            return new RetrainResult(RetrainStatus.Busy, null, false, "Another retrain is running.", null);
        }

        var pointer = await store.GetPointerAsync(cancellation);
        var baseline = pointer is null ? null : await BaselineAsync(pointer.Version, cancellation);
        var now = await FreeVersionTimeAsync(clock.GetUtcNow(), cancellation);

        var settings = new TeddySettings(training.Value, ranking.Value, events.Value.Validate());
        await using var catalog = await data.OpenCatalogAsync(cancellation);
        await using var eventStream = await data.OpenEventsAsync(cancellation);
        var outcome = await Task.Run(() => new ModelTrainer(settings).Train(catalog, eventStream, now, trigger, baseline), cancellation);

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

        await PruneAsync(cancellation);
        if (promoted) await provider.RefreshAsync(cancellation);
        logger.LogInformation(
            "Retrain ({Trigger}) stored {Version}: winner {Method}, promoted {Promoted} ({Reason}); ingestion {Ingestion}; stage timings (ms) {Timings}",
            trigger, version, outcome.Metadata.Method, promoted, reason, outcome.Metadata.Ingestion?.ToJsonString(),
            JsonSerializer.Serialize(outcome.Report.TimingsMs));
        return new RetrainResult(RetrainStatus.Completed, version, promoted, reason, outcome.Report);
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
        return new ServingBaseline(version, metadata.Method, settings);
    }

    /// <summary>Versions are UTC seconds; two retrains within one second get consecutive seconds.</summary>
    private async Task<DateTimeOffset> FreeVersionTimeAsync(DateTimeOffset now, CancellationToken cancellation)
    {
        var taken = (await store.ListVersionsAsync(cancellation)).ToHashSet(StringComparer.Ordinal);
        while (taken.Contains(ModelVersion.For(now))) now = now.AddSeconds(1);
        return now;
    }

    private async Task PruneAsync(CancellationToken cancellation)
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
}
