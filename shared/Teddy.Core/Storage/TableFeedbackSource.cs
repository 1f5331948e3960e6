using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Azure;
using Azure.Data.Tables;
using Teddy.Analytics;

namespace Teddy.Storage;

/// <summary>
/// Reads the impression and click tables for the click-through aggregation (see the issue 7 contract for their
/// shapes). Impressions of an hour live in the partitions <c>{yyyyMMddHH}-{shard}</c>; they are read as
/// <see cref="ImpressionRangeQueries"/> PartitionKey ranges in parallel, which covers any number of shards, each
/// row once. Clicks of a time range are read per UTC day partition, filtered by <c>ReceivedAt</c>. Only the
/// columns analytics need are fetched. Each page request runs within <paramref name="timeout"/> (the background
/// budget) or throws <see cref="StorageUnavailableException"/>; a table that does not exist yet reads as empty.
/// </summary>
public sealed class TableFeedbackSource(TableClient impressions, TableClient clicks, TimeSpan? timeout = null) : IFeedbackSource
{
    /// <summary>Parallel range queries per hour (shards 00–24, 25–49, 50–74, 75–99).</summary>
    public const int ImpressionRangeQueries = 4;

    private static readonly string[] ImpressionColumns = ["RowKey", "ListKind", "Method", "Items"];
    private static readonly string[] ClickColumns = ["ClickId", "AttributionToken", "ProductId", "Position", "RecommendationType", "ReceivedAt", "ProductKnown"];

    private readonly StorageBudget _impressionsBudget = new($"table '{impressions.Name}'", timeout ?? StorageRetryOptions.BackgroundDefaults().Timeout);
    private readonly StorageBudget _clicksBudget = new($"table '{clicks.Name}'", timeout ?? StorageRetryOptions.BackgroundDefaults().Timeout);

    public async IAsyncEnumerable<ClickRead> ReadClicksAsync(DateTime from, DateTime to, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        var start = new DateTimeOffset(DateTime.SpecifyKind(from, DateTimeKind.Utc));
        var end = new DateTimeOffset(DateTime.SpecifyKind(to, DateTimeKind.Utc));
        for (var day = from.Date; day < to; day = day.AddDays(1))
        {
            string filter = TableClient.CreateQueryFilter(
                $"PartitionKey eq {TableClickStore.PartitionFor(day)} and ReceivedAt ge {start} and ReceivedAt lt {end}");
            await foreach (var entity in QueryAsync(clicks, _clicksBudget, filter, ClickColumns, cancellation))
            {
                // The filter only returns rows with a ReceivedAt in range.
                var received = entity.GetDateTimeOffset("ReceivedAt") ?? start;
                string? clickId = entity.GetString("ClickId");
                string? product = entity.GetString("ProductId");
                if (string.IsNullOrEmpty(clickId) || string.IsNullOrEmpty(product))
                {
                    yield return new ClickRead(null, "missing_fields", received);
                    continue;
                }
                yield return new ClickRead(new ClickRecord(clickId, entity.GetString("AttributionToken"), product, entity.GetInt32("Position") ?? 0,
                    entity.GetString("RecommendationType"), received, entity.GetBoolean("ProductKnown")), null, received);
            }
        }
    }

    public async IAsyncEnumerable<ImpressionRead> ReadImpressionsAsync(DateTime hour, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        string prefix = hour.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
        var rows = Channel.CreateBounded<ImpressionRead>(new BoundedChannelOptions(4096) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var readers = Enumerable.Range(0, ImpressionRangeQueries).Select(async range =>
        {
            int first = range * 100 / ImpressionRangeQueries, next = (range + 1) * 100 / ImpressionRangeQueries;
            string low = $"{prefix}-{first:D2}";
            // '.' sorts right after '-', so the last range ends after every "{hour}-…" key.
            string high = next >= 100 ? prefix + "." : $"{prefix}-{next:D2}";
            string filter = TableClient.CreateQueryFilter($"PartitionKey ge {low} and PartitionKey lt {high}");
            await foreach (var entity in QueryAsync(impressions, _impressionsBudget, filter, ImpressionColumns, stop.Token))
                await rows.Writer.WriteAsync(Read(entity), stop.Token);
        }).ToArray();
        var done = Task.WhenAll(readers).ContinueWith(t => rows.Writer.TryComplete(t.Exception?.InnerExceptions.Count == 1 ? t.Exception.InnerException : t.Exception),
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await foreach (var row in rows.Reader.ReadAllAsync(cancellation)) yield return row;
        }
        finally
        {
            await stop.CancelAsync();
            await done;
        }
    }

    public Task<DateTime?> FirstImpressionHourAsync(DateTime from, DateTime to, CancellationToken cancellation = default) =>
        _impressionsBudget.RunAsync<DateTime?>(async token =>
        {
            string low = from.ToString("yyyyMMddHH", CultureInfo.InvariantCulture), high = to.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
            string filter = TableClient.CreateQueryFilter($"PartitionKey ge {low} and PartitionKey lt {high}");
            try
            {
                // Keys come back in order, so the first row is the earliest (pages may come back empty first).
                await foreach (var entity in impressions.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["PartitionKey"], cancellationToken: token))
                    if (DateTime.TryParseExact(entity.PartitionKey.AsSpan(0, Math.Min(10, entity.PartitionKey.Length)), "yyyyMMddHH",
                            CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var hour))
                        return DateTime.SpecifyKind(hour, DateTimeKind.Utc);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // No table yet: nothing served.
            }
            return null;
        }, cancellation);

    private static ImpressionRead Read(TableEntity entity)
    {
        string? method = entity.GetString("Method"), kind = entity.GetString("ListKind");
        if (string.IsNullOrEmpty(method) || string.IsNullOrEmpty(kind)) return new ImpressionRead(null, "missing_fields");
        var items = ImpressionItemsJson.Parse(entity.GetString("Items"), out string? reason);
        return items is null ? new ImpressionRead(null, reason) : new ImpressionRead(new ImpressionRecord(entity.RowKey, kind, method, items), null);
    }

    /// <summary>A query page by page, each page within the budget; a missing table is empty.</summary>
    private static async IAsyncEnumerable<TableEntity> QueryAsync(TableClient table, StorageBudget budget, string filter, string[] columns,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        string? continuation = null;
        do
        {
            var page = await budget.RunAsync(async token =>
            {
                try
                {
                    await foreach (var p in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: columns, cancellationToken: token)
                                       .AsPages(continuation, 1000).WithCancellation(token))
                        return p;
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    // The table does not exist yet.
                }
                return null;
            }, cancellation);
            if (page is null) yield break;
            foreach (var entity in page.Values) yield return entity;
            continuation = page.ContinuationToken;
        } while (!string.IsNullOrEmpty(continuation));
    }
}
