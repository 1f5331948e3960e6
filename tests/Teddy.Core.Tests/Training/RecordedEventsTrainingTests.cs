using System.Text;
using Teddy.Feedback;
using Teddy.Interactions;
using Teddy.Retail;
using Teddy.Training;

namespace Teddy.Core.Tests.Training;

/// <summary>
/// A retrain learns from the events recorded through the API (the events table's UserEvent JSON) together with the
/// data file's events, each event once: a recorded event the file also holds is a duplicate_event, whatever its spacing.
/// </summary>
public class RecordedEventsTrainingTests
{
    private static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));

    private const string FileEvents = """
        {"eventType": "detail-page-view", "visitorId": "v1", "eventTime": "2026-01-01T10:00:00Z", "productDetails": [{"product": {"id": "p1"}}]}
        {"eventType": "add-to-cart", "visitorId": "v1", "eventTime": "2026-01-01T10:01:00Z", "productDetails": [{"product": {"id": "p2"}}]}
        """;

    [Fact]
    public void Recorded_events_are_read_after_the_file_and_an_event_in_both_counts_once()
    {
        string recorded = string.Join("\n",
            // The file's two events again, as the API stores them (compact, other field order).
            """{"visitorId":"v1","eventType":"detail-page-view","eventTime":"2026-01-01T10:00:00Z","productDetails":[{"product":{"id":"p1"}}]}""",
            """{"eventType":"add-to-cart","visitorId":"v1","eventTime":"2026-01-01T11:01:00+01:00","productDetails":[{"product":{"id":"p2"}}]}""",
            // New ones, one of them the detail-page-view a click stands for.
            """{"eventType":"detail-page-view","visitorId":"v2","eventTime":"2026-01-02T09:00:00Z","productDetails":[{"product":{"id":"p3"}}]}""",
            UserEventRecord.FromClick(new Click("c1", "v3", "p4", 2, "hybrid", null, new DateTimeOffset(2026, 1, 2, 9, 5, 0, TimeSpan.Zero))).EventJson,
            """{"eventType":"purchase-complete","visitorId":"v2","eventTime":"2026-01-02T09:10:00Z","productDetails":[{"product":{"id":"no-such"}}]}""") + "\n";

        var ingested = RetailIngestion.Ingest(Stream(TrainingShop.Catalog(10)), Stream(FileEvents), new EventWeights(), Stream(recorded));

        Assert.Equal(2, ingested.Report.Events.Accepted);
        var fromTable = ingested.Report.RecordedEvents!;
        Assert.Equal(5, fromTable.LinesRead);
        Assert.Equal(2, fromTable.Accepted);
        Assert.Equal(2, fromTable.SkippedFor(IngestionSkipReasons.DuplicateEvent));
        Assert.Equal(1, fromTable.SkippedFor(IngestionSkipReasons.UnknownProduct));
        Assert.Equal(["v1", "v2", "v3"], ingested.Interactions.UserIds.ToArray());
        Assert.Contains("recorded events: 5 lines", ingested.Report.Summary());
    }

    [Fact]
    public void Without_recorded_events_the_report_has_no_recorded_section()
    {
        var ingested = RetailIngestion.Ingest(Stream(TrainingShop.Catalog(10)), Stream(FileEvents), new EventWeights());
        Assert.Null(ingested.Report.RecordedEvents);
        Assert.DoesNotContain("recorded_events", ingested.Report.ToJson());
    }

    [Fact]
    public void The_trained_version_says_what_it_read_from_the_events_table_and_knows_its_shoppers()
    {
        string catalog = TrainingShop.Catalog(90);
        string events = TrainingShop.Events(60, 90, 10);
        var newcomer = Enumerable.Range(0, 6).Select(i =>
            $$$"""{"eventType":"detail-page-view","visitorId":"api-visitor","eventTime":"2026-02-01T10:0{{{i}}}:00Z","productDetails":[{"product":{"id":"p{{{i * 6}}}"}}]}""");
        string recorded = string.Join("\n", newcomer.Append(events.Split('\n')[0])) + "\n"; // and one event the file already has
        var readAt = new DateTimeOffset(2026, 2, 2, 3, 0, 0, TimeSpan.Zero);

        var outcome = Assert.IsType<TrainingOutcome>(new ModelTrainer(TrainingShop.Settings()).Train(Stream(catalog), Stream(events),
            readAt, "test", recorded: new RecordedEventsInput(Stream(recorded), readAt)), exactMatch: true);

        var summary = outcome.Metadata.RecordedEvents!;
        Assert.Equal(readAt, summary.ReadAt);
        Assert.Equal(7, summary.Rows);
        Assert.Equal(6, summary.Accepted);
        Assert.Equal(1, summary.Duplicates);
        Assert.Equal(summary, outcome.Report.RecordedEvents);
        Assert.Equal(600 + 6, outcome.Metadata.Data.Events);
        Assert.True(outcome.Model.Users.Find("api-visitor").IsKnown);
        Assert.Contains("\"recorded_events\"", outcome.Metadata.ToJson());
    }
}
