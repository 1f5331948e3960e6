using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Teddy.Feedback;
using Teddy.Recommenders;

namespace Teddy.Storage;

/// <summary>
/// Impressions in Table Storage (the issue 7 contract): PartitionKey <see cref="AttributionToken.PartitionKey(string)"/>
/// (<c>{yyyyMMddHH}-{shard:D2}</c>: the UTC hour served and the token's shard), RowKey the attribution token. Properties:
/// <c>UserId</c>, <c>ListKind</c>, <c>AnchorProductId</c>, <c>Method</c>, <c>ModelVersion</c>, <c>ContentWeight</c> and
/// <c>CollaborativeWeight</c> (null when the hybrid did not make the list), <c>DynamicWeights</c>, <c>ServedAt</c>,
/// <c>ItemCount</c>, and <c>Items</c>: a compact JSON array with one object per item,
/// <c>{"p":productId,"pos":1,"s":sources,"b":brand,"c":category|null,"a":ageGroup|null,"col":colour|null,"d":discountTier}</c>
/// (<c>s</c> = <see cref="RecommendationSources"/> as an int). A string property holds at most 32K characters, so an
/// <c>Items</c> text longer than <see cref="MaxItemsChars"/> (a list of 100 products with very long ids) continues in
/// <c>Items1</c>, <c>Items2</c>, …: concatenated in that order they are the array (<see cref="ItemsJson"/> reads them).
/// <para>
/// Written by upsert (replace) in entity-group transactions of at most <see cref="MaxPerTransaction"/> actions in one
/// partition and at most <see cref="MaxTransactionBytes"/> of entity text (the service allows 4 MiB), so a retried batch
/// stores each impression once. Each transaction runs within the store's budget (the background one: the flusher is
/// patient); one failing transaction does not stop the others.
/// </para>
/// </summary>
public sealed class TableImpressionStore(TableClient table, TimeSpan? timeout = null) : IImpressionStore
{
    public const int MaxPerTransaction = 100;
    public const int MaxTransactionBytes = 3 * 1024 * 1024;
    public const int MaxItemsChars = 30_000;

    private readonly StorageBudget _budget = new($"table '{table.Name}'", timeout ?? StorageRetryOptions.BackgroundDefaults().Timeout);

    public async Task<ImpressionSaveResult> SaveAsync(IReadOnlyList<Impression> impressions, CancellationToken cancellation = default)
    {
        int saved = 0, failed = 0, failedBatches = 0;
        string? failure = null;
        foreach (var transaction in Transactions(impressions))
        {
            try
            {
                await _budget.RunAsync(token => SubmitAsync(transaction, token), cancellation);
                saved += transaction.Count;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellation.IsCancellationRequested)
            {
                failed += transaction.Count;
                failedBatches++;
                failure ??= e is StorageUnavailableException unavailable ? $"storage ({unavailable.Resource}) {unavailable.Reason}"
                    : e is RequestFailedException rejected ? $"storage answered {rejected.Status} {rejected.ErrorCode}"
                    : $"{e.GetType().Name}: {e.Message}";
            }
        }
        return new ImpressionSaveResult(saved, failed, failedBatches, failure);
    }

    public Task<Impression?> FindAsync(string attributionToken, CancellationToken cancellation = default)
    {
        if (!AttributionToken.IsValid(attributionToken)) return Task.FromResult<Impression?>(null);
        return _budget.RunAsync<Impression?>(async token =>
        {
            try
            {
                var found = await table.GetEntityIfExistsAsync<TableEntity>(AttributionToken.PartitionKey(attributionToken), attributionToken,
                    cancellationToken: token);
                return found.HasValue ? FromEntity(found.Value!) : null;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                return null; // no table yet
            }
        }, cancellation);
    }

