using Azure;
using Azure.Data.Tables;
using Teddy.Training;

namespace Teddy.Storage;

/// <summary>
/// Retrain status records in Table Storage, one row per retrain: PartitionKey <c>run</c> (a few dozen rows,
/// read together by the list), RowKey the run id (already key-safe: <see cref="RetrainRun.IsValidId"/>), the
/// record as JSON in <c>Record</c>, and its state and request time as columns for people browsing the table.
/// Every operation completes within <paramref name="timeout"/> or fails as <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed class TableRetrainRuns(TableClient table, TimeSpan? timeout = null) : IRetrainRuns
{
    private const string Partition = "run";
    private readonly StorageBudget _budget = new($"table '{table.Name}'", timeout ?? StorageRetryOptions.RequestDefaults().Timeout);
    private bool _created;

    public Task SaveAsync(RetrainRun run, CancellationToken cancellation = default) => _budget.RunAsync(async cancellation =>
    {
        await EnsureTableAsync(cancellation);
        await table.UpsertEntityAsync(new TableEntity(Partition, run.Id)
        {
            ["State"] = run.State.ToString(),
            ["Trigger"] = run.Trigger,
            ["RequestedAt"] = run.RequestedAt,
            ["Record"] = run.ToJson(),
        }, TableUpdateMode.Replace, cancellation);
    }, cancellation);

    public Task<RetrainRun?> GetAsync(string id, CancellationToken cancellation = default) => _budget.RunAsync(async cancellation =>
    {
        if (!RetrainRun.IsValidId(id)) return null;
        await EnsureTableAsync(cancellation);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, id, ["Record"], cancellation);
        return found.HasValue && found.Value?.GetString("Record") is { } json ? RetrainRun.FromJson(json) : null;
    }, cancellation);

    public Task<IReadOnlyList<RetrainRun>> ListAsync(CancellationToken cancellation = default) => _budget.RunAsync<IReadOnlyList<RetrainRun>>(async cancellation =>
    {
        await EnsureTableAsync(cancellation);
        var runs = new List<RetrainRun>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, select: ["Record"], cancellationToken: cancellation))
            if (entity.GetString("Record") is { } json) runs.Add(RetrainRun.FromJson(json));
        return runs.OrderByDescending(r => r.RequestedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal).ToArray();
    }, cancellation);

    public Task DeleteAsync(string id, CancellationToken cancellation = default) => _budget.RunAsync(async cancellation =>
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
    }, cancellation);

    private async Task EnsureTableAsync(CancellationToken cancellation)
    {
        if (_created) return;
        await table.CreateIfNotExistsAsync(cancellation);
        _created = true;
    }
}
