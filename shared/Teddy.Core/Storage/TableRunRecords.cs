using Azure;
using Azure.Data.Tables;

namespace Teddy.Storage;

/// <summary>
/// Status records of queued work (retrains, simulations) in Table Storage, one row per run: PartitionKey <c>run</c> (a
/// few dozen rows, read together by the list and the pruning), RowKey the run id (already key-safe: the subclass's
/// <see cref="IsValidId"/>), the record as JSON in <c>Record</c>, and its state, request time and the subclass's
/// <see cref="Columns"/> as columns for people browsing the table. Every operation completes within the timeout given
/// or fails as <see cref="StorageUnavailableException"/>.
/// </summary>
/// <typeparam name="TRun">The record type, stored as its own JSON.</typeparam>
public abstract class TableRunRecords<TRun>(TableClient table, TimeSpan? timeout) where TRun : class
{
    private const string Partition = "run";
    private readonly StorageBudget _budget = new($"table '{table.Name}'", timeout ?? StorageRetryOptions.RequestDefaults().Timeout);
    private bool _created;

    /// <summary>The run's id, its row key.</summary>
    protected abstract string IdOf(TRun run);

    /// <summary>When the run was requested: the list's order, newest first.</summary>
    protected abstract DateTimeOffset RequestedAtOf(TRun run);

    /// <summary>The run's state as a column.</summary>
    protected abstract string StateOf(TRun run);

    /// <summary>The columns beside state and request time, for people browsing the table.</summary>
    protected abstract IEnumerable<KeyValuePair<string, object?>> Columns(TRun run);

    protected abstract string ToJson(TRun run);

    protected abstract TRun FromJson(string json);

    /// <summary>Whether <paramref name="id"/> can be a run's id (anything else is not looked up).</summary>
    protected abstract bool IsValidId(string id);

    public Task SaveAsync(TRun run, CancellationToken cancellation = default) => _budget.RunAsync(async cancellation =>
    {
        await EnsureTableAsync(cancellation);
        var entity = new TableEntity(Partition, IdOf(run)) { ["State"] = StateOf(run) };
        foreach (var (name, value) in Columns(run)) entity[name] = value;
        entity["RequestedAt"] = RequestedAtOf(run);
        entity["Record"] = ToJson(run);
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellation);
    }, cancellation);

    public Task<TRun?> GetAsync(string id, CancellationToken cancellation = default) => _budget.RunAsync(async cancellation =>
    {
        if (!IsValidId(id)) return null;
        await EnsureTableAsync(cancellation);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, id, ["Record"], cancellation);
        return found.HasValue && found.Value?.GetString("Record") is { } json ? FromJson(json) : null;
    }, cancellation);

    /// <summary>Every kept record, newest request first.</summary>
    public Task<IReadOnlyList<TRun>> ListAsync(CancellationToken cancellation = default) => _budget.RunAsync<IReadOnlyList<TRun>>(async cancellation =>
    {
        await EnsureTableAsync(cancellation);
        var runs = new List<TRun>();
        await foreach (var entity in table.QueryAsync<TableEntity>(e => e.PartitionKey == Partition, select: ["Record"], cancellationToken: cancellation))
            if (entity.GetString("Record") is { } json) runs.Add(FromJson(json));
        return runs.OrderByDescending(RequestedAtOf).ThenByDescending(IdOf, StringComparer.Ordinal).ToArray();
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
