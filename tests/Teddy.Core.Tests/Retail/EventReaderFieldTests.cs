using System.Text;
using Teddy.Retail;

namespace Teddy.Core.Tests.Retail;

public class EventReaderFieldTests
{
    [Fact]
    public void All_fields_are_read()
    {
        var (events, report) = Ndjson.ReadEvents("""
            {"eventType": "purchase-complete", "visitorId": "v1", "userInfo": {"userId": "u1", "ipAddress": "x"},
             "eventTime": "2024-05-01T10:00:00.123456789+02:00", "sessionId": "s",
             "productDetails": [{"product": {"id": "p1", "title": "t"}, "quantity": 2}, {"product": {"id": "p2"}}],
             "purchaseTransaction": {"id": "t1", "revenue": 12.5, "currencyCode": "EUR"}}
            """.ReplaceLineEndings(" "));

        var purchase = Assert.Single(events);
        Assert.Equal(0, report.Skipped);
        Assert.Equal("purchase-complete", purchase.EventType);
        Assert.Equal("v1", purchase.VisitorId);
        Assert.Equal("u1", purchase.UserId);
        Assert.Equal("u1", purchase.UserKey);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.FromHours(2)).AddTicks(1234567), purchase.EventTime);
        Assert.Equal([new RetailProductDetail("p1", 2), new RetailProductDetail("p2", 1)], purchase.ProductDetails);
        Assert.Equal(new RetailPurchaseTransaction(12.5, "EUR"), purchase.PurchaseTransaction);
    }

    [Theory]
    [InlineData("\"12.5\"", 12.5)]
    [InlineData("12.5", 12.5)]
    [InlineData("\"n/a\"", null)]
    public void Revenue_may_be_a_numeric_string_and_a_bad_one_does_not_fail_the_event(string revenue, double? expected)
    {
        var (events, _) = Ndjson.ReadEvents($$$"""{"eventType": "purchase-complete", "visitorId": "v", "eventTime": "2024-05-01T10:00:00Z", "productDetails": [{"product": {"id": "p"}}], "purchaseTransaction": {"revenue": {{{revenue}}}}}""");
        Assert.Equal(expected, Assert.Single(events).PurchaseTransaction!.Revenue);
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData(", \"quantity\": 4", 4)]
    [InlineData(", \"quantity\": \"4\"", 4)]
    [InlineData(", \"quantity\": 0", 1)]
    [InlineData(", \"quantity\": -2", 1)]
    [InlineData(", \"quantity\": 1.5", 1)]
    public void Quantity_defaults_to_1(string quantity, int expected)
    {
        var (events, _) = Ndjson.ReadEvents($$$"""{"eventType": "add-to-cart", "visitorId": "v", "eventTime": "2024-05-01T10:00:00Z", "productDetails": [{"product": {"id": "p"}{{{quantity}}}}]}""");
        Assert.Equal(expected, Assert.Single(Assert.Single(events).ProductDetails).Quantity);
    }

    [Fact]
    public void A_blank_user_id_means_no_user()
    {
        var (events, _) = Ndjson.ReadEvents("""{"eventType": "search", "visitorId": "v", "userInfo": {"userId": " "}, "eventTime": "2024-05-01T10:00:00Z"}""");
        Assert.Null(events[0].UserId);
        Assert.Equal("v", events[0].UserKey);
    }

    [Fact]
    public void Repeated_visitor_ids_share_one_string()
    {
        var (events, _) = Ndjson.ReadEvents(
            Ndjson.Event("search", "visitor-42", "2024-05-01T10:00:00Z"),
            Ndjson.Event("search", "visitor-42", "2024-05-01T11:00:00Z"));
        Assert.Same(events[0].VisitorId, events[1].VisitorId);
    }

    [Fact]
    public void Product_ids_resolved_against_a_catalog_are_the_catalog_strings()
    {
        var catalog = Ndjson.Catalog("p1");
        var (events, _) = Ndjson.ReadEvents(Ndjson.FromLines(Ndjson.Event("add-to-cart", "v", "2024-05-01T10:00:00Z", "p1")), catalog);
        Assert.Same(catalog[0].Id, events[0].ProductDetails[0].ProductId);
    }
}

