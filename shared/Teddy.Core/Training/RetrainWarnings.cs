using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;

namespace Teddy.Training;

/// <summary>A condition <c>GET api/health</c> reports while still serving (status 200).</summary>
/// <param name="Code"><c>retrain_refused</c> or <c>retrain_failed</c>.</param>
public sealed record HealthWarning(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("retrain_id")] string RetrainId,
    [property: JsonPropertyName("trigger")] string Trigger,
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("finished_at")] DateTimeOffset? FinishedAt,
    [property: JsonPropertyName("detail")] string Detail);

/// <summary>
/// The health check's retrain warnings: the last finished retrain, when it was refused by the data-quality gates
/// or failed (the serving model is older than the data). A refused version someone has since promoted by hand
/// warns no more. The status records are read at most every 10 seconds per instance and within 500 ms, and not at
/// all while storage is known to be unreachable, so the health check stays fast; when they cannot be read, the last
/// known warnings are kept.
/// </summary>
public sealed class RetrainWarnings(IRetrainRuns runs, TimeProvider clock, ILogger<RetrainWarnings> logger)
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(500);
    private readonly SemaphoreSlim _reading = new(1, 1);
    private RetrainRun? _lastFinished;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    /// <param name="servingVersion">The version this instance serves (a refused version promoted since warns no more).</param>
    /// <param name="refresh">False when storage is known to be down: answer from what was read last.</param>
    public async Task<IReadOnlyList<HealthWarning>> GetAsync(string? servingVersion, bool refresh = true, CancellationToken cancellation = default)
    {
        if (refresh && clock.GetUtcNow() - _readAt > Fresh && await _reading.WaitAsync(0, cancellation))
        {
            try
            {
                using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                budget.CancelAfter(Budget);
                _lastFinished = (await runs.ListAsync(budget.Token)).Where(r => r.IsFinished).MaxBy(r => r.FinishedAt);
                _readAt = clock.GetUtcNow();
            }
            catch (Exception e) when (!cancellation.IsCancellationRequested)
            {
                logger.LogWarning("Retrain status records could not be read for the health check: {Message}", e.Message);
            }
            finally
            {
                _reading.Release();
            }
        }
        return Warnings(_lastFinished, servingVersion);
    }

    private static IReadOnlyList<HealthWarning> Warnings(RetrainRun? last, string? servingVersion) => last switch
    {
        { State: RetrainState.Refused } when last.Version != servingVersion =>
        [
            new HealthWarning("retrain_refused", last.Id, last.Trigger, last.Version, last.FinishedAt,
                $"The last retrain ({last.Id}) was refused by the data-quality gates; still serving {servingVersion ?? "no model"}. {last.Reason}"),
        ],
        { State: RetrainState.Failed } =>
        [
            new HealthWarning("retrain_failed", last.Id, last.Trigger, null, last.FinishedAt,
                $"The last retrain ({last.Id}) failed; still serving {servingVersion ?? "no model"}. {last.Error ?? last.Reason}"),
        ],
        _ => [],
    };
}
