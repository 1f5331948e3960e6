using Teddy.Interactions;
using Teddy.Retail;

namespace Teddy.Core.Tests.Retail;

/// <summary>Issue 6 §9: user events as real feeds send them — user ids without visitor ids, duplicates, every Google event type, negative weights.</summary>
public class RealFeedEventTests
{
    private const string Products = "{\"id\": \"p0\", \"title\": \"Kite\"}\n{\"id\": \"p1\", \"title\": \"Drum\"}\n{\"id\": \"p2\", \"title\": \"Boat\"}\n";
    private const string Time = "2024-05-01T10:00:00Z";

    private static string Event(string type, string time, string? visitor, string? user, params string[] products)
    {
        string details = string.Join(",", products.Select(id => "{\"product\":{\"id\":\"" + id + "\"}}"));
        return "{\"eventType\":\"" + type + "\",\"eventTime\":\"" + time + "\""
            + (visitor is null ? "" : ",\"visitorId\":\"" + visitor + "\"")
            + (user is null ? "" : ",\"userInfo\":{\"userId\":\"" + user + "\"}")
            + (products.Length == 0 ? "" : ",\"productDetails\":[" + details + "]") + "}";
    }

    [Fact]
    public void An_event_with_a_user_id_and_no_visitor_id_belongs_to_that_user()
    {
        var data = Ndjson.Ingest(Products, Event("purchase-complete", Time, null, "alice", "p1") + "\n");

        Assert.Equal(1, data.Report.Events.Accepted);
        Assert.Equal(0, data.Report.Events.Skipped);
        Assert.Equal(["alice"], data.Interactions.UserIds.AsEnumerable());
        Assert.Equal(1, Assert.Single(data.Interactions.Interactions).Product);

        var (events, _) = Ndjson.ReadEvents(Event("purchase-complete", Time, null, "alice", "p1"));
        Assert.Null(events[0].VisitorId);
        Assert.Equal("alice", events[0].UserKey);
    }

    [Fact]
    public void Only_an_event_with_neither_id_is_skipped_and_the_user_id_wins_over_the_visitor_id()
    {
        var data = Ndjson.Ingest(Products, string.Join("\n",
            Event("detail-page-view", Time, null, null, "p0"),
            Event("detail-page-view", Time, "cookie-1", "alice", "p0"),
            Event("detail-page-view", Time, "cookie-2", null, "p2")) + "\n");

        Assert.Equal([1L], data.Report.Events.ExamplesFor(IngestionSkipReasons.MissingVisitorId));
        Assert.Equal(["alice", "cookie-2"], data.Interactions.UserIds.AsEnumerable());
    }

    [Fact]
    public void Exact_duplicate_lines_count_once_and_are_reported_as_duplicates()
    {
        string purchase = Event("purchase-complete", Time, "v1", null, "p1");
        var data = Ndjson.Ingest(Products, string.Join("\n", purchase, Event("detail-page-view", Time, "v1", null, "p0"), purchase, purchase) + "\n");

        Assert.Equal(2, data.Report.Events.Accepted);
        Assert.Equal(2, data.Report.Events.SkippedFor(IngestionSkipReasons.DuplicateEvent));
        Assert.Equal([3L, 4L], data.Report.Events.ExamplesFor(IngestionSkipReasons.DuplicateEvent));
        Assert.Equal(1, data.Report.Events.AcceptedByType["purchase-complete"]);
        var interaction = data.Interactions.Interactions.Single(i => i.Product == 1);
        Assert.Equal((5.0, 1), (interaction.Weight, interaction.EventCount));
        Assert.Equal(data.Report.Events.LinesRead, data.Report.Events.BlankLines + data.Report.Events.Accepted + data.Report.Events.Skipped);
    }

