using Teddy.Feedback;
using Teddy.Interactions;
using Teddy.Retail;

namespace Teddy.Core.Tests.Retail;

/// <summary>
/// Ids over the API's limit (<see cref="IdLimit.MaxLength"/>, 256 UTF-16 code units) are skipped by ingestion as
/// id_too_long, in the catalog and in events: the API refuses such an id on every route, so a product or shopper
/// ingested with one could never be asked about, and its clicks and events would all be lost.
/// </summary>
public class IdTooLongTests
{
    private const string Time = "2024-05-01T10:00:00Z";
    private static readonly string Long300 = new('x', 300);
    private static readonly string AtLimit = new('y', IdLimit.MaxLength);
    private static readonly string OverLimit = new('z', IdLimit.MaxLength + 1);

    [Fact]
    public void The_limit_is_the_one_the_http_api_uses()
    {
        Assert.Equal(256, IdLimit.MaxLength);
        Assert.Equal(IdLimit.MaxLength, ClickValidation.MaxIdLength);
        Assert.Equal(["click_id"], ClickValidation.Validate(OverLimit, "u", "p", 1, "popular", null).Keys);
        Assert.Empty(ClickValidation.Validate(AtLimit, "u", "p", 1, "popular", null));
    }

    [Fact]
    public void A_catalog_product_with_a_300_character_id_is_skipped_and_cannot_be_served()
    {
        var data = Ndjson.Ingest(
            $$"""
            {"id":"p1","title":"Short"}
            {"id":"{{Long300}}","title":"Long"}
            """,
            $$$"""
            {"eventType":"detail-page-view","visitorId":"v1","eventTime":"{{{Time}}}","productDetails":[{"product":{"id":"p1"}}]}
            {"eventType":"detail-page-view","visitorId":"v1","eventTime":"{{{Time}}}","productDetails":[{"product":{"id":"{{{Long300}}}"}}]}
            """);

        Assert.Equal(["p1"], data.Catalog.Products.Select(p => p.Id));
        Assert.False(data.Catalog.TryGetIndex(Long300, out _));
        Assert.Equal([2L], data.Report.Products.ExamplesFor(IngestionSkipReasons.IdTooLong));
        Assert.Equal([2L], data.Report.Events.ExamplesFor(IngestionSkipReasons.IdTooLong)); // not unknown_product: the id itself is refused
        Assert.Contains("id_too_long", data.Report.ToJson());
    }

    public static TheoryData<string> LongProductLines => new()
    {
        $$"""{"id":"{{OverLimit}}"}""",
        $$$"""{"id":"{{{Long300}}}","title":"x","priceInfo":{"price":"bad"}}""", // the id is refused before the price is looked at
        $$"""{"id":"v","type":"VARIANT","primaryProductId":"{{OverLimit}}"}""",
        $$"""{"id":"{{string.Concat(Enumerable.Repeat("\\u00e9", IdLimit.MaxLength + 1))}}"}""", // escaped: counted unescaped
        $$"""{"id":"{{string.Concat(Enumerable.Repeat("😀", 129))}}"}""", // 258 UTF-16 code units, as .NET (and the API) counts
    };

    [Theory]
    [MemberData(nameof(LongProductLines))]
    public void Product_and_primary_product_ids_over_the_limit_are_id_too_long(string line)
    {
        var (products, report) = Ndjson.ReadProducts("""{"id":"ok"}""", line);

        Assert.Equal(["ok"], products.Select(p => p.Id));
        Assert.Equal([2L], report.ExamplesFor(IngestionSkipReasons.IdTooLong));
    }

    [Fact]
    public void Ids_at_the_limit_are_accepted()
    {
        string emoji = string.Concat(Enumerable.Repeat("😀", IdLimit.MaxLength / 2)); // 256 code units, 512 bytes of UTF-8
        var (products, report) = Ndjson.ReadProducts(
            $$"""{"id":"{{AtLimit}}"}""",
            $$"""{"id":"{{emoji}}"}""",
            $$"""{"id":"v","type":"VARIANT","primaryProductId":"{{AtLimit}}"}""");

        Assert.Equal(3, products.Count);
        Assert.Equal(0, report.Skipped);
        Assert.Equal(emoji, products[1].Id);
    }

    [Fact]
    public void A_blank_id_of_any_length_is_missing_not_too_long()
    {
        var (_, report) = Ndjson.ReadProducts($$"""{"id":"{{new string(' ', 300)}}"}""");
        Assert.Equal([1L], report.ExamplesFor(IngestionSkipReasons.MissingId));
    }

