using Teddy.Interactions;
using Teddy.Retail;

namespace Teddy.Core.Tests.Retail;

public class GoogleSampleEventsTests
{
    [Fact]
    public void All_4_events_are_accepted_and_the_single_object_productDetails_is_read()
    {
        var (events, report) = Ndjson.ReadEvents(Ndjson.GoogleSample("user_events.json"));

        Assert.Equal(4, report.Accepted);
        Assert.Equal(0, report.Skipped);
        Assert.Equal(["home-page-view", "search", "search", "detail-page-view"], events.Select(e => e.EventType));
        var detail = Assert.Single(events[3].ProductDetails);
        Assert.Equal(new RetailProductDetail("GGCOGAEC100616", 3), detail);
        Assert.Equal("bjbs_group1_visitor1", events[3].VisitorId);
        Assert.Null(events[3].UserId);
        Assert.Equal(new DateTimeOffset(2022, 2, 23, 10, 27, 42, TimeSpan.Zero), events[3].EventTime);
    }

    [Fact]
    public void Against_the_sample_catalog_only_the_detail_page_view_reaches_the_matrix()
    {
        using var products = Ndjson.GoogleSample("products.json");
        using var events = Ndjson.GoogleSample("user_events.json");

        var data = RetailIngestion.Ingest(products, events, new EventWeights());

        Assert.Equal(316, data.Catalog.Count);
        Assert.Equal(4, data.Report.Events.Accepted);
        Assert.Equal(1, data.Report.Events.AcceptedByType["home-page-view"]);
        Assert.Equal(2, data.Report.Events.AcceptedByType["search"]);
        Assert.Equal(1, data.Report.Events.AcceptedByType["detail-page-view"]);

        var matrix = data.Interactions.ToMatrix();
        Assert.Equal(1, matrix.Rows);
        Assert.Equal(316, matrix.Columns);
        Assert.Equal(1, matrix.NonZeros);
        Assert.Equal(1.0, matrix[0, data.Catalog.IndexOf("GGCOGAEC100616")]); // quantity 3 does not multiply the weight
        Assert.Equal(["bjbs_group1_visitor1"], data.Interactions.UserIds.AsEnumerable());
    }
}
