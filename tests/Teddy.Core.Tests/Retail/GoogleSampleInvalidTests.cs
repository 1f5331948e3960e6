using Teddy.Retail;

namespace Teddy.Core.Tests.Retail;

public class GoogleSampleInvalidTests
{
    [Fact]
    public void The_INVALID_VALUE_product_is_kept_with_availability_unknown_and_a_warning()
    {
        // Issue 6 §9: an availability the API does not define no longer drops the product (it was invalid_availability).
        var (products, report) = Ndjson.ReadProducts(Ndjson.GoogleSample("products_some_invalid.json"));

        Assert.Equal(3, report.LinesRead);
        Assert.Equal(3, report.Accepted);
        Assert.Equal(0, report.Skipped);
        Assert.Equal(1, report.WarningsFor(IngestionWarnings.UnknownAvailability));
        Assert.Equal([1L], report.WarningExamplesFor(IngestionWarnings.UnknownAvailability));
        Assert.Equal(["GGCOGOAC101259", "GGPRAHPL107110", "GGOEAAKQ137410"], products.Select(product => product.Id));
        Assert.Equal(ProductAvailability.Unknown, products[0].Availability);
    }

    [Fact]
    public void The_last_line_without_a_newline_is_read()
    {
        byte[] bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "gcp-retail-sample", "products_some_invalid.json"));
        Assert.NotEqual((byte)'\n', bytes[^1]); // the fixture really lacks it

        var (products, _) = Ndjson.ReadProducts(new MemoryStream(bytes));
        Assert.Equal("GGOEAAKQ137410", products[^1].Id);
    }

    [Fact]
    public void The_invalid_event_type_is_skipped_as_unknown_event_type()
    {
        var (events, report) = Ndjson.ReadEvents(Ndjson.GoogleSample("user_events_some_invalid.json"));

        Assert.Equal(3, events.Count);
        Assert.Equal(1, report.Skipped);
        Assert.Equal(1, report.SkippedFor(IngestionSkipReasons.UnknownEventType));
        Assert.Equal([2L], report.ExamplesFor(IngestionSkipReasons.UnknownEventType));
    }
}
