using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Teddy.Feedback;
using Teddy.Training;

namespace Teddy.Storage;

/// <summary>
/// The events table (the issue 7 contract): PartitionKey = the user key made key-safe (<see cref="TableKeys.For(string, int)"/>,
/// so one shopper's events are one partition: real time reads them with one query), RowKey = the event id
/// (<see cref="UserEventIds"/>: a 64-digit hex SHA-256, key-safe as it is). Properties: <c>UserKey</c>, <c>EventType</c>,
/// <c>EventTime</c>, <c>ProductIds</c> (JSON array), <c>AttributionToken</c>, <c>Source</c> (<c>api</c> or <c>click</c>),
/// <c>ReceivedAt</c>, <c>Event</c> (the Retail UserEvent JSON the retrain ingests). Users whose hashed keys share a
/// partition are told apart by <c>UserKey</c>.
/// <para>
/// Writes add rows (an event id already stored is left as it was, so its <c>ReceivedAt</c> stays the first one): the
/// events of one partition go in one entity-group transaction (at most 100 and ~3 MiB), falling back to one add per
/// event when one of them exists. Every call completes within the store's budget or throws
/// <see cref="StorageUnavailableException"/>; the export pages through the table, each page within the budget.
/// </para>
/// </summary>
public sealed class TableUserEventStore(TableClient table, TimeSpan? timeout = null, TimeProvider? clock = null) : IUserEventStore, IRecordedEvents
{
    private const int MaxPerTransaction = 100;
    private const int MaxTransactionBytes = 3 * 1024 * 1024;
    private const int Parallelism = 8;

    private static readonly string[] RecentColumns = ["RowKey", "UserKey", "EventType", "EventTime", "ProductIds", "AttributionToken", "Source", "ReceivedAt"];

    private readonly StorageBudget _budget = new($"table '{table.Name}'", timeout ?? StorageRetryOptions.RequestDefaults().Timeout);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public string TableName => table.Name;

