using Teddy.Retail;

namespace Teddy.Core.Tests.Retail;

/// <summary>
/// A field the readers need, given a value of another JSON type (a number where a string belongs), is skipped as
/// wrong_type — never counted as missing (missing_visitor_id, missing_id, missing_product...) — in events and in the
/// catalog. null counts as absent.
/// </summary>
public class WrongTypeTests
{
    private const string Time = "2024-05-01T10:00:00Z";

    public static TheoryData<string> EventLines => new()
    {
        // The tryout's example: "visitorId": 123 was reported as a missing visitor id.
        $$"""{"eventType":"search","visitorId":123,"eventTime":"{{Time}}"}""",
        $$"""{"eventType":"search","visitorId":true,"eventTime":"{{Time}}"}""",
        $$"""{"eventType":"search","visitorId":{"id":"v1"},"eventTime":"{{Time}}"}""",
        $$"""{"eventType":"search","visitorId":["v1"],"eventTime":"{{Time}}"}""",
        $$"""{"eventType":"search","visitorId":123,"userInfo":{"userId":"u1"},"eventTime":"{{Time}}"}""", // a user id does not hide the mistake
        $$"""{"eventType":"search","userInfo":"u1","eventTime":"{{Time}}"}""",
        $$"""{"eventType":"search","userInfo":{"userId":7},"eventTime":"{{Time}}"}""",
        $$"""{"eventType":"search","visitorId":"v1","userInfo":{"userId":7},"eventTime":"{{Time}}"}""",
        $$"""{"eventType":3,"visitorId":"v1","eventTime":"{{Time}}"}""",
        $$"""{"eventType":["search"],"visitorId":"v1","eventTime":"{{Time}}"}""",
        """{"eventType":"search","visitorId":"v1","eventTime":1714557600}""",
        """{"eventType":"search","visitorId":"v1","eventTime":{"seconds":1714557600}}""",
        $$"""{"eventType":"detail-page-view","visitorId":"v1","eventTime":"{{Time}}","productDetails":"p1"}""",
        $$"""{"eventType":"search","visitorId":"v1","eventTime":"{{Time}}","productDetails":5}""",
        $$"""{"eventType":"detail-page-view","visitorId":"v1","eventTime":"{{Time}}","productDetails":["p1"]}""",
        $$"""{"eventType":"detail-page-view","visitorId":"v1","eventTime":"{{Time}}","productDetails":[{"product":"p1"}]}""",
        $$$"""{"eventType":"detail-page-view","visitorId":"v1","eventTime":"{{{Time}}}","productDetails":[{"product":{"id":17}}]}""",
        $$$"""{"eventType":"purchase-complete","visitorId":"v1","eventTime":"{{{Time}}}","productDetails":[{"product":{"id":"p1"}},{"product":{"id":17}}]}""",
        $$$$"""{"eventType":"detail-page-view","visitorId":"v1","eventTime":"{{{{Time}}}}","productDetails":{"product":{"id":["p1"]}}}""",
    };

    [Theory]
    [MemberData(nameof(EventLines))]
    public void An_event_field_of_another_json_type_is_wrong_type_never_missing(string line)
    {
        foreach (var catalog in new[] { null, Ndjson.Catalog("p1") })
        {
            var (events, report) = Ndjson.ReadEvents(Ndjson.FromLines(Ndjson.Event("detail-page-view", "v0", Time, "p1"), line), catalog);

            Assert.Equal(["v0"], events.Select(e => e.UserKey));
            Assert.Equal(1, report.Skipped);
            Assert.Equal([2L], report.ExamplesFor(IngestionSkipReasons.WrongType));
        }
    }

    [Theory]
    [InlineData("""{"eventType":"search","visitorId":null,"userInfo":{"userId":"u1"},"eventTime":"2024-05-01T10:00:00Z"}""", "u1")]
    [InlineData("""{"eventType":"search","visitorId":"v1","userInfo":null,"eventTime":"2024-05-01T10:00:00Z"}""", "v1")]
    [InlineData("""{"eventType":"search","visitorId":"v1","userInfo":{"userId":null},"eventTime":"2024-05-01T10:00:00Z"}""", "v1")]
    [InlineData("""{"eventType":"search","visitorId":"v1","eventTime":"2024-05-01T10:00:00Z","productDetails":null}""", "v1")]
    [InlineData("""{"eventType":"add-to-cart","visitorId":"v1","eventTime":"2024-05-01T10:00:00Z","productDetails":[null,{"product":null},{"product":{"id":null}},{"product":{"id":"p1"}}]}""", "v1")]
    // Informative fields stay tolerant: an unusable value is ignored, not fatal.
    [InlineData("""{"eventType":"add-to-cart","visitorId":"v1","eventTime":"2024-05-01T10:00:00Z","productDetails":[{"product":{"id":"p1"},"quantity":"two"}]}""", "v1")]
    [InlineData("""{"eventType":"purchase-complete","visitorId":"v1","eventTime":"2024-05-01T10:00:00Z","productDetails":[{"product":{"id":"p1"}}],"purchaseTransaction":{"revenue":"lots","currencyCode":5}}""", "v1")]
    public void Null_is_absent_and_informative_fields_are_tolerant(string line, string user)
    {
        var (events, report) = Ndjson.ReadEvents(line);
        Assert.True(events.Count == 1, report.ToString());
        Assert.Equal(user, events[0].UserKey);
    }

