using System.Text.Json.Serialization;

namespace Teddy.Evaluation;

public enum SelectionRule
{
    /// <summary>Highest NDCG@k among candidates whose coverage score reaches the floor (default).</summary>
    Ndcg,
    /// <summary>The original system's rule: highest coverage score.</summary>
    Coverage,
}

/// <summary>Settings under <c>Teddy:Training:Selection</c>.</summary>
public sealed class SelectionOptions
{
    public SelectionRule Rule { get; set; } = SelectionRule.Ndcg;
    /// <summary>Candidates below this coverage score are not eligible under the NDCG rule.</summary>
    public double CoverageFloor { get; set; } = 0.40;
    /// <summary>A new winner is promoted unless its NDCG is worse than the serving model's by more than this share.</summary>
    public double PromotionTolerance { get; set; } = 0.05;
    /// <summary>Model versions kept in storage (the promoted one is always kept).</summary>
    public int KeepVersions { get; set; } = 10;
}

public sealed record Selection(
    [property: JsonPropertyName("winner")] string Winner,
    [property: JsonPropertyName("rule")] string Rule,
    [property: JsonPropertyName("reason")] string Reason);

/// <summary>Picks the winner among evaluated candidates by the documented rule.</summary>
public static class ModelSelection
{
    public static Selection Choose(IReadOnlyList<CandidateEvaluation> candidates, SelectionOptions options)
    {
        if (candidates.Count == 0) throw new ArgumentException("There is nothing to choose from.", nameof(candidates));
        if (options.Rule == SelectionRule.Coverage)
        {
            var best = candidates.OrderByDescending(c => c.Coverage.CoverageScore).ThenByDescending(c => c.Accuracy.Ndcg).First();
            return new Selection(best.Method, "coverage",
                $"{best.Method} has the highest coverage score ({best.Coverage.CoverageScore:P1}).");
        }

        var eligible = candidates.Where(c => c.Coverage.CoverageScore >= options.CoverageFloor).ToArray();
        if (eligible.Length == 0)
        {
            // No candidate is diverse enough: fall back to the most diverse, and say so.
            var mostDiverse = candidates.OrderByDescending(c => c.Coverage.CoverageScore).ThenByDescending(c => c.Accuracy.Ndcg).First();
            return new Selection(mostDiverse.Method, "ndcg",
                $"No candidate reached the coverage floor of {options.CoverageFloor:P0}; {mostDiverse.Method} has the highest coverage score ({mostDiverse.Coverage.CoverageScore:P1}).");
        }
        var winner = eligible.OrderByDescending(c => c.Accuracy.Ndcg).ThenByDescending(c => c.Coverage.CoverageScore).First();
        return new Selection(winner.Method, "ndcg",
            $"{winner.Method} has the highest NDCG@{winner.Accuracy.K} ({winner.Accuracy.Ndcg:F4}) among candidates with coverage score ≥ {options.CoverageFloor:P0}.");
    }
}

/// <summary>
/// Whether to promote the winner over the serving model, and why. <see cref="RefusedBy"/> says which rule kept
/// the serving model: <c>data_gates</c> (<see cref="PromotionGates"/>, every check in <see cref="Gates"/>) or
/// <c>ndcg</c> (the winner is worse than the serving model's recipe on the same hold-out); null when promoted.
/// </summary>
public sealed record PromotionDecision(
    [property: JsonPropertyName("promote")] bool Promote,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("winner_ndcg")] double WinnerNdcg,
    [property: JsonPropertyName("serving_version")] string? ServingVersion,
    [property: JsonPropertyName("serving_method")] string? ServingMethod,
    [property: JsonPropertyName("serving_ndcg")] double? ServingNdcg,
    [property: JsonPropertyName("refused_by")] string? RefusedBy = null,
    [property: JsonPropertyName("gates")] GateResult? Gates = null)
{
    public const string RefusedByDataGates = "data_gates";
    public const string RefusedByNdcg = "ndcg";

    /// <summary>The data-quality gates failed: the serving model stays whatever the winner's accuracy.</summary>
    public static PromotionDecision RefusedByGates(CandidateEvaluation winner, string? servingVersion, string? servingMethod, GateResult gates) =>
        new(false, $"Data-quality gates refused promotion: {gates.FailureSummary()} Keeping the serving model; this version is stored and can be promoted by hand.",
            winner.Accuracy.Ndcg, servingVersion, servingMethod, null, RefusedByDataGates, gates);

    /// <summary>
    /// Promote unless the winner's NDCG on this hold-out is below the serving model's (its method and settings
    /// retrained on the same hold-out) by more than the tolerance.
    /// </summary>
    public static PromotionDecision Decide(CandidateEvaluation winner, string? servingVersion, string? servingMethod, double? servingNdcg, double tolerance,
        GateResult? gates = null)
    {
        double ndcg = winner.Accuracy.Ndcg;
        if (servingVersion is null || servingNdcg is null)
            return new PromotionDecision(true, "No model is being served: the winner is promoted.", ndcg, servingVersion, servingMethod, servingNdcg, Gates: gates);
        double floor = servingNdcg.Value * (1 - tolerance);
        return ndcg >= floor
            ? new PromotionDecision(true,
                $"The winner's NDCG {ndcg:F4} is within {tolerance:P0} of, or above, the serving model's {servingNdcg:F4}.",
                ndcg, servingVersion, servingMethod, servingNdcg, Gates: gates)
            : new PromotionDecision(false,
                $"The winner's NDCG {ndcg:F4} is more than {tolerance:P0} below the serving model's {servingNdcg:F4} ({servingMethod}, {servingVersion}) on the same hold-out: keeping the serving model.",
                ndcg, servingVersion, servingMethod, servingNdcg, RefusedByNdcg, gates);
    }
}