public class EventReaderEncodingTests
{
    private static readonly ProductCatalog Catalog = ProductCatalog.FromProducts(
        [new RetailProduct { Id = "p\u00e9" }, new RetailProduct { Id = "x\ud800" }]);

    [Fact]
    public void Escaped_and_non_ascii_ids_resolve_against_the_catalog()
    {
        // A minute apart: the same event spelt both ways would be one event sent twice (duplicate_event, tested below).
        var (events, report) = Ndjson.ReadEvents(Ndjson.FromLines(
            """{"eventType": "add-to-cart", "visitorId": "v\u00e9", "eventTime": "2024-05-01T10:00:00Z", "productDetails": [{"product": {"id": "p\u00e9"}}]}""",
            "{\"eventType\": \"add-to-cart\", \"visitorId\": \"vé\", \"eventTime\": \"2024-05-01T10:01:00Z\", \"productDetails\": [{\"product\": {\"id\": \"pé\"}}]}"),
            Catalog);

        Assert.True(report.Skipped == 0, report.ToString());
        Assert.Equal(["p\u00e9", "p\u00e9"], events.Select(e => e.ProductDetails[0].ProductId));
        Assert.Same(events[0].VisitorId, events[1].VisitorId); // escaped and raw spellings pool to one string
    }

    [Fact]
    public void A_lone_surrogate_is_malformed_json_and_a_hand_built_id_with_one_matches_only_itself()
    {
        var (events, report) = Ndjson.ReadEvents(Ndjson.FromLines(
            """{"eventType": "add-to-cart", "visitorId": "v", "eventTime": "2024-05-01T10:00:00Z", "productDetails": [{"product": {"id": "x\ud800"}}]}""",
            // The raw character (bytes EF BF BD), not a JSON escape: escaped ids take the string path.
            "{\"eventType\": \"add-to-cart\", \"visitorId\": \"v\", \"eventTime\": \"2024-05-01T10:00:00Z\", \"productDetails\": [{\"product\": {\"id\": \"x\uFFFD\"}}]}"),
            Catalog);

        Assert.Empty(events);
        Assert.Equal([1L], report.ExamplesFor(IngestionSkipReasons.MalformedJson)); // System.Text.Json refuses lone surrogates
        Assert.Equal([2L], report.ExamplesFor(IngestionSkipReasons.UnknownProduct)); // U+FFFD is what "x\ud800" turns into in UTF-8: no false match
        Assert.True(Catalog.TryGetIndex("x\ud800", out int index));
        Assert.Equal(1, index);
    }

    [Fact]
    public void Invalid_utf8_in_an_event_is_malformed_json()
    {
        byte[] ValidEvent(string visitor, string product) => Encoding.UTF8.GetBytes(
            $"{{\"eventType\": \"add-to-cart\", \"visitorId\": \"{visitor}\", \"eventTime\": \"2024-05-01T10:00:00Z\", \"productDetails\": [{{\"product\": {{\"id\": \"{product}\"}}}}]}}\n");
        byte[] badVisitor = [.. ValidEvent("v\u0001", "p\u00e9")];
        badVisitor[Array.IndexOf(badVisitor, (byte)1)] = 0xFF;
        byte[] badProduct = [.. ValidEvent("v", "q\u0001")];
        badProduct[Array.IndexOf(badProduct, (byte)1)] = 0xFF;

        var (events, report) = Ndjson.ReadEvents(new MemoryStream([.. badVisitor, .. badProduct, .. ValidEvent("v", "p\u00e9")]), Catalog);

        Assert.Single(events);
        Assert.Equal([1L, 2L], report.ExamplesFor(IngestionSkipReasons.MalformedJson));
    }
}