    [Fact]
    public void Absent_or_null_fields_are_still_reported_as_missing()
    {
        var (_, report) = Ndjson.ReadEvents(
            """{"eventType":null,"visitorId":"v1","eventTime":"2024-05-01T10:00:00Z"}""",
            """{"eventType":"search","visitorId":null,"eventTime":"2024-05-01T10:00:00Z"}""",
            """{"eventType":"search","visitorId":"v1","eventTime":null}""",
            """{"eventType":"detail-page-view","visitorId":"v1","eventTime":"2024-05-01T10:00:00Z","productDetails":[{"product":{"id":null}}]}""");

        Assert.Equal([1L], report.ExamplesFor(IngestionSkipReasons.UnknownEventType));
        Assert.Equal([2L], report.ExamplesFor(IngestionSkipReasons.MissingVisitorId));
        Assert.Equal([3L], report.ExamplesFor(IngestionSkipReasons.BadTimestamp));
        Assert.Equal([4L], report.ExamplesFor(IngestionSkipReasons.MissingProduct));
    }

    [Fact]
    public void Event_checks_run_in_the_documented_order()
    {
        string longId = new('x', IdLimit.MaxLength + 1);
        var (_, report) = Ndjson.ReadEvents(
            """{"eventType":"search","eventType":"search","visitorId":123,"eventTime":"2024-05-01T10:00:00Z"}""",
            $$"""{"eventType":"search","visitorId":123,"userInfo":{"userId":"{{longId}}"},"eventTime":"2024-05-01T10:00:00Z"}""",
            $$"""{"eventType":"nope","userInfo":{"userId":"{{longId}}"},"eventTime":"bad"}""",
            """{"eventType":"nope","visitorId":"v1","eventTime":"bad"}""",
            """{"eventType":"search","visitorId":123,"eventTime":"2024-05-01T10:00:00Z",""");

        Assert.Equal([1L], report.ExamplesFor(IngestionSkipReasons.DuplicateField));
        Assert.Equal([2L], report.ExamplesFor(IngestionSkipReasons.WrongType));
        Assert.Equal([3L], report.ExamplesFor(IngestionSkipReasons.IdTooLong));
        Assert.Equal([4L], report.ExamplesFor(IngestionSkipReasons.UnknownEventType));
        Assert.Equal([5L], report.ExamplesFor(IngestionSkipReasons.MalformedJson));
    }

    [Theory]
    [InlineData("""{"id":17,"title":"numeric id"}""")]
    [InlineData("""{"id":["a"],"title":"id in an array"}""")]
    [InlineData("""{"id":{"value":"a"}}""")]
    [InlineData("""{"id":true}""")]
    [InlineData("""{"id":"v","type":"VARIANT","primaryProductId":5}""")]
    [InlineData("""{"id":"v","type":"VARIANT","primaryProductId":["p"]}""")]
    public void A_product_id_of_another_json_type_is_wrong_type_never_missing_id(string line)
    {
        var (products, report) = Ndjson.ReadProducts("""{"id":"ok"}""", line);

        Assert.Equal(["ok"], products.Select(p => p.Id));
        Assert.Equal([2L], report.ExamplesFor(IngestionSkipReasons.WrongType));
        Assert.Equal(0, report.SkippedFor(IngestionSkipReasons.MissingId));
    }

    [Fact]
    public void A_null_product_id_is_missing_and_a_null_primary_is_a_missing_primary_warning()
    {
        var (products, report) = Ndjson.ReadProducts("""{"id":null}""", """{"id":"v","type":"VARIANT","primaryProductId":null}""");

        Assert.Equal(["v"], products.Select(p => p.Id));
        Assert.Equal([1L], report.ExamplesFor(IngestionSkipReasons.MissingId));
    }

    [Fact]
    public void Events_on_a_product_line_skipped_for_a_mistyped_primary_are_rejected_product()
    {
        var data = Ndjson.Ingest(
            """
            {"id":"p1"}
            {"id":"v","type":"VARIANT","primaryProductId":5}
            """,
            $$$"""{"eventType":"detail-page-view","visitorId":"v1","eventTime":"{{{Time}}}","productDetails":[{"product":{"id":"v"}}]}""");

        Assert.Equal([2L], data.Report.Products.ExamplesFor(IngestionSkipReasons.WrongType));
        Assert.Equal([1L], data.Report.Events.ExamplesFor(IngestionSkipReasons.RejectedProduct));
    }
}
