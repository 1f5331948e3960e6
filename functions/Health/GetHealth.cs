using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Teddy.Feedback;
using Teddy.Functions.Http;
using Teddy.Serving;
using Teddy.Training;
using Teddy.Storage;

namespace Teddy.Functions.Health;

/// <summary>
/// GET api/health — 200 when every dependency answers and a model is loaded; 503 with Retry-After (same body)
/// otherwise. Answers within about a second whatever storage does: the dependency checks
/// (<see cref="HealthCheckService"/>: <c>blob:&lt;models container&gt;</c>, <c>table:&lt;clicks table&gt;</c>, and any
/// other registered check) run in parallel, each within <c>Teddy:Storage:HealthTimeoutSeconds</c>, and a model
/// still loading is waited for no longer than that.
/// Body: <c>status</c> (ok | degraded), <c>model_loaded</c>, <c>model_version</c>, <c>model_type</c>,
/// <c>storage</c> (reachable | unreachable), <c>dependencies</c> (name → status ok | down, detail, duration_ms),
/// <c>detail</c> (names what is down), <c>checked_at</c>, and <c>warnings</c>: conditions that do not stop serving,
/// such as the last retrain refused by the data-quality gates or failed (the service still answers 200);
/// <c>impressions</c> (this instance's impression log: pending, recorded, dropped, saved, failed) and <c>recent_events</c>
/// (its real-time cache: users, hits, misses, reads, failures, late answers, mean read time); <c>candidate_cache</c> (the serving
/// model's candidate cache: users, hits, misses since it loaded; null without a model).
/// </summary>
public sealed class GetHealth(ServingModelProvider models, HealthCheckService checks, IOptions<StorageOptions> storage,
    TimeProvider clock, RetrainWarnings retrainWarnings, ImpressionLog impressions, RecentEventCache recent)
{
    [Function(nameof(GetHealth))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/health")] HttpRequest request,
        CancellationToken cancellation)
    {
        var timeout = TimeSpan.FromSeconds(storage.Value.HealthTimeoutSeconds);
        var checking = checks.CheckHealthAsync(cancellation);
        var loading = ServingModelAsync(timeout, cancellation);
        var report = await checking;
        var model = await loading;

        var dependencies = report.Entries.ToDictionary(e => e.Key, e => new Dependency(
            e.Value.Status == HealthStatus.Healthy ? "ok" : "down",
            e.Value.Exception is OperationCanceledException ? $"did not answer within {Seconds(timeout)}" : e.Value.Description,
            Math.Round(e.Value.Duration.TotalMilliseconds, 1)));
        var down = dependencies.Where(d => d.Value.Status != "ok").Select(d => $"{d.Key} {d.Value.Detail}").ToArray();
        bool storageUp = report.Entries.Where(e => e.Value.Tags.Contains(StorageHealthChecks.Tag)).All(e => e.Value.Status == HealthStatus.Healthy);
        bool healthy = down.Length == 0 && model is not null;

        // The last retrain refused or failed: still serving (200), but the model is older than the data.
        var warnings = await retrainWarnings.GetAsync(model?.Version, refresh: storageUp, cancellation);
        var body = new
        {
            status = healthy ? "ok" : "degraded",
            model_loaded = model is not null,
            model_version = model?.Version,
            model_type = model?.Metadata.ModelType,
            storage = storageUp ? "reachable" : "unreachable",
            dependencies,
            detail = down.Length > 0 ? "Down: " + string.Join("; ", down) + "." : model is null ? "No model is loaded yet." : null,
            checked_at = clock.GetUtcNow(),
            warnings,
            impressions = Impressions(impressions.Status),
            recent_events = RecentEvents(recent.Status),
            candidate_cache = model?.CandidateCache is { } cache ? new { enabled = cache.Enabled, users = cache.Users, hits = cache.Hits, misses = cache.Misses } : null,
        };
        return healthy ? new OkObjectResult(body) : new ServiceUnavailableResult(body);
    }

    /// <summary>The serving model, waiting for one that is still loading no longer than the dependency checks take.</summary>
    private async Task<ServingModel?> ServingModelAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        if (models.Current is { } current) return current;
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        wait.CancelAfter(timeout);
        try
        {
            return await models.GetAsync(wait.Token);
        }
        catch (Exception e) when (e is StorageUnavailableException || (e is OperationCanceledException && !cancellation.IsCancellationRequested))
        {
            return models.Current; // storage is reported by its own checks
        }
    }

    private static object Impressions(ImpressionLogStatus s) => new
    {
        capacity = s.Capacity, pending = s.Pending, recorded = s.Recorded, dropped = s.Dropped, saved = s.Saved, failed = s.Failed,
        failed_batches = s.FailedBatches, last_failure_at = s.LastFailureAt, last_failure = s.LastFailure,
    };

    private static object RecentEvents(RecentEventCacheStatus s) => new
    {
        enabled = s.Enabled, users = s.Users, hits = s.Hits, misses = s.Misses, reads = s.Reads, failures = s.Failures, late = s.Late,
        mean_read_ms = s.MeanReadMs,
    };

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    public sealed record Dependency(
        [property: System.Text.Json.Serialization.JsonPropertyName("status")] string Status,
        [property: System.Text.Json.Serialization.JsonPropertyName("detail")] string? Detail,
        [property: System.Text.Json.Serialization.JsonPropertyName("duration_ms")] double DurationMs);
}
