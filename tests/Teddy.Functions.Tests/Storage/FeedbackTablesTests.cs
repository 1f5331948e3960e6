using Azure.Data.Tables;
using System.Text;
using Teddy.Feedback;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Recommenders;
using Teddy.Retail;
using Teddy.Storage;

namespace Teddy.Functions.Tests.Storage;

/// <summary>The impressions and events tables on Azurite: transactions per partition, stored once, read back as written.</summary>
[Collection(StorageCollection.Name)]
public class FeedbackTablesTests(AzuriteFixture storage)
{
    private TableClient NewTable(string prefix) => new TableServiceClient(storage.ConnectionString).GetTableClient(AzuriteFixture.UniqueName(prefix));

    private static readonly DateTimeOffset Served = new(2026, 11, 26, 15, 0, 0, TimeSpan.Zero);

    private static Impression NewImpression(DateTimeOffset at, int items = 10, string? longId = null) => new(AttributionToken.New(at), "u", ListKinds.Recommendations,
        null, RecommenderMethods.Hybrid, "20261126_030000", 0.65, 0.35, false, at,
        Enumerable.Range(1, items).Select(i => new ImpressionItem((longId ?? "p") + i, i, RecommendationSources.Content, "B", "Toys", null, "red", 0)).ToArray());

    private static async Task<int> CountAsync(TableClient table)
    {
        int count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["RowKey"])) count++;
        return count;
    }

    [Fact]
    public async Task Impressions_of_many_partitions_and_big_batches_are_written_once_even_when_written_again()
    {
        var table = NewTable("impressions");
        var store = new TableImpressionStore(table, TimeSpan.FromSeconds(60));
        // 3 hours × 4 shards, 250 in one hour (several transactions per partition), and a few with long item lists.
        var impressions = Enumerable.Range(0, 250).Select(_ => NewImpression(Served))
            .Concat(Enumerable.Range(0, 30).Select(i => NewImpression(Served.AddHours(1 + i % 2))))
            .Concat(Enumerable.Range(0, 40).Select(_ => NewImpression(Served.AddHours(3), items: 100, longId: new string('x', 240))))
            .ToArray();

        var result = await store.SaveAsync(impressions);
        Assert.Equal((impressions.Length, 0, 0), (result.Saved, result.Failed, result.FailedBatches));
        var again = await store.SaveAsync(impressions.Take(120).ToArray()); // a retried flush
        Assert.Equal(120, again.Saved);
        Assert.Equal(impressions.Length, await CountAsync(table));

        foreach (var impression in impressions.Where((_, i) => i % 37 == 0))
        {
            var found = await store.FindAsync(impression.AttributionToken);
            Assert.Equal(impression.Items, found!.Items);
            Assert.Equal((impression.UserId, impression.Method, impression.ContentWeight), (found.UserId, found.Method, found.ContentWeight));
        }
        Assert.Null(await store.FindAsync(AttributionToken.New(Served)));
        Assert.Null(await store.FindAsync("not-a-token"));
    }

    [Fact]
    public async Task A_transaction_the_service_refuses_is_counted_and_the_others_are_written()
    {
        var table = NewTable("impressions");
        var store = new TableImpressionStore(table, TimeSpan.FromSeconds(60));
        var good = NewImpression(Served);
        // A user id over Table Storage's 64 KiB string limit makes its transaction fail (a bug, not an outage).
        var refused = NewImpression(Served.AddHours(5)) with { UserId = new string('u', 40_000) };
        var result = await store.SaveAsync([good, refused]);
        Assert.Equal((1, 1, 1), (result.Saved, result.Failed, result.FailedBatches));
        Assert.NotNull(result.Failure);
        Assert.NotNull(await store.FindAsync(good.AttributionToken));
    }

    private static UserEventRecord Record(string user, string product, int minute, DateTimeOffset? received = null, string json = "{}") =>
        new(UserEventIds.Of(user, RetailEventTypes.DetailPageView, Served.AddMinutes(minute), [product], null), user, RetailEventTypes.DetailPageView,
            Served.AddMinutes(minute), [product], null, UserEventRecord.Sources.Api, received ?? Served.AddMinutes(minute), json);

    [Fact]
    public async Task Events_are_stored_once_whether_new_repeated_in_a_request_or_sent_again_in_a_batch()
    {
        var store = new TableUserEventStore(NewTable("events"), TimeSpan.FromSeconds(60));
        var first = Enumerable.Range(0, 150).Select(i => Record($"user-{i % 3}", $"p{i}", i)).ToArray();
        Assert.All(await store.RecordAsync(first), Assert.True);

        // Old and new mixed (a transaction meets existing rows and falls back), and one new event twice.
        var fresh = Record("user-1", "new", 500);
        var mixed = first.Take(40).Append(fresh).Append(fresh).ToArray();
        var stored = await store.RecordAsync(mixed);
        Assert.Equal(Enumerable.Repeat(false, 40).Append(true).Append(false), stored);

        var recent = await store.ReadRecentAsync("user-1", Served.AddMinutes(100), max: 1000);
        Assert.Equal(first.Where(r => r.UserKey == "user-1" && r.ReceivedAt >= Served.AddMinutes(100)).Count() + 1, recent.Count);
        Assert.Equal(recent.OrderBy(r => r.ReceivedAt), recent);
        Assert.Equal(fresh.EventId, recent[^1].EventId);
        Assert.Equal(["new"], recent[^1].ProductIds);
        Assert.Equal("", recent[^1].EventJson); // real time reads only what it uses
        Assert.Equal(5, (await store.ReadRecentAsync("user-1", DateTimeOffset.MinValue, max: 5)).Count);
        Assert.Empty(await store.ReadRecentAsync("nobody", DateTimeOffset.MinValue, 10));
    }

    [Fact]
    public async Task The_largest_event_validation_accepts_fits_its_row_even_with_non_ascii_ids()
    {
        // 100 product ids of 256 CJK characters: the event is under the 32,000-character limit, and so must every property be.
        var ids = Enumerable.Range(0, 100).Select(i => i.ToString("D3") + new string('中', 253)).ToArray();
        string body = "[" + string.Join(",", Enumerable.Range(0, 3).Select(e =>
            "{\"eventType\":\"purchase-complete\",\"visitorId\":\"big\",\"eventTime\":\"2026-11-26T10:00:0" + e + "Z\",\"productDetails\":["
            + string.Join(",", ids.Select(id => "{\"product\":{\"id\":\"" + id + "\"}}")) + "]}")) + "]";
        var batch = UserEventValidation.Validate(Encoding.UTF8.GetBytes(body), [], 100, DateTimeOffset.MaxValue);
        Assert.Null(batch.Problem);
        var store = new TableUserEventStore(NewTable("events"), TimeSpan.FromSeconds(60));
        Assert.All(await store.RecordAsync(batch.Events.Select(e => UserEventRecord.FromApi(e, Served)).ToArray()), Assert.True);
        var read = await store.ReadRecentAsync("big", DateTimeOffset.MinValue, 10);
        Assert.Equal(3, read.Count);
        Assert.Equal(ids, read[0].ProductIds);
    }

    [Fact]
    public async Task Shoppers_whose_long_ids_share_a_hashed_partition_read_only_their_own_events()
    {
        var store = new TableUserEventStore(NewTable("events"), TimeSpan.FromSeconds(60));
        string a = new string('/', 200) + "a", b = new string('#', 180) + "b"; // both escape past the key limit: hashed partitions
        await store.RecordAsync([Record(a, "p1", 1), Record(b, "p2", 2), Record(a, "p3", 3)]);
        Assert.Equal(["p1", "p3"], (await store.ReadRecentAsync(a, DateTimeOffset.MinValue, 10)).Select(r => r.ProductIds[0]));
        Assert.Equal(["p2"], (await store.ReadRecentAsync(b, DateTimeOffset.MinValue, 10)).Select(r => r.ProductIds[0]));
    }

    [Fact]
    public async Task The_export_writes_every_event_once_as_ndjson_and_a_missing_table_exports_nothing()
    {
        var table = NewTable("events");
        var store = new TableUserEventStore(table, TimeSpan.FromSeconds(60));
        using (var none = new MemoryStream())
        {
            var empty = await store.ExportAsync(none);
            Assert.Equal(0, empty.Rows);
            Assert.Equal(0, none.Length);
        }

        var records = Enumerable.Range(0, 2500).Select(i => Record($"v{i % 50}", $"p{i}", i % 1000,
            json: $$$"""{"eventType":"detail-page-view","visitorId":"v{{{i % 50}}}","eventTime":"2026-11-26T15:00:00Z","productDetails":[{"product":{"id":"p{{{i}}}"}}]}""")).ToArray();
        await store.RecordAsync(records);
        using var ndjson = new MemoryStream();
        var before = DateTimeOffset.UtcNow;
        var export = await store.ExportAsync(ndjson);
        Assert.Equal(records.DistinctBy(r => r.EventId).Count(), export.Rows);
        Assert.True(export.ReadAt >= before.AddSeconds(-1));
        var lines = Encoding.UTF8.GetString(ndjson.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(export.Rows, lines.Length);
        Assert.Equal(records.Select(r => r.EventJson).Distinct().Order(), lines.Distinct().Order());
    }
}