    public Task<IReadOnlyList<bool>> RecordAsync(IReadOnlyList<UserEventRecord> events, CancellationToken cancellation = default) =>
        _budget.RunAsync<IReadOnlyList<bool>>(async token =>
        {
            var stored = new bool[events.Count];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var partitions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (int i = 0; i < events.Count; i++)
            {
                if (!seen.Add(events[i].EventId)) continue; // sent twice in one request: stored once
                string partition = TableKeys.For(events[i].UserKey);
                if (!partitions.TryGetValue(partition, out var indices)) partitions[partition] = indices = [];
                indices.Add(i);
            }
            await Parallel.ForEachAsync(partitions, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = token },
                async (partition, t) =>
                {
                    foreach (var chunk in Chunks(partition.Key, partition.Value, events))
                        await AddAllAsync(chunk, stored, t);
                });
            return stored;
        }, cancellation);

    public Task<IReadOnlyList<UserEventRecord>> ReadRecentAsync(string userKey, DateTimeOffset since, int max, CancellationToken cancellation = default) =>
        _budget.RunAsync<IReadOnlyList<UserEventRecord>>(async token =>
        {
            string partition = TableKeys.For(userKey);
            // Table Storage keeps dates from 1601 on; "since the beginning" needs no condition at all.
            string filter = since.Year > 1601
                ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and ReceivedAt ge {since}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {partition}");
            int scanLimit = Math.Max(1000, max * 10); // a runaway partition (a bot) costs one or two pages, not all of it
            var rows = new List<UserEventRecord>();
            try
            {
                await foreach (var entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: RecentColumns, cancellationToken: token))
                {
                    if (entity.GetString("UserKey") == userKey) rows.Add(FromEntity(entity));
                    if (--scanLimit == 0) break;
                }
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return []; // no table yet: nobody has recorded anything
            }
            return rows.OrderBy(r => r.ReceivedAt).ThenBy(r => r.EventTime).TakeLast(max).ToArray();
        }, cancellation);

    public async Task<RecordedEventsExport> ExportAsync(Stream destination, CancellationToken cancellation = default)
    {
        var readAt = _clock.GetUtcNow();
        long rows = 0;
        string? continuation = null;
        byte[] newline = "\n"u8.ToArray();
        do
        {
            var page = await _budget.RunAsync(async token =>
            {
                try
                {
                    await foreach (var first in table.QueryAsync<TableEntity>(maxPerPage: 1000, select: ["Event"], cancellationToken: token)
                        .AsPages(continuation, 1000))
                        return first;
                    return null;
                }
                catch (RequestFailedException e) when (e.Status == 404)
                {
                    return null; // no table yet
                }
            }, cancellation);
            if (page is null) break;
            foreach (var entity in page.Values)
            {
                if (entity.GetString("Event") is not { Length: > 0 } json) continue;
                await destination.WriteAsync(Encoding.UTF8.GetBytes(json), cancellation);
                await destination.WriteAsync(newline, cancellation);
                rows++;
            }
            continuation = page.ContinuationToken;
        } while (continuation is not null);
        return new RecordedEventsExport(readAt, rows);
    }

    /// <summary>One partition's events (first occurrences), cut at <see cref="MaxPerTransaction"/> and ~<see cref="MaxTransactionBytes"/>.</summary>
    private static IEnumerable<List<(int Index, TableEntity Entity)>> Chunks(string partition, List<int> indices, IReadOnlyList<UserEventRecord> events)
    {
        var chunk = new List<(int, TableEntity)>();
        long bytes = 0;
        foreach (int i in indices)
        {
            var entity = ToEntity(events[i], partition);
            long size = 1024 + 2L * (events[i].EventJson.Length + events[i].UserKey.Length + events[i].ProductIds.Sum(id => id.Length + 8));
            if (chunk.Count == MaxPerTransaction || (chunk.Count > 0 && bytes + size > MaxTransactionBytes))
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }
            chunk.Add((i, entity));
            bytes += size;
        }
        if (chunk.Count > 0) yield return chunk;
    }

    /// <summary>Adds the chunk in one transaction; when one of them exists (409), adds them one by one to learn which.</summary>
    private async Task AddAllAsync(List<(int Index, TableEntity Entity)> chunk, bool[] stored, CancellationToken cancellation)
    {
        if (chunk.Count > 1)
        {
            try
            {
                await WithTableAsync(() => table.SubmitTransactionAsync(
                    chunk.Select(c => new TableTransactionAction(TableTransactionActionType.Add, c.Entity)), cancellation), cancellation);
                foreach (var (index, _) in chunk) stored[index] = true;
                return;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Some were stored before (a retry): fall through.
            }
        }
        foreach (var (index, entity) in chunk)
        {
            try
            {
                await WithTableAsync(() => table.AddEntityAsync(entity, cancellation), cancellation);
                stored[index] = true;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                stored[index] = false; // the same event is stored already
            }
        }
    }

    /// <summary>Runs the write, creating the table first when it does not exist yet.</summary>
    private async Task WithTableAsync(Func<Task> write, CancellationToken cancellation)
    {
        try
        {
            await write();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            await table.CreateIfNotExistsAsync(cancellation);
            await write();
        }
    }

    public static TableEntity ToEntity(UserEventRecord e, string? partition = null) => new(partition ?? TableKeys.For(e.UserKey), e.EventId)
    {
        ["UserKey"] = e.UserKey,
        ["EventType"] = e.EventType,
        ["EventTime"] = e.EventTime,
        ["ProductIds"] = ProductIdsJson(e.ProductIds),
        ["AttributionToken"] = e.AttributionToken,
        ["Source"] = e.Source,
        ["ReceivedAt"] = e.ReceivedAt,
        ["Event"] = e.EventJson,
    };

    /// <summary>
    /// Escaped as lightly as the event's own JSON (non-ASCII stays as it is), so it is never longer than the event, which
    /// validation keeps within a string property's limit.
    /// </summary>
    private static readonly JsonSerializerOptions LightEscaping = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string ProductIdsJson(IReadOnlyList<string> ids) => JsonSerializer.Serialize(ids, LightEscaping);

    public static UserEventRecord FromEntity(TableEntity entity) => new(
        entity.RowKey,
        entity.GetString("UserKey") ?? "",
        entity.GetString("EventType") ?? "",
        entity.GetDateTimeOffset("EventTime") ?? default,
        entity.GetString("ProductIds") is { Length: > 0 } ids ? JsonSerializer.Deserialize<string[]>(ids) ?? [] : [],
        entity.GetString("AttributionToken"),
        entity.GetString("Source") ?? "",
        entity.GetDateTimeOffset("ReceivedAt") ?? default,
        entity.GetString("Event") ?? "");
}
