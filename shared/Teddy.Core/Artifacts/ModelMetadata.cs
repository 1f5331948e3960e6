using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Teddy.Artifacts;

/// <summary>
/// metadata.json beside each model.bin: what the model is, what it was trained on and with, how it
/// scored, and the checksum that ties it to its model file. Reports that other parts of the library own
/// (ingestion, evaluation, settings) are kept as JSON so the store does not depend on their types.
/// </summary>
public sealed class ModelMetadata
{
    [JsonPropertyName("version")] public required string Version { get; init; }
    [JsonPropertyName("created")] public required DateTimeOffset Created { get; init; }
    /// <summary>The display name of the promoted recommender, e.g. "Content-Based".</summary>
    [JsonPropertyName("model_type")] public required string ModelType { get; init; }
    /// <summary>The method key the promoted recommender answers to, e.g. "content".</summary>
    [JsonPropertyName("method")] public required string Method { get; init; }
    [JsonPropertyName("format_version")] public int FormatVersion { get; init; } = ArtifactWriter.FormatVersion;
    [JsonPropertyName("sha256")] public required string Sha256 { get; init; }
    [JsonPropertyName("size_bytes")] public required long SizeBytes { get; init; }
    [JsonPropertyName("data")] public required DataCounts Data { get; init; }
    [JsonPropertyName("ingestion")] public JsonNode? Ingestion { get; init; }
    [JsonPropertyName("evaluation")] public JsonNode? Evaluation { get; init; }
    [JsonPropertyName("settings")] public JsonNode? Settings { get; init; }
    [JsonPropertyName("timings_ms")] public Dictionary<string, long> TimingsMs { get; init; } = [];

    /// <summary>
    /// The events recorded through the API (the events table) this version learned from; null when the retrain read
    /// none (a model trained before events were recorded, or without storage). Real-time personalisation treats the
    /// events received after <see cref="RecordedEventsSummary.ReadAt"/> (every recorded event when null) as recent.
    /// </summary>
    [JsonPropertyName("recorded_events")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RecordedEventsSummary? RecordedEvents { get; init; }

    public static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ModelMetadata FromJson(string json) =>
        JsonSerializer.Deserialize<ModelMetadata>(json, Json) ?? throw new JsonException("metadata.json is empty.");
}

public sealed record DataCounts(
    [property: JsonPropertyName("products")] int Products,
    [property: JsonPropertyName("brands")] int Brands,
    [property: JsonPropertyName("categories")] int Categories,
    [property: JsonPropertyName("users")] int Users,
    [property: JsonPropertyName("interactions")] int Interactions,
    [property: JsonPropertyName("events")] int Events);

/// <summary>What a retrain read from the events table.</summary>
/// <param name="ReadAt">When the read started (UTC): every event stored before then is in the model.</param>
/// <param name="Rows">Rows read (each event once: the table is keyed by event id).</param>
/// <param name="Accepted">Rows the ingestion accepted (not duplicates of the data file's events, not rejected).</param>
/// <param name="Duplicates">Rows dropped as the same event as a line of the data file.</param>
public sealed record RecordedEventsSummary(
    [property: JsonPropertyName("read_at")] DateTimeOffset ReadAt,
    [property: JsonPropertyName("rows")] long Rows,
    [property: JsonPropertyName("accepted")] long Accepted,
    [property: JsonPropertyName("duplicates")] long Duplicates);
