using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Teddy.Feedback;

namespace Teddy.Storage;

/// <summary>
/// Clicks in Table Storage. PartitionKey is the UTC day the click arrived (yyyyMMdd), so the CTR job reads
/// a time window partition by partition; RowKey is the escaped click id, so a repeated click id collides
/// and is stored once. A retry that crosses midnight is caught by also looking in the previous day's
/// partition during the first minutes of a day.
/// </summary>
public sealed class TableClickStore(TableClient table) : IClickStore
{
    /// <summary>How long after midnight a click id is also checked against the previous day.</summary>
    public static readonly TimeSpan MidnightRetryWindow = TimeSpan.FromMinutes(15);

    private bool _created;

    public async Task<ClickRecording> RecordAsync(Click click, CancellationToken cancellation = default)
    {
        await EnsureTableAsync(cancellation);
        var day = click.ReceivedAt.UtcDateTime;
        if (day.TimeOfDay < MidnightRetryWindow && await ExistsAsync(PartitionFor(day.AddDays(-1)), click.ClickId, cancellation))
            return ClickRecording.AlreadyStored;

        try
        {
            await table.AddEntityAsync(ToEntity(click), cancellation);
            return ClickRecording.Stored;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return ClickRecording.AlreadyStored;
        }
    }

    public async Task<Click?> FindAsync(string clickId, DateTimeOffset receivedAround, CancellationToken cancellation = default)
    {
        await EnsureTableAsync(cancellation);
        foreach (var day in new[] { receivedAround.UtcDateTime, receivedAround.UtcDateTime.AddDays(-1) })
        {
            var found = await table.GetEntityIfExistsAsync<TableEntity>(PartitionFor(day), TableKeys.Escape(clickId), cancellationToken: cancellation);
            if (found.HasValue && found.Value is { } entity) return FromEntity(entity);
        }
        return null;
    }

    public static string PartitionFor(DateTime utcDay) => utcDay.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private async Task<bool> ExistsAsync(string partition, string clickId, CancellationToken cancellation)
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(partition, TableKeys.Escape(clickId), ["RowKey"], cancellation);
        return found.HasValue;
    }

    private async Task EnsureTableAsync(CancellationToken cancellation)
    {
        if (_created) return;
        await table.CreateIfNotExistsAsync(cancellation);
        _created = true;
    }

    private static TableEntity ToEntity(Click click) => new(PartitionFor(click.ReceivedAt.UtcDateTime), TableKeys.Escape(click.ClickId))
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
        entity.GetString("CheckedModelVersion"));
}
