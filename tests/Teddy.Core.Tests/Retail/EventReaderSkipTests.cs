using Teddy.Interactions;
using Teddy.Retail;

namespace Teddy.Core.Tests.Retail;

/// <summary>Each skip reason of the event reader, with the line numbers the report gives for it.</summary>
public class EventReaderSkipTests
{
    private const string Time = "2024-05-01T10:00:00Z";

    [Theory]
    [InlineData("""{"eventType": "search", "visitorId": "v1", """)]
    [InlineData("""["search", "v1"]""")]
    [InlineData("""{"eventType": "search"} trailing""")]
    public void Broken_json_and_non_objects_are_malformed_json(string line)
    {
        var (events, report) = Ndjson.ReadEvents(Ndjson.Event("search", "v1", Time), line);

        Assert.Single(events);
        Assert.Equal([2L], report.ExamplesFor(IngestionSkipReasons.MalformedJson));
    }

    [Theory]
    [InlineData("""{"visitorId": "v1", "eventTime": "2024-05-01T10:00:00Z"}""")]
    [InlineData("""{"eventType": "invalid", "visitorId": "v1", "eventTime": "2024-05-01T10:00:00Z"}""")]
    [InlineData("""{"eventType": "Search", "visitorId": "v1", "eventTime": "2024-05-01T10:00:00Z"}""")]
    public void A_missing_or_unknown_type_is_unknown_event_type(string line)
    {
        var (events, report) = Ndjson.ReadEvents(line);

        Assert.Empty(events);
        Assert.Equal([1L], report.ExamplesFor(IngestionSkipReasons.UnknownEventType));
    }

    [Fact]
    public void A_type_with_a_configured_weight_is_known()
    {
        string line = """{"eventType": "wishlist-add", "visitorId": "v1", "eventTime": "2024-05-01T10:00:00Z"}""";

        Assert.Equal(1, Ndjson.ReadEvents(Ndjson.FromLines(line)).Report.SkippedFor(IngestionSkipReasons.UnknownEventType));
        Assert.Equal(1, Ndjson.ReadEvents(Ndjson.FromLines(line), extraTypes: ["wishlist-add"]).Report.AcceptedByType["wishlist-add"]);
    }

    [Theory]
    [InlineData("""{"eventType": "search", "eventTime": "2024-05-01T10:00:00Z"}""")]
    [InlineData("""{"eventType": "search", "visitorId": "", "eventTime": "2024-05-01T10:00:00Z"}""")]
    [InlineData("""{"eventType": "search", "visitorId": null, "eventTime": "2024-05-01T10:00:00Z", "userInfo": {"userId": " "}}""")]
    [InlineData("""{"eventType": "search", "eventTime": "2024-05-01T10:00:00Z", "userInfo": {"ipAddress": "10.0.0.1"}}""")]
    public void Neither_a_visitor_id_nor_a_user_id_is_missing_visitor_id(string line)
    {
        var (events, report) = Ndjson.ReadEvents(line);

        Assert.Empty(events);
        Assert.Equal([1L], report.ExamplesFor(IngestionSkipReasons.MissingVisitorId));
    }

    [Theory]
    [InlineData("""{"eventType": "search", "visitorId": "v1"}""")]
    [InlineData("""{"eventType": "search", "visitorId": "v1", "eventTime": "yesterday"}""")]
    [InlineData("""{"eventType": "search", "visitorId": "v1", "eventTime": "2024-13-01T10:00:00Z"}""")]
    [InlineData("""{"eventType": "search", "visitorId": "v1", "eventTime": "2024-05-01T25:00:00Z"}""")]
    [InlineData("""{"eventType": "search", "visitorId": "v1", "eventTime": ""}""")]
    [InlineData("""{"eventType": "search", "visitorId": "v1", "eventTime": "2026-11-30T01:00:00"}""")] // RFC 3339 needs an offset
    [InlineData("""{"eventType": "search", "visitorId": "v1", "eventTime": "2026-11-30"}""")]
    public void A_missing_or_unparseable_time_is_bad_timestamp(string line)
    {
        var (events, report) = Ndjson.ReadEvents(line);

        Assert.Empty(events);
        Assert.Equal([1L], report.ExamplesFor(IngestionSkipReasons.BadTimestamp));
    }

