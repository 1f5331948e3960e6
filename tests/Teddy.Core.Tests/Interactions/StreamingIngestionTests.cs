using Teddy.Core.Tests.Retail;
using Teddy.Interactions;
using Teddy.Retail;

namespace Teddy.Core.Tests.Interactions;

/// <summary>The ingestion's allocation-free path (parser state straight into the aggregator) must agree with the public one.</summary>
public class StreamingIngestionTests
{
    private const string Products = "{\"id\": \"p0\"}\n{\"id\": \"p1\"}\n{\"id\": \"p2\"}\n{\"id\": \"p2-b\", \"type\": \"VARIANT\", \"primaryProductId\": \"p2\"}\n";

    private static readonly string Events = string.Join("\n",
        Ndjson.Event("detail-page-view", "v2", "2024-05-01T10:00:00Z", "p1"),
        """{"eventType": "add-to-cart", "visitorId": "v1", "userInfo": {"userId": "alice"}, "eventTime": "2024-05-02T10:00:00Z", "productDetails": [{"product": {"id": "p2"}}, {"product": {"id": "gone"}}]}""",
        """{"eventType": "purchase-complete", "visitorId": "v3", "userInfo": {"userId": "alice"}, "eventTime": "2024-05-01T09:00:00+02:00", "productDetails": {"product": {"id": "p2"}, "quantity": 2}}""",
        Ndjson.Event("detail-page-view", "v2", "2024-05-03T10:00:00Z", "p1", "p0", "p1"),
        Ndjson.Event("search", "v9", "2024-05-03T10:00:00Z"),
        Ndjson.Event("detail-page-view", "alice", "2024-05-04T10:00:00Z", "p0"),
        Ndjson.Event("detail-page-view", "alice", "2024-05-04T10:00:00Z", "p0"), // sent twice
        Ndjson.Event("add-to-cart", "v4", "2024-05-05T10:00:00Z", "p2-b"),       // a variant: counts for p2
        """{"eventType": "purchase-complete", "userInfo": {"userId": "bob"}, "eventTime": "2024-05-06T10:00:00Z", "productDetails": [{"product": {"id": "p1"}}]}""",
        "not json");

    [Fact]
    public void Streaming_ingestion_matches_aggregating_the_public_events()
    {
        var streamed = Ndjson.Ingest(Products, Events);

        var catalog = ProductCatalog.FromProducts(Ndjson.ReadProducts(Ndjson.FromText(Products)).Products);
        var report = new EventIngestionReport();
        var aggregator = new InteractionAggregator(catalog, new EventWeights());
        aggregator.AddRange(new RetailEventReader(null, catalog).Read(Ndjson.FromText(Events), report));
        var viaEvents = aggregator.Build();

        Assert.Equal(viaEvents.UserIds.AsEnumerable(), streamed.Interactions.UserIds.AsEnumerable());
        Assert.Equal(viaEvents.Interactions.AsEnumerable(), streamed.Interactions.Interactions.AsEnumerable());
        Assert.Equal(report.ToString(), streamed.Report.Events.ToString());
        Assert.Equal(["alice", "bob", "v2", "v4"], streamed.Interactions.UserIds.AsEnumerable()); // "alice" as userId and as a visitor id is one key
        Assert.Equal(1, streamed.Report.Events.SkippedFor(IngestionSkipReasons.DuplicateEvent));
        Assert.Equal(1, streamed.Report.Events.VariantReferences);
    }

    [Fact]
    public void Events_from_two_readers_and_from_hand_built_events_share_user_indices()
    {
        var catalog = Ndjson.Catalog("p0", "p1");
        var aggregator = new InteractionAggregator(catalog, new EventWeights());
        new RetailEventReader(null, catalog).ReadInto(Ndjson.FromLines(Ndjson.Event("detail-page-view", "v1", "2024-05-01T10:00:00Z", "p0")), new EventIngestionReport(), aggregator.Add);
        new RetailEventReader(null, catalog).ReadInto(Ndjson.FromLines(Ndjson.Event("add-to-cart", "v1", "2024-05-02T10:00:00Z", "p0")), new EventIngestionReport(), aggregator.Add);
        aggregator.Add(new RetailEvent { EventType = "purchase-complete", VisitorId = "v1", EventTime = DateTimeOffset.UnixEpoch, ProductDetails = [new("p0", 1)] });

        var set = aggregator.Build();

        var single = Assert.Single(set.Interactions);
        Assert.Equal((1 + 3 + 5.0, 3), (single.Weight, single.EventCount));
        Assert.Equal(DateTimeOffset.UnixEpoch, single.FirstTime);
    }

    [Fact]
    public void Events_resolved_against_another_catalog_are_looked_up_again()
    {
        var readerCatalog = Ndjson.Catalog("p1", "p0");
        var aggregatorCatalog = Ndjson.Catalog("p0", "p1");
        var aggregator = new InteractionAggregator(aggregatorCatalog, new EventWeights());
        new RetailEventReader(null, readerCatalog).ReadInto(Ndjson.FromLines(Ndjson.Event("detail-page-view", "v1", "2024-05-01T10:00:00Z", "p1")), new EventIngestionReport(), aggregator.Add);

        Assert.Equal(1, Assert.Single(aggregator.Build().Interactions).Product);
    }
}