    public static TheoryData<string> LongEventLines => new()
    {
        // The tryout's example: a 100,000-character visitor id was accepted by a retrain.
        $$"""{"eventType":"search","visitorId":"{{new string('v', 100_000)}}","eventTime":"{{Time}}"}""",
        $$"""{"eventType":"search","visitorId":"{{OverLimit}}","eventTime":"{{Time}}"}""",
        $$"""{"eventType":"search","visitorId":"v1","userInfo":{"userId":"{{OverLimit}}"},"eventTime":"{{Time}}"}""",
        $$"""{"eventType":"search","visitorId":"{{OverLimit}}","userInfo":{"userId":"u1"},"eventTime":"{{Time}}"}""", // even when a user id stands in
        $$$"""{"eventType":"detail-page-view","visitorId":"v1","eventTime":"{{{Time}}}","productDetails":[{"product":{"id":"{{{OverLimit}}}"}}]}""",
        $$$"""{"eventType":"purchase-complete","visitorId":"v1","eventTime":"{{{Time}}}","productDetails":[{"product":{"id":"p1"}},{"product":{"id":"{{{Long300}}}"}}]}""",
        $$$$"""{"eventType":"detail-page-view","visitorId":"v1","eventTime":"{{{{Time}}}}","productDetails":{"product":{"id":"{{{{Long300}}}}"}}}""",
        $$"""{"eventType":"search","visitorId":"{{string.Concat(Enumerable.Repeat("\\u0041", IdLimit.MaxLength + 1))}}","eventTime":"{{Time}}"}""",
        $$"""{"eventType":"search","visitorId":"{{string.Concat(Enumerable.Repeat("é", IdLimit.MaxLength + 1))}}","eventTime":"{{Time}}"}""",
        // id_too_long is found before the event's other checks, as the API finds it.
        $$"""{"eventType":"nope","visitorId":"{{OverLimit}}","eventTime":"bad"}""",
    };

    [Theory]
    [MemberData(nameof(LongEventLines))]
    public void Visitor_user_and_product_ids_over_the_limit_skip_the_event_as_id_too_long(string line)
    {
        foreach (var catalog in new[] { null, Ndjson.Catalog("p1", "p2") })
        {
            var (events, report) = Ndjson.ReadEvents(Ndjson.FromLines(Ndjson.Event("detail-page-view", "v0", Time, "p1"), line), catalog);

            Assert.Equal(["v0"], events.Select(e => e.UserKey));
            Assert.Equal([2L], report.ExamplesFor(IngestionSkipReasons.IdTooLong));
        }
    }

    [Fact]
    public void Event_ids_at_the_limit_are_accepted_and_a_long_blank_visitor_id_is_absent()
    {
        string productAtLimit = new('p', IdLimit.MaxLength);
        var (events, report) = Ndjson.ReadEvents(Ndjson.FromLines(
                $$$"""{"eventType":"detail-page-view","visitorId":"{{{AtLimit}}}","eventTime":"{{{Time}}}","productDetails":[{"product":{"id":"{{{productAtLimit}}}"}}]}""",
                $$"""{"eventType":"search","visitorId":"{{new string(' ', 300)}}","userInfo":{"userId":"{{AtLimit}}"},"eventTime":"{{Time}}"}""",
                $$"""{"eventType":"search","visitorId":"{{new string(' ', 300)}}","eventTime":"{{Time}}"}"""),
            Ndjson.Catalog(productAtLimit));

        Assert.Equal([AtLimit, AtLimit], events.Select(e => e.UserKey));
        Assert.Equal([3L], report.ExamplesFor(IngestionSkipReasons.MissingVisitorId));
    }

    [Fact]
    public void A_retrain_skips_recorded_events_with_a_long_id_too()
    {
        var data = RetailIngestion.Ingest(
            Ndjson.FromText("""{"id":"p1","title":"One"}""" + "\n"),
            Ndjson.FromLines(Ndjson.Event("detail-page-view", "v1", Time, "p1")),
            new EventWeights(),
            Ndjson.FromLines(Ndjson.Event("detail-page-view", new string('r', 100_000), Time, "p1"), Ndjson.Event("detail-page-view", "v2", Time, "p1")));

        Assert.Equal(["v1", "v2"], data.Interactions.UserIds.ToArray());
        Assert.Equal([1L], data.Report.RecordedEvents!.ExamplesFor(IngestionSkipReasons.IdTooLong));
    }
}
