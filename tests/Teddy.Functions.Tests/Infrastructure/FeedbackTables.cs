using System.Globalization;
using Azure.Data.Tables;
using Teddy.Analytics;
using Teddy.Feedback;
using Teddy.Recommenders;
using Teddy.Storage;

namespace Teddy.Functions.Tests.Infrastructure;

/// <summary>
/// Writes impression and click rows exactly as the issue 7 contract shapes them (engineer A's impression log and
/// click store write them in the app), so the aggregation can be tested on its own: impressions by upsert
/// (a retried flush replaces the row), clicks keyed by the UTC day received and the escaped click id.
/// </summary>
public sealed class FeedbackTables(TableClient impressions, TableClient clicks)
{
    public static FeedbackTables For(string connectionString, string impressionsTable, string clicksTable)
    {
        var service = new TableServiceClient(connectionString);
        return new FeedbackTables(service.GetTableClient(impressionsTable), service.GetTableClient(clicksTable));
    }

    /// <summary>A valid token served in <paramref name="hour"/>, distinct per <paramref name="n"/>, on the given shard.</summary>
    public static string Token(DateTime hour, int n, int shard = 0) =>
        hour.ToString("yyyyMMddHH", CultureInfo.InvariantCulture) + shard.ToString("D2", CultureInfo.InvariantCulture) + n.ToString("x32", CultureInfo.InvariantCulture);

    public static ImpressionItem Item(string product, int position, RecommendationSources sources, string brand,
        string? category = null, string? age = null, string? color = null, int tier = 0) =>
        new(product, position, sources, brand, category, age, color, tier);

    /// <summary>Upserts (replaces) an impression row, as a flush does.</summary>
    public async Task WriteImpressionAsync(string token, string listKind, string method, IReadOnlyList<ImpressionItem> items, string user = "u1",
        string? itemsJson = null)
    {
        await impressions.CreateIfNotExistsAsync();
        AttributionToken.TryParseHour(token, out var served);
        bool hybrid = method == "hybrid";
        await impressions.UpsertEntityAsync(new TableEntity(AttributionToken.PartitionKey(token), token)
        {
            ["UserId"] = user,
            ["ListKind"] = listKind,
            ["AnchorProductId"] = listKind == ListKinds.Similar ? "anchor" : null,
            ["Method"] = method,
            ["ModelVersion"] = "20261126_030000",
            ["ContentWeight"] = hybrid ? 0.65 : null,
            ["CollaborativeWeight"] = hybrid ? 0.35 : null,
            ["DynamicWeights"] = false,
            ["ServedAt"] = new DateTimeOffset(DateTime.SpecifyKind(served, DateTimeKind.Utc)).AddMinutes(1),
            ["ItemCount"] = items.Count,
            ["Items"] = itemsJson ?? ImpressionItemsJson.Write(items),
        }, TableUpdateMode.Replace);
    }

    /// <summary>A row in the clicks table that is not a readable click (no product id), as a foreign writer could leave.</summary>
    public async Task WriteBrokenClickAsync(string clickId, DateTime received)
    {
        await clicks.CreateIfNotExistsAsync();
        await clicks.UpsertEntityAsync(new TableEntity(TableClickStore.PartitionFor(received), TableKeys.For(clickId))
        {
            ["ClickId"] = clickId,
            ["ReceivedAt"] = new DateTimeOffset(DateTime.SpecifyKind(received, DateTimeKind.Utc)),
        }, TableUpdateMode.Replace);
    }

    /// <summary>Stores a click row (the click store's keys; a second write of the same click id is the store's retry and replaces nothing new).</summary>
    public async Task WriteClickAsync(string clickId, string? token, string product, DateTime received, int position = 1,
        string? type = "hybrid", bool? known = true)
    {
        await clicks.CreateIfNotExistsAsync();
        await clicks.UpsertEntityAsync(new TableEntity(TableClickStore.PartitionFor(received), TableKeys.For(clickId))
        {
            ["ClickId"] = clickId,
            ["UserId"] = "u1",
            ["ProductId"] = product,
            ["Position"] = position,
            ["RecommendationType"] = type,
            ["ModelVersion"] = "20261126_030000",
            ["ReceivedAt"] = new DateTimeOffset(DateTime.SpecifyKind(received, DateTimeKind.Utc)),
            ["ProductKnown"] = known,
            ["CheckedModelVersion"] = known is null ? null : "20261126_030000",
            ["AttributionToken"] = token,
        }, TableUpdateMode.Replace);
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