    [Fact]
    public void The_same_event_spelt_differently_is_still_a_duplicate()
    {
        var data = Ndjson.Ingest(Products, string.Join("\n",
            Event("add-to-cart", Time, "v1", null, "p0", "p1"),
            // products in another order, the same instant in another offset, fields in another order, unknown fields added
            """{"productDetails": [{"product": {"id": "p1"}}, {"product": {"id": "p0"}, "quantity": 2}], "visitorId": "v1", "eventTime": "2024-05-01T12:00:00+02:00", "eventType": "add-to-cart", "sessionId": "s9"}""",
            // the user key is the user id: the same shopper on another device sending the same event again
            Event("add-to-cart", Time, "v2", "alice", "p2"),
            Event("add-to-cart", Time, "v3", "alice", "p2")) + "\n");

        Assert.Equal([2L, 4L], data.Report.Events.ExamplesFor(IngestionSkipReasons.DuplicateEvent));
        Assert.Equal(2, data.Report.Events.Accepted);
    }

    [Fact]
    public void Events_that_differ_in_user_type_time_products_or_query_are_not_duplicates()
    {
        var data = Ndjson.Ingest(Products, string.Join("\n",
            Event("detail-page-view", Time, "v1", null, "p0"),
            Event("detail-page-view", Time, "v2", null, "p0"),
            Event("add-to-cart", Time, "v1", null, "p0"),
            Event("detail-page-view", "2024-05-01T10:00:01Z", "v1", null, "p0"),
            Event("detail-page-view", Time, "v1", null, "p1"),
            Event("detail-page-view", Time, "v1", null, "p0", "p1"),
            """{"eventType": "search", "visitorId": "v1", "eventTime": "2024-05-01T10:00:00Z", "searchQuery": "kite"}""",
            """{"eventType": "search", "visitorId": "v1", "eventTime": "2024-05-01T10:00:00Z", "searchQuery": "drum"}""",
            """{"eventType": "category-page-view", "visitorId": "v1", "eventTime": "2024-05-01T10:00:00Z", "pageCategories": ["Toys"]}""",
            """{"eventType": "category-page-view", "visitorId": "v1", "eventTime": "2024-05-01T10:00:00Z", "pageCategories": ["Baby"]}""") + "\n");

        Assert.Equal(10, data.Report.Events.Accepted);
        Assert.Equal(0, data.Report.Events.Skipped);
    }

    [Fact]
    public void Two_sizes_of_one_product_or_two_products_missing_from_the_catalog_are_two_events()
    {
        const string shirts = """
            {"id": "TS1", "title": "T-shirt"}
            {"id": "TS1-S", "type": "VARIANT", "primaryProductId": "TS1"}
            {"id": "TS1-M", "type": "VARIANT", "primaryProductId": "TS1"}
            """;
        var data = Ndjson.Ingest(shirts, string.Join("\n",
            Event("add-to-cart", Time, "v1", null, "TS1-S"),
            Event("add-to-cart", Time, "v1", null, "TS1-M"),
            Event("add-to-cart", Time, "v1", null, "TS1", "GONE-1"),
            Event("add-to-cart", Time, "v1", null, "TS1", "GONE-2"),
            // the same variant, its id escaped: one event sent twice
            """{"eventType": "add-to-cart", "visitorId": "v1", "eventTime": "2024-05-01T10:00:00Z", "productDetails": [{"product": {"id": "TS1\u002DS"}}]}""") + "\n");

        Assert.Equal(4, data.Report.Events.Accepted);
        Assert.Equal([5L], data.Report.Events.ExamplesFor(IngestionSkipReasons.DuplicateEvent));
        Assert.Equal((4 * 3.0, 4), (Assert.Single(data.Interactions.Interactions).Weight, data.Interactions.Interactions[0].EventCount));
    }

    [Fact]
    public void Googles_two_searches_at_the_same_second_with_different_queries_are_two_events()
    {
        var (events, report) = Ndjson.ReadEvents(Ndjson.GoogleSample("user_events.json"));
        Assert.Equal(2, events.Count(e => e.EventType == "search"));
        Assert.Equal(0, report.SkippedFor(IngestionSkipReasons.DuplicateEvent));
    }

