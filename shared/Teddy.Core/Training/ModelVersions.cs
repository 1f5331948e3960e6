using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Teddy.Artifacts;
using Teddy.Serving;

namespace Teddy.Training;

/// <summary>A kept model version with its headline numbers.</summary>
public sealed record ModelVersionSummary(
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("created")] DateTimeOffset Created,
    [property: JsonPropertyName("model_type")] string ModelType,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("current")] bool Current,
    [property: JsonPropertyName("ndcg_at_10")] double? Ndcg,
    [property: JsonPropertyName("coverage_score")] double? CoverageScore,
    [property: JsonPropertyName("promotion_decision")] string? Decision,
    [property: JsonPropertyName("size_bytes")] long SizeBytes);

public enum PromotionOutcome { Promoted, UnknownVersion, Conflict }

/// <summary>
/// Lists kept versions, reads their reports and moves the pointer to one of them (roll back or forward) — what the HTTP
/// routes read of the model store, through the store built with the request budget (fail fast: a 503, never a hang).
/// </summary>
public sealed class ModelVersions(IModelStore store, ServingModelProvider provider)
{
    /// <summary>report.json of a kept version as its retrain wrote it; null when the version is not kept or has no report.</summary>
    /// <exception cref="Storage.StorageUnavailableException">Storage did not answer within the request budget.</exception>
    public Task<string?> GetReportAsync(string version, CancellationToken cancellation = default) => store.GetReportAsync(version, cancellation);

    public async Task<IReadOnlyList<ModelVersionSummary>> ListAsync(CancellationToken cancellation = default)
    {
        var current = (await store.GetPointerAsync(cancellation))?.Version;
        var summaries = new List<ModelVersionSummary>();
        foreach (string version in (await store.ListVersionsAsync(cancellation)).Reverse())
        {
            if (await store.GetMetadataAsync(version, cancellation) is not { } metadata) continue;
            var winner = metadata.Evaluation?["winner"];
            summaries.Add(new ModelVersionSummary(version, metadata.Created, metadata.ModelType, metadata.Method, version == current,
                Number(winner?["accuracy"]?["ndcg_at_k"]), Number(winner?["coverage"]?["coverage_score"]),
                metadata.Evaluation?["decision"]?["reason"]?.GetValue<string>(), metadata.SizeBytes));
        }
        return summaries;
    }

    public async Task<PromotionOutcome> PromoteAsync(string version, string reason, CancellationToken cancellation = default)
    {
        if (!ModelVersion.IsValid(version) || await store.GetMetadataAsync(version, cancellation) is null) return PromotionOutcome.UnknownVersion;
        var pointer = await store.GetPointerAsync(cancellation);
        if (!await store.PromoteAsync(version, reason, pointer?.ETag, cancellation)) return PromotionOutcome.Conflict;
        // The pointer has moved: that is the promotion. Loading it here is a courtesy bounded by the request budget.
        await provider.TryRefreshAsync(cancellation);
        return PromotionOutcome.Promoted;
    }

    private static double? Number(JsonNode? node) => node is JsonValue value && value.TryGetValue(out double number) ? number : null;
}
