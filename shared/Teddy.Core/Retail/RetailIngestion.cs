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
    public static IngestedData Ingest(Stream catalogNdjson, Stream eventsNdjson, EventWeights weights)
    {
        ArgumentNullException.ThrowIfNull(catalogNdjson);
        ArgumentNullException.ThrowIfNull(eventsNdjson);
        ArgumentNullException.ThrowIfNull(weights);

        var report = new IngestionReport();
        var catalog = ProductCatalog.Read(catalogNdjson, report.Products);
        var events = new RetailEventReader(weights.Weights.Keys, catalog);
        var aggregator = new InteractionAggregator(catalog, weights);
        events.ReadInto(eventsNdjson, report.Events, aggregator.Add);
        return new IngestedData(catalog, aggregator.Build(), report);
    }
}
