using Azure;
using Azure.Data.Tables;
using Teddy.Training;

namespace Teddy.Storage;

/// <summary>
/// Retrain status records in Table Storage, one row per retrain: PartitionKey <c>run</c> (a few dozen rows,
/// read together by the list), RowKey the run id (already key-safe: <see cref="RetrainRun.IsValidId"/>), the
/// record as JSON in <c>Record</c>, and its state and request time as columns for people browsing the table.
/// </summary>
public sealed class TableRetrainRuns(TableClient table) : IRetrainRuns
{
    private const string Partition = "run";
    private bool _created;

    public async Task SaveAsync(RetrainRun run, CancellationToken cancellation = default)
    {
        await EnsureTableAsync(cancellation);
        await table.UpsertEntityAsync(new TableEntity(Partition, run.Id)
        {
            ["State"] = run.State.ToString(),
            ["Trigger"] = run.Trigger,
            ["RequestedAt"] = run.RequestedAt,
            ["Record"] = run.ToJson(),
        }, TableUpdateMode.Replace, cancellation);
    }

    public async Task<RetrainRun?> GetAsync(string id, CancellationToken cancellation = default)
    {
        if (!RetrainRun.IsValidId(id)) return null;
        await EnsureTableAsync(cancellation);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, id, ["Record"], cancellation);
        return found.HasValue && found.Value?.GetString("Record") is { } json ? RetrainRun.FromJson(json) : null;
    }

    public async Task<IReadOnlyList<RetrainRun>> ListAsync(CancellationToken cancellation = default)
    {
        await EnsureTableAsync(cancellation);
        var runs = new List<RetrainRun>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, select: ["Record"], cancellationToken: cancellation))
            if (entity.GetString("Record") is { } json) runs.Add(RetrainRun.FromJson(json));
        return runs.OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal).ToArray();
    }

    public async Task DeleteAsync(string id, CancellationToken cancellation = default)
    {
        await EnsureTableAsync(cancellation);
        try
        {
            await table.DeleteEntityAsync(Partition, id, ETag.All, cancellation);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Already gone.
        }
    }

    private async Task EnsureTableAsync(CancellationToken cancellation)
    {
        if (_created) return;
        await table.CreateIfNotExistsAsync(cancellation);
        _created = true;
    }
}
