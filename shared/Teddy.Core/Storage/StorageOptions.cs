namespace Teddy.Storage;

/// <summary>
/// Container, blob and table names, and the time budgets of storage calls (settings under
/// <c>Teddy:Storage</c>, e.g. <c>Teddy__Storage__DataContainer</c>, <c>Teddy__Storage__Requests__TimeoutSeconds</c>).
/// Names are checked at start-up (<see cref="StorageOptionsValidation"/>).
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Teddy:Storage";

    /// <summary>The connection setting: a connection string, or a section with blobServiceUri/tableServiceUri for managed identity.</summary>
    public const string ConnectionSetting = "TeddyStorage";

    public string DataContainer { get; set; } = "data";
    public string CatalogBlob { get; set; } = "catalog.ndjson";
    public string EventsBlob { get; set; } = "events.ndjson";
    public string ModelsContainer { get; set; } = "models";
    public string ClicksTable { get; set; } = "clicks";
    /// <summary>Retrain status records (one row per retrain, keyed by its id).</summary>
    public string RetrainsTable { get; set; } = "retrains";
    /// <summary>Shopper simulation status records (one row per <c>POST api/simulations</c>, keyed by its id).</summary>
    public string SimulationsTable { get; set; } = "simulations";
    /// <summary>The shared click-through aggregates: hours/{yyyyMMddHH}.json, ctr.json and the aggregation lease.</summary>
    public string AnalyticsContainer { get; set; } = "analytics";

    /// <summary>Served lists (impressions), one row per attribution token, partitioned by the hour served and a shard.</summary>
    public string ImpressionsTable { get; set; } = "impressions";

    /// <summary>Shopper events from <c>POST api/events</c> and clicks, one partition per shopper, one row per event id.</summary>
    public string EventsTable { get; set; } = "events";

    /// <summary>
    /// Storage calls made while answering an HTTP request (recording a click, the admin routes, the retrain
    /// lock): fail fast, so the answer — or a 503 with Retry-After — comes within about 3 seconds.
    /// </summary>
    public StorageRetryOptions Requests { get; set; } = StorageRetryOptions.RequestDefaults();

    /// <summary>Background work (retrain, model loads, the model refresher, the start-up seeding): patient.</summary>
    public StorageRetryOptions Background { get; set; } = StorageRetryOptions.BackgroundDefaults();

    /// <summary>How long <c>GET api/health</c> waits for each storage dependency, in seconds (they are checked in parallel).</summary>
    public double HealthTimeoutSeconds { get; set; } = 0.6;
}