    [Theory]
    [InlineData("detail-page-view")]
    [InlineData("add-to-cart")]
    [InlineData("purchase-complete")]
    public void A_product_event_without_products_is_missing_product(string type)
    {
        var (events, report) = Ndjson.ReadEvents(
            Ndjson.Event(type, "v1", Time),
            $$"""{"eventType": "{{type}}", "visitorId": "v1", "eventTime": "{{Time}}"}""",
            $$"""{"eventType": "{{type}}", "visitorId": "v1", "eventTime": "{{Time}}", "productDetails": [{"product": {}, "quantity": 2}]}""");

        Assert.Empty(events);
        Assert.Equal(3, report.SkippedFor(IngestionSkipReasons.MissingProduct));
        Assert.Equal([1L, 2L, 3L], report.ExamplesFor(IngestionSkipReasons.MissingProduct));
    }

    [Theory]
    [InlineData("search")]
    [InlineData("home-page-view")]
    [InlineData("category-page-view")]
    [InlineData("shopping-cart-page-view")]
    public void Other_types_need_no_products(string type)
    {
        var (events, report) = Ndjson.ReadEvents(Ndjson.Event(type, "v1", Time));

        Assert.Single(events);
        Assert.Equal(0, report.Skipped);
    }

    [Fact]
    public void An_event_naming_only_products_outside_the_catalog_is_unknown_product()
    {
        var catalog = Ndjson.Catalog("p1", "p2");
        var (events, report) = Ndjson.ReadEvents(
            Ndjson.FromLines(Ndjson.Event("detail-page-view", "v1", Time, "p1"), Ndjson.Event("detail-page-view", "v1", Time, "x1", "x2")),
            catalog);

        Assert.Single(events);
        Assert.Equal([2L], report.ExamplesFor(IngestionSkipReasons.UnknownProduct));
        Assert.Equal(0, report.UnknownProductReferences); // a skipped event's references are not counted as dropped
    }

    [Fact]
    public void Unknown_products_are_dropped_from_an_event_that_also_names_known_ones()
    {
        var catalog = Ndjson.Catalog("p1", "p2");
        var (events, report) = Ndjson.ReadEvents(
            Ndjson.FromLines(Ndjson.Event("purchase-complete", "v1", Time, "x1", "p2", "x2", "p1")),
            catalog);

        var accepted = Assert.Single(events);
        Assert.Equal(["p2", "p1"], accepted.ProductDetails.Select(detail => detail.ProductId));
        Assert.Equal(2, report.UnknownProductReferences);
        Assert.Equal(0, report.Skipped);
    }

    [Fact]
    public void Without_a_catalog_every_product_id_is_kept()
    {
        var (events, _) = Ndjson.ReadEvents(Ndjson.Event("add-to-cart", "v1", Time, "anything"));
        Assert.Equal("anything", Assert.Single(Assert.Single(events).ProductDetails).ProductId);
    }

    [Fact]
    public void Checks_run_in_the_documented_order()
    {
        var (_, report) = Ndjson.ReadEvents(
            """{"eventType": "nope", "eventTime": "bad"}""",
            """{"eventType": "detail-page-view", "eventTime": "bad"}""",
            """{"eventType": "detail-page-view", "visitorId": "v", "eventTime": "bad"}""",
            """{"eventType": "detail-page-view", "visitorId": "v", "eventTime": "2024-05-01T10:00:00Z"}""");

        Assert.Equal([1L], report.ExamplesFor(IngestionSkipReasons.UnknownEventType));
        Assert.Equal([2L], report.ExamplesFor(IngestionSkipReasons.MissingVisitorId));
        Assert.Equal([3L], report.ExamplesFor(IngestionSkipReasons.BadTimestamp));
        Assert.Equal([4L], report.ExamplesFor(IngestionSkipReasons.MissingProduct));
    }

