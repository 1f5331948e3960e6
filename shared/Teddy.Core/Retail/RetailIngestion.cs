using Teddy.Interactions;

namespace Teddy.Retail;

/// <summary>The result of one ingestion: the catalog, the interactions over it, and what was skipped and why.</summary>
public sealed record IngestedData(ProductCatalog Catalog, InteractionSet Interactions, IngestionReport Report);

/// <summary>
/// The one entry point from Retail API NDJSON to training data. Reads the catalog first (events are checked
/// against it), then streams the events straight into the aggregator; neither file is held in memory.
/// This is the only Retail type that depends on Teddy.Interactions.
/// </summary>
public static class RetailIngestion
{
    /// <param name="recordedEventsNdjson">
    /// The events recorded through the API (the events table's UserEvent JSON, one per line), read after the file's
    /// events by the same reader: an event in both is one event (the file's line counts, the recorded one is a
    /// duplicate_event), and the report counts them apart (<see cref="IngestionReport.RecordedEvents"/>). Null when none.
    /// </param>
    /// <param name="now">
    /// The ingestion's now (a retrain's start): events later than it plus <see cref="EventWeights.MaxFutureSkewMinutes"/>
    /// are skipped as <c>event_time_in_future</c>. Null: no such limit (tools reading old files as they are).
    /// </param>
    /// <param name="catalogRead">Called with the catalog as soon as it is read, before the events are (work that needs only
    /// the catalog, such as TF-IDF, can then run beside the events' ingestion).</param>
    public static IngestedData Ingest(Stream catalogNdjson, Stream eventsNdjson, EventWeights weights, Stream? recordedEventsNdjson = null,
        DateTimeOffset? now = null, Action<ProductCatalog>? catalogRead = null)
    {
        ArgumentNullException.ThrowIfNull(catalogNdjson);
        ArgumentNullException.ThrowIfNull(eventsNdjson);
        ArgumentNullException.ThrowIfNull(weights);

        var report = new IngestionReport();
        var catalog = ProductCatalog.Read(catalogNdjson, report.Products);
        catalogRead?.Invoke(catalog);
        var events = new RetailEventReader(weights.Weights.Keys, catalog, now is { } at ? weights.LatestEventTime(at) : null);
        var aggregator = new InteractionAggregator(catalog, weights);
        events.ReadInto(eventsNdjson, report.Events, aggregator.Add);
        if (recordedEventsNdjson is not null)
            events.ReadInto(recordedEventsNdjson, report.RecordedEvents = new EventIngestionReport(), aggregator.Add);
        return new IngestedData(catalog, aggregator.Build(), report);
    }
}
