using System.Text.Json.Serialization;

namespace Teddy.Evaluation;

/// <summary>Accuracy of one candidate on the temporal hold-out, averaged over the evaluated users.</summary>
public sealed record AccuracyReport(
    [property: JsonPropertyName("k")] int K,
    [property: JsonPropertyName("users")] int Users,
    [property: JsonPropertyName("precision_at_k")] double Precision,
    [property: JsonPropertyName("recall_at_k")] double Recall,
    [property: JsonPropertyName("ndcg_at_k")] double Ndcg,
    [property: JsonPropertyName("map_at_k")] double Map,
    [property: JsonPropertyName("hit_rate_at_k")] double HitRate,
    [property: JsonPropertyName("catalog_coverage")] double CatalogCoverage,
    [property: JsonPropertyName("mean_brands_per_list")] double MeanBrandsPerList);

/// <summary>The original system's coverage protocol for one candidate.</summary>
public sealed record CoverageReport(
    [property: JsonPropertyName("requests")] int Requests,
    [property: JsonPropertyName("users")] IReadOnlyList<string> Users,
    [property: JsonPropertyName("items_per_request")] int ItemsPerRequest,
    [property: JsonPropertyName("distinct_brands")] int DistinctBrands,
    [property: JsonPropertyName("brand_denominator")] int BrandDenominator,
    [property: JsonPropertyName("brand_coverage")] double BrandCoverage,
    [property: JsonPropertyName("distinct_categories")] int DistinctCategories,
    [property: JsonPropertyName("category_denominator")] int CategoryDenominator,
    [property: JsonPropertyName("category_coverage")] double CategoryCoverage,
    [property: JsonPropertyName("coverage_score")] double CoverageScore,
    [property: JsonPropertyName("rating")] string Rating,
    [property: JsonPropertyName("latency_ms")] LatencyReport Latency,
    [property: JsonPropertyName("success_rate")] double SuccessRate);

public sealed record LatencyReport(
    [property: JsonPropertyName("mean")] double Mean,
    [property: JsonPropertyName("p50")] double P50,
    [property: JsonPropertyName("p95")] double P95,
    [property: JsonPropertyName("p99")] double P99)
{
    public static LatencyReport Of(IReadOnlyList<double> milliseconds)
    {
        if (milliseconds.Count == 0) return new LatencyReport(0, 0, 0, 0);
        var sorted = milliseconds.Order().ToArray();
        return new LatencyReport(Math.Round(sorted.Average(), 4), Percentile(sorted, 0.50), Percentile(sorted, 0.95), Percentile(sorted, 0.99));
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)], 4);
}

/// <summary>Everything measured about one candidate.</summary>
public sealed record CandidateEvaluation(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("model_type")] string ModelType,
    [property: JsonPropertyName("accuracy")] AccuracyReport Accuracy,
    [property: JsonPropertyName("coverage")] CoverageReport Coverage);
