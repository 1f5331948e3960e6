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
    [InlineData("""{"eventType": 3, "visitorId": "v1", "eventTime": "2024-05-01T10:00:00Z"}""")]
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
    [InlineData("""{"eventType": "search", "visitorId": "v1", "eventTime": 1714557600}""")]
    [InlineData("""{"eventType": "search", "visitorId": "v1", "eventTime": ""}""")]
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
}
