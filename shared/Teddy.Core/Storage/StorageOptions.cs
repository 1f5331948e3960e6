namespace Teddy.Storage;

/// <summary>Container, blob and table names (settings under <c>Teddy:Storage</c>, e.g. <c>Teddy__Storage__DataContainer</c>).</summary>
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
}
