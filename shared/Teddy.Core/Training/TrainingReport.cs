using System.Text.Json;
using System.Text.Json.Serialization;
using Teddy.Evaluation;

namespace Teddy.Training;

/// <summary>report.json: every candidate's numbers, the selection rule and the promotion decision of one retrain.</summary>
public sealed class TrainingReport
{
    [JsonPropertyName("version")] public required string Version { get; init; }
    [JsonPropertyName("created")] public required DateTimeOffset Created { get; init; }
    [JsonPropertyName("trigger")] public required string Trigger { get; init; }
    [JsonPropertyName("holdout")] public required HoldoutSummary Holdout { get; init; }
    [JsonPropertyName("coverage_users")] public required IReadOnlyList<string> CoverageUsers { get; init; }
    /// <summary>The methods that may win (the Candidates setting).</summary>
    [JsonPropertyName("candidate_methods")] public required IReadOnlyList<string> CandidateMethods { get; init; }
    /// <summary>Every measured model: the candidates, plus popularity as the baseline.</summary>
    [JsonPropertyName("candidates")] public required IReadOnlyList<CandidateEvaluation> Candidates { get; init; }
    /// <summary>Models the data could not support, with their reasons; the others trained and competed.</summary>
    [JsonPropertyName("skipped")] public IReadOnlyList<SkippedModel> Skipped { get; init; } = [];
    /// <summary>The parts the hybrid was trained with (both, or the one the data supports); null without a hybrid.</summary>
    [JsonPropertyName("hybrid_parts")] public IReadOnlyList<string>? HybridParts { get; init; }
    /// <summary>The hybrid's trained weights and how they were chosen (the search beside the configured weights); null without a hybrid.</summary>
    [JsonPropertyName("hybrid")] public HybridReport? Hybrid { get; init; }
    [JsonPropertyName("baseline")] public CandidateEvaluation? Baseline { get; init; }
    /// <summary>The diversity rules every candidate's lists were ranked under (they shape the coverage scores); null in reports written before they were recorded.</summary>
    [JsonPropertyName("ranking")] public RankingSummary? Ranking { get; init; }
    [JsonPropertyName("selection")] public required Selection Selection { get; init; }
    [JsonPropertyName("decision")] public required PromotionDecision Decision { get; init; }
    [JsonPropertyName("svd")] public SvdSummary? Svd { get; init; }
    /// <summary>The served EASE model's shape: products modelled and the absolute λ; null without EASE.</summary>
    [JsonPropertyName("ease")] public EaseSummary? Ease { get; init; }
    /// <summary>The imported Spark ALS model served (<c>als</c>): its rank and how many of its users and products this data has.</summary>
    [JsonPropertyName("als_import")] public Interchange.AlsMatch? AlsImport { get; init; }
    [JsonPropertyName("timings_ms")] public required Dictionary<string, long> TimingsMs { get; init; }
    /// <summary>What came from the events table (events and clicks recorded through the API); null when it was not read.</summary>
    [JsonPropertyName("recorded_events")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Artifacts.RecordedEventsSummary? RecordedEvents { get; init; }

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

public sealed record HoldoutSummary(
    [property: JsonPropertyName("fraction")] double Fraction,
    [property: JsonPropertyName("min_products")] int MinProducts,
    [property: JsonPropertyName("eligible_users")] int EligibleUsers,
    [property: JsonPropertyName("evaluated_users")] int EvaluatedUsers,
    [property: JsonPropertyName("held_out_interactions")] int HeldOutInteractions,
    [property: JsonPropertyName("training_interactions")] int TrainingInteractions,
    [property: JsonPropertyName("seed")] ulong Seed);

/// <summary>
/// The candidate caps and list rules of <see cref="Ranking.RankingOptions"/> in force when the candidates were evaluated:
/// per brand at most <paramref name="MaxPerBrand"/> of a list (and of a model's candidates when
/// <paramref name="CapCandidateBrands"/>), per category at most ⌈<paramref name="MaxCategoryShare"/> × n⌉ (1: no cap), and
/// <paramref name="CandidateMultiplier"/> × k candidates asked of a model for a list of k.
/// </summary>
public sealed record RankingSummary(
    [property: JsonPropertyName("max_per_brand")] int MaxPerBrand,
    [property: JsonPropertyName("cap_candidate_brands")] bool CapCandidateBrands,
    [property: JsonPropertyName("max_category_share")] double MaxCategoryShare,
    [property: JsonPropertyName("candidate_multiplier")] int CandidateMultiplier);

/// <summary>EASE as fitted on all the data: the products it models, the absolute λ and the setting it came from.</summary>
public sealed record EaseSummary(
    [property: JsonPropertyName("items")] int Items,
    [property: JsonPropertyName("lambda")] double Lambda,
    [property: JsonPropertyName("relative_lambda")] double RelativeLambda);

public sealed record SvdSummary(
    [property: JsonPropertyName("rank")] int Rank,
    [property: JsonPropertyName("singular_value_max")] double SingularValueMax,
    [property: JsonPropertyName("singular_value_min")] double SingularValueMin,
    [property: JsonPropertyName("iterations")] int Iterations,
    [property: JsonPropertyName("max_residual")] double MaxResidual,
    [property: JsonPropertyName("converged")] bool Converged,
    [property: JsonPropertyName("heldout_rmse")] double? HeldOutRmse);

/// <summary>A hybrid setting with its accuracy on both halves of the hold-out's users and its coverage score.</summary>
public sealed record HybridSettingReport(
    [property: JsonPropertyName("collaborative_part")] string CollaborativePart,
    [property: JsonPropertyName("content_weight")] double ContentWeight,
    [property: JsonPropertyName("collaborative_weight")] double CollaborativeWeight,
    [property: JsonPropertyName("tuning_ndcg_at_k")] double? TuningNdcg,
    [property: JsonPropertyName("reporting_ndcg_at_k")] double ReportingNdcg,
    [property: JsonPropertyName("coverage_score")] double CoverageScore);

/// <summary>
/// The hybrid in report.json and metadata.json: its trained weights (<see cref="Trained"/>: what serving and the click-driven
/// weights start from), how they were set (<c>search</c> or <c>fixed</c>), and beside them the configured fixed weights
/// (by default the original 0.65/0.35 over SVD) measured on the same users. Under the search, <see cref="TuningUsers"/>
/// of the hold-out's users tuned the weights and the other <see cref="ReportingUsers"/> (disjoint) reported them — every
/// candidate's evaluation, the hybrid's included, uses the reporting users only. <see cref="Grid"/> has every setting tried.
/// </summary>
public sealed record HybridReport(
    [property: JsonPropertyName("tuning")] string Tuning,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("trained")] HybridSettingReport Trained,
    [property: JsonPropertyName("fixed")] HybridSettingReport? Fixed,
    [property: JsonPropertyName("tuning_users")] int TuningUsers,
    [property: JsonPropertyName("reporting_users")] int ReportingUsers,
    [property: JsonPropertyName("seed")] ulong Seed,
    [property: JsonPropertyName("floor_used")] double? FloorUsed,
    [property: JsonPropertyName("grid")] IReadOnlyList<HybridGridPoint>? Grid)
{
    /// <summary>Under the search: how settings equal in NDCG and coverage score are ordered (<see cref="HybridWeightSearch.TieRule"/>).</summary>
    [JsonPropertyName("tie_rule")] public string? TieRule { get; init; }
}
