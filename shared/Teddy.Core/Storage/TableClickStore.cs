using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Teddy.Feedback;

namespace Teddy.Storage;

/// <summary>
/// Clicks in Table Storage. PartitionKey is the UTC day the click arrived (yyyyMMdd), so the CTR job reads
/// a time window partition by partition; RowKey is the click id made key-safe (<see cref="TableKeys"/>:
/// escaped, or hashed when the escaped id is too long), so a repeated click id collides and is stored once.
/// The original id is kept in the ClickId property and compared whenever a key is already taken, so two
/// ids sharing a hash key are never mistaken for one. A retry that crosses midnight is caught by also
/// looking in the previous day's partition during the first minutes of a day.
/// <para>
/// Nothing is reported stored unless the service confirmed it: the add itself succeeded, or the key already
/// holds this click id (a retry, or the SDK's own retry of an add whose answer was lost — reported as
/// <see cref="ClickRecording.AlreadyStored"/>). Every call completes within its timeout (default: the request
/// budget's) or throws <see cref="StorageUnavailableException"/>: storage could not confirm in time.
/// </para>
/// </summary>
public sealed class TableClickStore : IClickStore
{
    /// <summary>How long after midnight a click id is also checked against the previous day.</summary>
    public static readonly TimeSpan MidnightRetryWindow = TimeSpan.FromMinutes(15);

    private readonly TableClient _table;
    private readonly StorageBudget _budget;
    private readonly Func<string, string> _hash;

    public TableClickStore(TableClient table, TimeSpan? timeout = null)
        : this(table, timeout, TableKeys.Sha256Hex)
    {
    }

    /// <summary>With another hash for long ids: tests use it to force two ids onto one key.</summary>
    internal TableClickStore(TableClient table, TimeSpan? timeout, Func<string, string> hash)
    {
        _table = table;
        _budget = new StorageBudget($"table '{table.Name}'", timeout ?? StorageRetryOptions.RequestDefaults().Timeout);
        _hash = hash;
    }

    public Task<ClickRecording> RecordAsync(Click click, CancellationToken cancellation = default) =>
        _budget.RunAsync(async token =>
        {
            var day = click.ReceivedAt.UtcDateTime;
            if (day.TimeOfDay < MidnightRetryWindow && await FindEntityAsync(PartitionFor(day.AddDays(-1)), click.ClickId, token) is not null)
                return ClickRecording.AlreadyStored;

            string partition = PartitionFor(day);
            for (int probe = 0; probe < TableKeys.MaxProbes; probe++)
            {
                var entity = ToEntity(click, partition, TableKeys.For(click.ClickId, probe, _hash));
                if (await TryAddAsync(entity, token)) return ClickRecording.Stored;

                // The key is taken: by this click (a repeat) or, for a hash key, possibly by another id.
                var holder = await _table.GetEntityIfExistsAsync<TableEntity>(partition, entity.RowKey, ["ClickId"], token);
                if (!holder.HasValue)
                {
                    probe--; // deleted in between: the key is free again
                    continue;
                }
                if (holder.Value!.GetString("ClickId") == click.ClickId) return ClickRecording.AlreadyStored;
            }
            throw new InvalidOperationException($"Click id '{click.ClickId}' found all {TableKeys.MaxProbes} of its keys held by other ids.");
        }, cancellation);

    public Task<Click?> FindAsync(string clickId, DateTimeOffset receivedAround, CancellationToken cancellation = default) =>
        _budget.RunAsync(async token =>
        {
            foreach (var day in new[] { receivedAround.UtcDateTime, receivedAround.UtcDateTime.AddDays(-1) })
            {
                if (await FindEntityAsync(PartitionFor(day), clickId, token) is { } entity) return FromEntity(entity);
            }
            return null;
        }, cancellation);

    public static string PartitionFor(DateTime utcDay) => utcDay.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    /// <summary>Adds the entity; false when its key is taken. Creates the table on first use.</summary>
    private async Task<bool> TryAddAsync(TableEntity entity, CancellationToken cancellation)
    {
        try
        {
            try
            {
                await _table.AddEntityAsync(entity, cancellation);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                await _table.CreateIfNotExistsAsync(cancellation);
                await _table.AddEntityAsync(entity, cancellation);
            }
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return false;
        }
    }

    /// <summary>The entity holding <paramref name="clickId"/> in a partition: its own key, then its probes until a free one.</summary>
    private async Task<TableEntity?> FindEntityAsync(string partition, string clickId, CancellationToken cancellation)
    {
        for (int probe = 0; probe < TableKeys.MaxProbes; probe++)
        {
            NullableResponse<TableEntity> found;
            try
            {
                found = await _table.GetEntityIfExistsAsync<TableEntity>(partition, TableKeys.For(clickId, probe, _hash), cancellationToken: cancellation);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return null; // no table yet
            }
            if (!found.HasValue) return null;
            if (found.Value!.GetString("ClickId") == clickId) return found.Value;
        }
        return null;
    }

    private static TableEntity ToEntity(Click click, string partition, string rowKey) => new(partition, rowKey)
    {
        ["ClickId"] = click.ClickId,
        ["UserId"] = click.UserId,
        ["ProductId"] = click.ProductId,
        ["Position"] = click.Position,
        ["RecommendationType"] = click.RecommendationType,
        ["ModelVersion"] = click.ModelVersion,
        ["ReceivedAt"] = click.ReceivedAt,
        ["ProductKnown"] = click.ProductKnown,
        ["CheckedModelVersion"] = click.CheckedModelVersion,
        ["AttributionToken"] = click.AttributionToken,
    };

    private static Click FromEntity(TableEntity entity) => new(
        entity.GetString("ClickId"),
        entity.GetString("UserId"),
        entity.GetString("ProductId"),
        entity.GetInt32("Position") ?? 0,
        entity.GetString("RecommendationType"),
        entity.GetString("ModelVersion"),
        entity.GetDateTimeOffset("ReceivedAt") ?? default,
        entity.GetBoolean("ProductKnown"),
        entity.GetString("CheckedModelVersion"),
        entity.GetString("AttributionToken"));
}
