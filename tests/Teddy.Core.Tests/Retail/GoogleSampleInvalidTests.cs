using Teddy.Retail;

namespace Teddy.Core.Tests.Retail;

public class GoogleSampleInvalidTests
{
    [Fact]
    public void The_INVALID_VALUE_product_is_skipped_as_invalid_availability_and_the_other_two_kept()
    {
        var (products, report) = Ndjson.ReadProducts(Ndjson.GoogleSample("products_some_invalid.json"));

        Assert.Equal(3, report.LinesRead);
        Assert.Equal(2, report.Accepted);
        Assert.Equal(1, report.SkippedFor(IngestionSkipReasons.InvalidAvailability));
        Assert.Equal([1L], report.ExamplesFor(IngestionSkipReasons.InvalidAvailability));
        Assert.Equal(["GGPRAHPL107110", "GGOEAAKQ137410"], products.Select(product => product.Id));
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
