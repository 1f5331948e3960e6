using Teddy.Catalog;
using Teddy.Retail;

namespace Teddy.Core.Tests.Retail;

/// <summary>Issue 6 §9: products as real feeds send them — availability the API does not define, rejected lines, missing fields.</summary>
public class RealFeedProductTests
{
    private const string Time = "2024-05-01T10:00:00Z";

    [Fact]
    public void A_product_with_availability_AVAILABLE_is_kept_and_its_events_count()
    {
        var data = Ndjson.Ingest(
            """
            {"id": "P1", "title": "Kite", "brands": ["Hape"], "priceInfo": {"price": 5}, "availability": "AVAILABLE"}
            {"id": "P2", "title": "Drum", "brands": ["Hape"], "priceInfo": {"price": 6}, "availability": "IN_STOCK"}
            """,
            Ndjson.Event("purchase-complete", "v1", Time, "P1") + "\n" + Ndjson.Event("detail-page-view", "v1", Time, "P2") + "\n");

        Assert.Equal(2, data.Catalog.Count);
        Assert.Equal(ProductAvailability.Unknown, data.Catalog[0].Availability);
        Assert.True(data.Catalog[0].InStock);
        Assert.Equal(1, data.Report.Products.WarningsFor(IngestionWarnings.UnknownAvailability));
        Assert.Equal([1L], data.Report.Products.WarningExamplesFor(IngestionWarnings.UnknownAvailability));
        Assert.Equal(0, data.Report.Products.Skipped);
        Assert.Equal(2, data.Report.Events.Accepted);
        Assert.Equal(0, data.Report.Events.SkippedFor(IngestionSkipReasons.UnknownProduct));
        Assert.Equal(5.0, data.Interactions.Interactions.Single(i => i.Product == 0).Weight);

        var catalog = ModelCatalogBuilder.From(data.Catalog);
        Assert.True(catalog.IsAvailabilityUnknown(0));
        Assert.False(catalog.IsAvailabilityUnknown(1));
    }

    [Fact]
    public void Events_on_a_rejected_product_line_have_their_own_reason_apart_from_products_that_never_existed()
    {
        var data = Ndjson.Ingest(
            """
            {"id": "P1", "title": "Kite", "priceInfo": {"price": "five euros"}}
            {"id": "P2", "title": "Drum", "priceInfo": {"price": 6}}
            """,
            string.Join("\n",
                Ndjson.Event("purchase-complete", "v1", Time, "P1"),
                Ndjson.Event("purchase-complete", "v1", Time, "NEVER"),
                Ndjson.Event("detail-page-view", "v1", Time, "P1", "NEVER"),
                Ndjson.Event("detail-page-view", "v2", Time, "P2", "P1", "NEVER")) + "\n");

        Assert.Equal([1L], data.Report.Products.ExamplesFor(IngestionSkipReasons.InvalidPrice));
        Assert.Equal([1L, 3L], data.Report.Events.ExamplesFor(IngestionSkipReasons.RejectedProduct));
        Assert.Equal([2L], data.Report.Events.ExamplesFor(IngestionSkipReasons.UnknownProduct));
        Assert.Equal(1, data.Report.Events.Accepted);
        Assert.Equal(1, data.Report.Events.RejectedProductReferences);
        Assert.Equal(1, data.Report.Events.UnknownProductReferences);
    }

    [Fact]
    public void A_rejected_line_followed_by_a_valid_one_for_the_same_id_resolves_to_the_product()
    {
        var data = Ndjson.Ingest(
            "{\"id\": \"P1\", \"priceInfo\": {\"price\": -4}}\n{\"id\": \"P1\", \"title\": \"Kite\"}\n",
            Ndjson.Event("purchase-complete", "v1", Time, "P1") + "\n");
        Assert.Equal(1, data.Report.Events.Accepted);
        Assert.Equal(0, data.Report.Events.RejectedProductReferences);
    }

    [Fact]
    public void Products_without_a_title_brand_or_price_are_counted_per_field()
    {
        var (_, report) = Ndjson.ReadProducts(
            """{"id": "a", "title": "Kite", "brands": ["Hape"], "priceInfo": {"price": 5}}""",
            """{"id": "b", "brands": ["Hape"], "priceInfo": {"price": 5}}""",
            """{"id": "c", "title": "  ", "brands": [" "], "priceInfo": {"price": 5}}""",
            """{"id": "d", "title": "Drum", "priceInfo": {"currencyCode": "EUR"}}""",
            """{"id": "e", "type": "VARIANT", "primaryProductId": "a"}""");

        Assert.Equal(2, report.WarningsFor(IngestionWarnings.MissingTitle));
        Assert.Equal([2L, 3L], report.WarningExamplesFor(IngestionWarnings.MissingTitle));
        Assert.Equal([3L, 4L], report.WarningExamplesFor(IngestionWarnings.MissingBrand));
        Assert.Equal([4L], report.WarningExamplesFor(IngestionWarnings.MissingPrice));
        Assert.Equal(5, report.Accepted); // a variant's own gaps do not count: it is shown as its primary
    }

    [Fact]
    public void A_product_without_a_title_gets_a_readable_name_never_an_empty_one()
    {
        var data = Ndjson.Ingest(
            """
            {"id": "P1", "brands": ["Hape"], "categories": ["Toys > Puzzles"]}
            {"id": "P2", "categories": ["Baby > Bath"]}
            {"id": "P3"}
            {"id": "P4", "title": "Kite"}
            """, "");

        var catalog = ModelCatalogBuilder.From(data.Catalog);
        Assert.Equal(["Hape Puzzles", "Bath", "Product P3", "Kite"], catalog.Titles);
        Assert.Equal("", data.Catalog[0].Title); // the feed's title stays as given (TF-IDF reads brand and category already)
        Assert.Equal(3, data.Report.Products.WarningsFor(IngestionWarnings.MissingTitle));
    }
}
