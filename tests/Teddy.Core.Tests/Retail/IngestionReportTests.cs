using System.Text.Json;
using Teddy.Retail;

namespace Teddy.Core.Tests.Retail;

public class IngestionReportTests
{
    private static IngestionReport SampleReport()
    {
        var data = Ndjson.Ingest(
            "{\"id\": \"p1\"}\n{\"id\": \"p1\"}\n\nnot json\n",
            """
            {"eventType": "detail-page-view", "visitorId": "v1", "eventTime": "2024-05-01T10:00:00Z", "productDetails": [{"product": {"id": "p1"}}, {"product": {"id": "gone"}}]}
            {"eventType": "search", "visitorId": "v1", "eventTime": "2024-05-01T10:00:00Z"}
            {"eventType": "invalid", "visitorId": "v1", "eventTime": "2024-05-01T10:00:00Z"}
            """);
        return data.Report;
    }

    [Fact]
    public void Counts_add_up_per_stream()
    {
        var report = SampleReport();

        Assert.Equal(4, report.Products.LinesRead);
        Assert.Equal(1, report.Products.Accepted);
        Assert.Equal(1, report.Products.BlankLines);
        Assert.Equal(2, report.Products.Skipped);
        Assert.Equal(3, report.Events.LinesRead);
        Assert.Equal(2, report.Events.Accepted);
        Assert.Equal(1, report.Events.UnknownProductReferences);
    }

    [Fact]
    public void Json_uses_snake_case_names_and_the_reason_strings()
    {
        using var json = JsonDocument.Parse(SampleReport().ToJson());
        var products = json.RootElement.GetProperty("products");
        var events = json.RootElement.GetProperty("events");

        Assert.Equal(4, products.GetProperty("lines_read").GetInt64());
        Assert.Equal(1, products.GetProperty("accepted").GetInt64());
        Assert.Equal(2, products.GetProperty("skipped").GetInt64());
        Assert.Equal(1, products.GetProperty("skipped_by_reason").GetProperty("duplicate_id").GetInt64());
        Assert.Equal(4, products.GetProperty("example_lines").GetProperty("malformed_json")[0].GetInt64());
        Assert.Equal(1, events.GetProperty("accepted_by_type").GetProperty("search").GetInt64());
        Assert.Equal(1, events.GetProperty("skipped_by_reason").GetProperty("unknown_event_type").GetInt64());
        Assert.Equal(1, events.GetProperty("unknown_product_references").GetInt64());
        Assert.Equal(0, events.GetProperty("rejected_product_references").GetInt64());
        Assert.Equal(1, products.GetProperty("warnings_by_reason").GetProperty("missing_title").GetInt64());
        Assert.Equal(1, products.GetProperty("warning_example_lines").GetProperty("missing_price")[0].GetInt64());
    }

    [Fact]
    public void Serialising_with_default_options_also_gives_snake_case()
    {
        string json = JsonSerializer.Serialize(SampleReport());
        Assert.Contains("\"lines_read\"", json);
        Assert.DoesNotContain("LinesRead", json);
    }

    [Fact]
    public void The_summary_is_one_line_with_the_reasons()
    {
        string summary = SampleReport().Summary();

        Assert.DoesNotContain('\n', summary);
        Assert.Equal(
            "products: 4 lines, 1 accepted, 2 skipped (duplicate_id 1 at lines 2, malformed_json 1 at lines 4), 1 blank, "
            + "warnings (missing_brand 1 at lines 1, missing_price 1 at lines 1, missing_title 1 at lines 1); "
            + "events: 3 lines, 2 accepted, 1 skipped (unknown_event_type 1 at lines 3), by type [detail-page-view 1, search 1], "
            + "1 unknown product references dropped",
            summary);
    }
}
