using Teddy.Core.Tests.Retail;
using Teddy.Interactions;
using Teddy.Retail;

namespace Teddy.Core.Tests.Interactions;

public class InteractionAggregationTests
{
    private const string Products = "{\"id\": \"p0\"}\n{\"id\": \"p1\"}\n{\"id\": \"p2\"}\n";

    private static string Events(params string[] lines) => string.Join("\n", lines);

    private static string WithUser(string line, string userId) =>
        line.Replace("\"eventTime\"", $"\"userInfo\": {{\"userId\": \"{userId}\"}}, \"eventTime\"");

    [Fact]
    public void Weights_are_summed_per_user_and_product_ignoring_quantity()
    {
        var data = Ndjson.Ingest(Products, Events(
            Ndjson.Event("detail-page-view", "v1", "2024-05-01T10:00:00Z", "p1"),
            Ndjson.Event("detail-page-view", "v1", "2024-05-01T10:05:00Z", "p1"),
            """{"eventType": "add-to-cart", "visitorId": "v1", "eventTime": "2024-05-01T10:06:00Z", "productDetails": [{"product": {"id": "p1"}, "quantity": 10}]}""",
            Ndjson.Event("purchase-complete", "v1", "2024-05-01T10:09:00Z", "p1", "p2")));

        var interactions = data.Interactions.Interactions;
        Assert.Equal(2, interactions.Length);
        Assert.Equal((0, 1, 1 + 1 + 3 + 5.0, 4), (interactions[0].User, interactions[0].Product, interactions[0].Weight, interactions[0].EventCount));
        Assert.Equal((0, 2, 5.0, 1), (interactions[1].User, interactions[1].Product, interactions[1].Weight, interactions[1].EventCount));
    }

    [Fact]
    public void A_product_named_twice_in_one_event_counts_once()
    {
        var data = Ndjson.Ingest(Products, Ndjson.Event("purchase-complete", "v1", "2024-05-01T10:00:00Z", "p1", "p1"));
        var single = Assert.Single(data.Interactions.Interactions);
        Assert.Equal(5.0, single.Weight);
        Assert.Equal(1, single.EventCount);
    }

    [Fact]
    public void The_user_id_is_preferred_over_the_visitor_id()
    {
        var data = Ndjson.Ingest(Products, Events(
            WithUser(Ndjson.Event("detail-page-view", "phone", "2024-05-01T10:00:00Z", "p0"), "alice"),
            WithUser(Ndjson.Event("detail-page-view", "laptop", "2024-05-02T10:00:00Z", "p0"), "alice"),
            Ndjson.Event("detail-page-view", "anonymous", "2024-05-02T10:00:00Z", "p0")));

        Assert.Equal(["alice", "anonymous"], data.Interactions.UserIds.AsEnumerable());
        Assert.True(data.Interactions.TryGetUserIndex("alice", out int alice));
        Assert.Equal(2.0, data.Interactions.ForUser(alice)[0].Weight);
        Assert.False(data.Interactions.TryGetUserIndex("phone", out _));
    }

    [Fact]
    public void Users_are_numbered_in_ordinal_order_of_their_keys_whatever_the_event_order()
    {
        string[] lines =
        [
            Ndjson.Event("detail-page-view", "zoe", "2024-05-01T10:00:00Z", "p0"),
            Ndjson.Event("add-to-cart", "Bob", "2024-05-01T10:00:00Z", "p1"),
            Ndjson.Event("detail-page-view", "adam", "2024-05-01T10:00:00Z", "p2"),
            Ndjson.Event("detail-page-view", "bob", "2024-05-01T10:00:00Z", "p2"),
        ];
        var forward = Ndjson.Ingest(Products, Events(lines)).Interactions;
        var backward = Ndjson.Ingest(Products, Events([.. lines.Reverse()])).Interactions;

        Assert.Equal(["Bob", "adam", "bob", "zoe"], forward.UserIds.AsEnumerable()); // ordinal: upper case first
        Assert.Equal(forward.UserIds.AsEnumerable(), backward.UserIds.AsEnumerable());
        Assert.Equal(forward.Interactions.AsEnumerable(), backward.Interactions.AsEnumerable());
    }

    [Fact]
    public void First_and_last_times_span_the_events_in_utc_whatever_the_file_order()
    {
        var data = Ndjson.Ingest(Products, Events(
            Ndjson.Event("detail-page-view", "v1", "2024-05-03T10:00:00Z", "p1"),
            Ndjson.Event("detail-page-view", "v1", "2024-05-01T12:00:00+02:00", "p1"),
            Ndjson.Event("detail-page-view", "v1", "2024-05-02T10:00:00Z", "p1")));

        var interaction = Assert.Single(data.Interactions.Interactions);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero), interaction.FirstTime);
        Assert.Equal(TimeSpan.Zero, interaction.FirstTime.Offset);
        Assert.Equal(new DateTimeOffset(2024, 5, 3, 10, 0, 0, TimeSpan.Zero), interaction.LastTime);
    }

    [Fact]
    public void Zero_weight_events_are_accepted_and_counted_but_add_nothing()
    {
        var data = Ndjson.Ingest(Products, Events(
            Ndjson.Event("search", "searcher", "2024-05-01T10:00:00Z", "p0"),
            Ndjson.Event("home-page-view", "browser", "2024-05-01T10:00:00Z"),
            Ndjson.Event("detail-page-view", "viewer", "2024-05-01T10:00:00Z", "p1")));

        Assert.Equal(3, data.Report.Events.Accepted);
        Assert.Equal(1, data.Report.Events.AcceptedByType["search"]);
        Assert.Equal(["viewer"], data.Interactions.UserIds.AsEnumerable()); // only users with a weighted interaction get a row
        Assert.Equal(1, data.Interactions.Count);
    }

    [Fact]
    public void Configured_weights_apply_including_custom_event_types()
    {
        var weights = new EventWeights();
        weights.Weights["search"] = 0.5;
        weights.Weights["wishlist-add"] = 2;
        var data = Ndjson.Ingest(Products, Events(
            Ndjson.Event("search", "v1", "2024-05-01T10:00:00Z", "p0"),
            Ndjson.Event("wishlist-add", "v1", "2024-05-01T10:00:00Z", "p0")), weights);

        Assert.Equal(2.5, Assert.Single(data.Interactions.Interactions).Weight);
    }

    [Fact]
    public void The_matrix_is_users_by_catalog_products_with_summed_weights()
    {
        var data = Ndjson.Ingest(Products, Events(
            Ndjson.Event("detail-page-view", "b", "2024-05-01T10:00:00Z", "p2"),
            Ndjson.Event("add-to-cart", "a", "2024-05-01T10:00:00Z", "p1"),
            Ndjson.Event("detail-page-view", "a", "2024-05-01T10:00:00Z", "p1"),
            Ndjson.Event("purchase-complete", "b", "2024-05-01T10:00:00Z", "p0")));

        var matrix = data.Interactions.ToMatrix();

        Assert.Equal(2, matrix.Rows);
        Assert.Equal(3, matrix.Columns);
        Assert.Equal(3, matrix.NonZeros);
        Assert.Equal([0, 1, 3], matrix.RowPointers);
        Assert.Equal([1, 0, 2], matrix.ColumnIndices);
        Assert.Equal([4.0, 5.0, 1.0], matrix.Values);
    }
}