    [Theory]
    [InlineData("""{"eventType":"detail-page-view","eventType":"purchase-complete","visitorId":"v1","eventTime":"2024-05-01T10:00:00Z","productDetails":[{"product":{"id":"p1"}}]}""")]
    [InlineData("""{"eventType":"search","visitorId":"v1","visitorId":"v2","eventTime":"2024-05-01T10:00:00Z"}""")]
    [InlineData("""{"eventType":"search","visitorId":"v1","eventTime":"2024-05-01T10:00:00Z","eventTime":"2024-05-02T10:00:00Z"}""")]
    [InlineData("""{"eventType":"search","userInfo":{"userId":"u1","userId":"u2"},"eventTime":"2024-05-01T10:00:00Z"}""")]
    [InlineData("""{"eventType":"add-to-cart","visitorId":"v1","eventTime":"2024-05-01T10:00:00Z","productDetails":[{"product":{"id":"p1","id":"p2"}}]}""")]
    [InlineData("""{"eventType":"add-to-cart","visitorId":"v1","eventTime":"2024-05-01T10:00:00Z","productDetails":[{"product":{"id":"p1"},"product":{"id":"p2"}}]}""")]
    [InlineData("""{"eventType":"add-to-cart","visitorId":"v1","eventTime":"2024-05-01T10:00:00Z","productDetails":[{"product":{"id":"p1"},"quantity":1,"quantity":9}]}""")]
    [InlineData("""{"eventType":"add-to-cart","visitorId":"v1","eventTime":"2024-05-01T10:00:00Z","productDetails":[],"productDetails":[{"product":{"id":"p1"}}]}""")]
    public void A_field_the_reader_uses_given_twice_skips_the_line_as_duplicate_field(string line)
    {
        var good = """{"eventType":"search","visitorId":"v9","eventTime":"2024-05-01T10:00:00Z"}""";
        var (events, report) = Ndjson.ReadEvents(good, line, good.Replace("v9", "v8"));

        Assert.Equal(["v9", "v8"], events.Select(e => e.UserKey));
        Assert.Equal([2L], report.ExamplesFor(IngestionSkipReasons.DuplicateField));
    }

    [Fact]
    public void Events_later_than_now_plus_the_skew_are_skipped_as_event_time_in_future()
    {
        var now = new DateTimeOffset(2026, 11, 30, 2, 0, 0, TimeSpan.Zero);
        string Line(string visitor, string time) => $$"""{"eventType":"search","visitorId":"{{visitor}}","eventTime":"{{time}}"}""";
        var reader = new RetailEventReader(latestEventTime: new EventWeights().LatestEventTime(now));
        var report = new EventIngestionReport();
        var events = reader.Read(Ndjson.FromLines(
            Line("past", "2026-11-29T02:00:00Z"),
            Line("in-skew", "2026-11-30T03:00:00Z"), // 60 minutes ahead: tolerated
            Line("beyond", "2026-11-30T03:00:01Z"),
            Line("far", "9999-12-31T23:59:59Z"),
            Line("offset", "2026-11-30T05:00:01+02:00")), report).ToList();

        Assert.Equal(["past", "in-skew"], events.Select(e => e.UserKey));
        Assert.Equal([3L, 4L, 5L], report.ExamplesFor(IngestionSkipReasons.EventTimeInFuture));
    }

    [Fact]
    public void A_retrain_skips_future_events_relative_to_its_own_now()
    {
        var weights = new EventWeights { MaxFutureSkewMinutes = 0 };
        var events = Ndjson.FromLines(
            Ndjson.Event("detail-page-view", "v1", "2024-05-01T10:00:00Z", "p1"),
            Ndjson.Event("detail-page-view", "v2", "2024-05-03T10:00:00Z", "p1"));
        var data = RetailIngestion.Ingest(Ndjson.FromText("""{"id":"p1","title":"One"}""" + "\n"), events, weights, null,
            new DateTimeOffset(2024, 5, 2, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(1, data.Report.Events.Accepted);
        Assert.Equal([2L], data.Report.Events.ExamplesFor(IngestionSkipReasons.EventTimeInFuture));
    }
}
