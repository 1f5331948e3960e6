using System.Text.Json;
using System.Text.Json.Serialization;

namespace Teddy.Retail;

/// <summary>What one ingestion run read, accepted and skipped, for the catalog and the events separately.</summary>
public sealed class IngestionReport
{
    [JsonPropertyName("products")] public IngestionStreamReport Products { get; } = new();
    [JsonPropertyName("events")] public EventIngestionReport Events { get; } = new();

    /// <summary>
    /// The events recorded through the API (the events table), when the ingestion read them: each row is a "line"
    /// (numbered in the order read), and an event the data file also holds is skipped here as duplicate_event.
    /// </summary>
    [JsonPropertyName("recorded_events")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EventIngestionReport? RecordedEvents { get; internal set; }

    /// <summary>One line for logs.</summary>
    public string Summary() => $"products: {Products}; events: {Events}" + (RecordedEvents is { } recorded ? $"; recorded events: {recorded}" : "");

    public override string ToString() => Summary();

    /// <summary>The report as JSON; property names are snake_case whatever options are used (they are attributed).</summary>
    public string ToJson(bool indented = false) =>
        JsonSerializer.Serialize(this, indented ? IndentedOptions : CompactOptions);

    private static readonly JsonSerializerOptions CompactOptions = new();
    private static readonly JsonSerializerOptions IndentedOptions = new() { WriteIndented = true };
}
