using Azure;
using Azure.Data.Tables;
using Teddy.Simulation;

namespace Teddy.Storage;

/// <summary>
/// Simulation status records in Table Storage, one row per simulation, as <see cref="TableRetrainRuns"/> keeps retrains:
/// PartitionKey <c>run</c> (a few dozen rows, read together by the pruning), RowKey the run id (already key-safe:
/// <see cref="SimulationRun.IsValidId"/>), the record as JSON in <c>Record</c>, and its state, progress and request time
/// as columns for people browsing the table. Every operation completes within <paramref name="timeout"/> or fails as
/// <see cref="StorageUnavailableException"/>.
/// </summary>
public sealed class TableSimulationRuns(TableClient table, TimeSpan? timeout = null) : ISimulationRuns
{
    private const string Partition = "run";
    private readonly StorageBudget _budget = new($"table '{table.Name}'", timeout ?? StorageRetryOptions.RequestDefaults().Timeout);
    private bool _created;

    public Task SaveAsync(SimulationRun run, CancellationToken cancellation = default) => _budget.RunAsync(async cancellation =>
    {
        await EnsureTableAsync(cancellation);
        await table.UpsertEntityAsync(new TableEntity(Partition, run.Id)
        {
            ["State"] = run.State.ToString(),
            ["Sessions"] = run.Sessions,
            ["SessionsDone"] = run.SessionsDone,
            ["RequestedAt"] = run.RequestedAt,
            ["Record"] = run.ToJson(),
        }, TableUpdateMode.Replace, cancellation);
    }, cancellation);

    public Task<SimulationRun?> GetAsync(string id, CancellationToken cancellation = default) => _budget.RunAsync(async cancellation =>
    {
        if (!SimulationRun.IsValidId(id)) return null;
        await EnsureTableAsync(cancellation);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, id, ["Record"], cancellation);
        return found.HasValue && found.Value?.GetString("Record") is { } json ? SimulationRun.FromJson(json) : null;
    }, cancellation);

    public Task<IReadOnlyList<SimulationRun>> ListAsync(CancellationToken cancellation = default) => _budget.RunAsync<IReadOnlyList<SimulationRun>>(async cancellation =>
    {
        await EnsureTableAsync(cancellation);
        var runs = new List<SimulationRun>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, select: ["Record"], cancellationToken: cancellation))
            if (entity.GetString("Record") is { } json) runs.Add(SimulationRun.FromJson(json));
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
