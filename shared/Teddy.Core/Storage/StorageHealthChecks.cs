using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Teddy.Storage;

/// <summary>
/// Health checks for the storage Teddy depends on, run in parallel by <see cref="HealthCheckService"/> for
/// <c>GET api/health</c>, each within <see cref="StorageOptions.HealthTimeoutSeconds"/>. Each is named
/// <c>kind:resource</c> (<c>blob:models</c>, <c>table:clicks</c>) so the answer says which dependency is down.
/// Another dependency (a queue) is one more registration with the <see cref="Tag"/> tag.
/// </summary>
public static class StorageHealthChecks
{
    /// <summary>Tag of every storage dependency check.</summary>
    public const string Tag = "storage";

    /// <summary>The check name for a blob container: <c>blob:models</c>.</summary>
    public static string BlobName(string container) => $"blob:{container}";

    /// <summary>The check name for a table: <c>table:clicks</c>.</summary>
    public static string TableName(string table) => $"table:{table}";

    /// <summary>The check name for a queue: <c>queue:retrain-requests</c>.</summary>
    public static string QueueName(string queue) => $"queue:{queue}";

    /// <summary>Healthy when the queue answers (whether or not it exists yet).</summary>
    public sealed class Queue(Azure.Storage.Queues.QueueClient queue) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellation = default) =>
            ProbeAsync(async () => await queue.ExistsAsync(cancellation), cancellation, context);
    }

    /// <summary>Healthy when the container answers (whether or not it exists yet).</summary>
    public sealed class BlobContainer(BlobContainerClient container) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellation = default) =>
            ProbeAsync(async () => await container.ExistsAsync(cancellation), cancellation, context);
    }

    /// <summary>Healthy when the table answers a one-row query (a table not created yet also answers).</summary>
    public sealed class Table(TableClient table) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellation = default) =>
            ProbeAsync(async () =>
            {
                try
                {
                    await foreach (var _ in table.QueryAsync<TableEntity>(maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellation).AsPages())
                        break;
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    // No table yet: it is created with the first click.
                }
            }, cancellation, context);
    }

    private static async Task<HealthCheckResult> ProbeAsync(Func<Task> probe, CancellationToken cancellation, HealthCheckContext context)
    {
        try
        {
            await probe();
            return HealthCheckResult.Healthy("reachable");
        }
        catch (Exception e) when (StorageFaults.IsUnavailable(e, cancellation) || e is RequestFailedException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, StorageFaults.Reason(e), e);
        }
    }
}