    [Theory]
    [InlineData("page-visit", false)]
    [InlineData("checkout-start", true)]
    [InlineData("add-to-list", true)]
    [InlineData("remove-from-list", true)]
    [InlineData("remove-from-cart", true)]
    [InlineData("refund", true)]
    [InlineData("shopping-cart-page-view", false)]
    [InlineData("promotion-offered", false)]
    [InlineData("promotion-not-offered", false)]
    [InlineData("impression", false)]
    public void Every_Google_event_type_is_recognised(string type, bool needsProducts)
    {
        var (_, withProduct) = Ndjson.ReadEvents(Event(type, Time, "v1", null, "p0"));
        Assert.Equal(1, withProduct.AcceptedByType[type]);
        Assert.Equal(0, withProduct.SkippedFor(IngestionSkipReasons.UnknownEventType));

        var (_, without) = Ndjson.ReadEvents(Event(type, Time, "v1", null));
        Assert.Equal(needsProducts ? 1 : 0, without.SkippedFor(IngestionSkipReasons.MissingProduct));
        Assert.Equal(0, without.SkippedFor(IngestionSkipReasons.UnknownEventType));
    }

    [Fact]
    public void Only_types_that_are_not_Googles_and_have_no_weight_are_unknown()
    {
        var (_, report) = Ndjson.ReadEvents(Event("wishlist", Time, "v1", null, "p0"), Event("Refund", Time, "v1", null, "p0"));
        Assert.Equal(2, report.SkippedFor(IngestionSkipReasons.UnknownEventType)); // types are case-sensitive, as in the API
    }

    [Fact]
    public void Recognised_types_weigh_0_by_default_and_their_weight_is_a_setting()
    {
        string events = string.Join("\n", Event("add-to-list", Time, "v1", null, "p0"), Event("page-visit", Time, "v1", null, "p1")) + "\n";
        Assert.Equal(0, Ndjson.Ingest(Products, events).Interactions.Count);

        var weights = new EventWeights();
        weights.Weights["add-to-list"] = 2;
        var weighted = Ndjson.Ingest(Products, events, weights);
        Assert.Equal((0, 2.0), (Assert.Single(weighted.Interactions.Interactions).Product, weighted.Interactions.Interactions[0].Weight));
    }

    [Fact]
    public void A_negative_weight_takes_interest_back_and_a_sum_not_above_0_is_no_interaction()
    {
        var weights = new EventWeights();
        weights.Weights["remove-from-cart"] = -3;
        weights.Weights["refund"] = -10;
        var data = Ndjson.Ingest(Products, string.Join("\n",
            Event("add-to-cart", "2024-05-01T10:00:00Z", "v1", null, "p0"),
            Event("remove-from-cart", "2024-05-01T10:01:00Z", "v1", null, "p0"),   // v1, p0: 3 - 3 = 0
            Event("detail-page-view", "2024-05-01T10:02:00Z", "v1", null, "p1"),
            Event("add-to-cart", "2024-05-01T10:03:00Z", "v1", null, "p1"),
            Event("remove-from-cart", "2024-05-01T10:04:00Z", "v1", null, "p1"),   // v1, p1: 1 + 3 - 3 = 1
            Event("purchase-complete", "2024-05-01T10:00:00Z", "v2", null, "p2"),
            Event("refund", "2024-05-09T10:00:00Z", "v2", null, "p2"),             // v2, p2: 5 - 10 < 0, v2 has nothing left
            Event("refund", "2024-05-09T10:00:00Z", "v3", null, "p2")) + "\n", weights); // v3: only a refund

        var only = Assert.Single(data.Interactions.Interactions);
        Assert.Equal((1, 1.0, 3), (only.Product, only.Weight, only.EventCount));
        Assert.Equal(["v1"], data.Interactions.UserIds.AsEnumerable());
        Assert.Equal(8, data.Report.Events.Accepted);
    }
}