    private async Task SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellation)
    {
        try
        {
            await table.SubmitTransactionAsync(actions, cancellation);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            await table.CreateIfNotExistsAsync(cancellation);
            await table.SubmitTransactionAsync(actions, cancellation);
        }
    }

    /// <summary>Upserts grouped by partition, cut at <see cref="MaxPerTransaction"/> actions and <see cref="MaxTransactionBytes"/>.</summary>
    private static IEnumerable<List<TableTransactionAction>> Transactions(IReadOnlyList<Impression> impressions)
    {
        // A token is unique per response, but the same impression handed over twice must not put one row twice in a transaction.
        foreach (var partition in impressions.DistinctBy(i => i.AttributionToken).GroupBy(i => AttributionToken.PartitionKey(i.AttributionToken)))
        {
            var actions = new List<TableTransactionAction>(MaxPerTransaction);
            long bytes = 0;
            foreach (var impression in partition)
            {
                var entity = ToEntity(impression);
                long size = ApproximateBytes(entity);
                if (actions.Count == MaxPerTransaction || (actions.Count > 0 && bytes + size > MaxTransactionBytes))
                {
                    yield return actions;
                    actions = new List<TableTransactionAction>(MaxPerTransaction);
                    bytes = 0;
                }
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
                bytes += size;
            }
            if (actions.Count > 0) yield return actions;
        }
    }

    /// <summary>An upper bound on the entity's size in a transaction body: its text as UTF-8 plus room for names and the envelope.</summary>
    private static long ApproximateBytes(TableEntity entity)
    {
        long bytes = 1024;
        foreach (var (key, value) in entity) bytes += key.Length + (value is string s ? Encoding.UTF8.GetByteCount(s) : 32);
        return bytes;
    }

    public static TableEntity ToEntity(Impression impression)
    {
        var entity = new TableEntity(AttributionToken.PartitionKey(impression.AttributionToken), impression.AttributionToken)
        {
            ["UserId"] = impression.UserId,
            ["ListKind"] = impression.ListKind,
            ["AnchorProductId"] = impression.AnchorProductId,
            ["Method"] = impression.Method,
            ["ModelVersion"] = impression.ModelVersion,
            ["ContentWeight"] = impression.ContentWeight,
            ["CollaborativeWeight"] = impression.CollaborativeWeight,
            ["DynamicWeights"] = impression.DynamicWeights,
            ["ServedAt"] = impression.ServedAt,
            ["ItemCount"] = impression.Items.Count,
        };
        string items = Analytics.ImpressionItemsJson.Write(impression.Items);
        int start = 0, part = 0;
        do
        {
            int length = Math.Min(MaxItemsChars, items.Length - start);
            // Never cut between the two halves of a surrogate pair: each part must be valid text on its own.
            if (start + length < items.Length && char.IsHighSurrogate(items[start + length - 1])) length--;
            entity[part == 0 ? "Items" : $"Items{part}"] = items.Substring(start, length);
            start += length;
            part++;
        } while (start < items.Length);
        return entity;
    }

    public static Impression FromEntity(TableEntity entity)
    {
        var items = new List<ImpressionItem>();
        using (var json = JsonDocument.Parse(ItemsJson(entity)))
        {
            foreach (var item in json.RootElement.EnumerateArray())
            {
                items.Add(new ImpressionItem(
                    item.GetProperty("p").GetString()!,
                    item.GetProperty("pos").GetInt32(),
                    (RecommendationSources)item.GetProperty("s").GetInt32(),
                    item.GetProperty("b").GetString() ?? "",
                    item.GetProperty("c").GetString(),
                    item.GetProperty("a").GetString(),
                    item.GetProperty("col").GetString(),
                    item.GetProperty("d").GetInt32()));
            }
        }
        return new Impression(entity.RowKey, entity.GetString("UserId") ?? "", entity.GetString("ListKind") ?? "", entity.GetString("AnchorProductId"),
            entity.GetString("Method") ?? "", entity.GetString("ModelVersion") ?? "", entity.GetDouble("ContentWeight"),
            entity.GetDouble("CollaborativeWeight"), entity.GetBoolean("DynamicWeights") ?? false,
            entity.GetDateTimeOffset("ServedAt") ?? default, items);
    }

    /// <summary>The entity's <c>Items</c> JSON array: <c>Items</c>, then <c>Items1</c>, <c>Items2</c>, … while they exist.</summary>
    public static string ItemsJson(TableEntity entity)
    {
        string first = entity.GetString("Items") ?? "[]";
        if (!entity.ContainsKey("Items1")) return first;
        var text = new StringBuilder(first);
        for (int part = 1; entity.GetString($"Items{part}") is { } more; part++) text.Append(more);
        return text.ToString();
    }
}
