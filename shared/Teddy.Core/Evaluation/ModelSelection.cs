using System.Text.Json.Serialization;

namespace Teddy.Evaluation;

public enum SelectionRule
{
    /// <summary>Highest NDCG@k among candidates whose coverage score reaches the floor used (default).</summary>
    Ndcg,
    /// <summary>The original system's rule: highest coverage score.</summary>
    Coverage,
}

/// <summary>Settings under <c>Teddy:Training:Selection</c>.</summary>
public sealed class SelectionOptions
{
    public SelectionRule Rule { get; set; } = SelectionRule.Ndcg;
    /// <summary>
    /// The coverage floor as a share in [0, 1] of the coverage score this catalog can attain under the protocol
    /// (<see cref="AttainableCoverage"/>): candidates below <c>CoverageFloor × attainable</c> are not eligible under
    /// the NDCG rule. 0.55 puts the demo shop's floor at 40% (attainable 72.0%: 400 picks of 666 brands, all 46
    /// categories), the original's "Outstanding" line, and keeps the popularity list out on every catalog measured.
    /// </summary>
    public double CoverageFloor { get; set; } = 0.55;
    /// <summary>A new winner is promoted unless its NDCG is worse than the serving model's by more than this share.</summary>
    public double PromotionTolerance { get; set; } = 0.05;
    /// <summary>Model versions kept in storage (the promoted one is always kept).</summary>
    public int KeepVersions { get; set; } = 10;
}

/// <summary>
/// The selection's outcome: the winner, the rule, why, and the coverage yardstick it used — the attainable maximum
/// (<see cref="Attainable"/>), the floor setting as a share of it (<see cref="CoverageFloor"/>) and the absolute
/// coverage score that share amounts to (<see cref="FloorUsed"/>).
/// </summary>
public sealed record Selection(
    [property: JsonPropertyName("winner")] string Winner,
    [property: JsonPropertyName("rule")] string Rule,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("coverage_floor")] double CoverageFloor,
    [property: JsonPropertyName("floor_used")] double FloorUsed,
    [property: JsonPropertyName("attainable")] AttainableCoverage Attainable);

/// <summary>Picks the winner among evaluated candidates by the documented rule.</summary>
public static class ModelSelection
{
    /// <summary>
    /// Under <see cref="SelectionRule.Ndcg"/>: the highest NDCG@k among candidates whose coverage score is at least
    /// <c>CoverageFloor × attainable.MaxScore</c> (ties: higher coverage score); when none is, the highest coverage
    /// score, and the reason says so. Under <see cref="SelectionRule.Coverage"/>: the highest coverage score (ties:
    /// higher NDCG). A catalog whose attainable score is 0 (no brand, no category) makes every candidate eligible.
    /// </summary>
    /// <exception cref="ArgumentException">No candidates.</exception>
    /// <summary>The absolute coverage score a candidate must reach: <c>CoverageFloor × attainable.MaxScore</c>, rounded to 6 digits.</summary>
    public static double FloorUsed(SelectionOptions options, AttainableCoverage attainable) => Math.Round(options.CoverageFloor * attainable.MaxScore, 6);

    public static Selection Choose(IReadOnlyList<CandidateEvaluation> candidates, SelectionOptions options, AttainableCoverage attainable)
    {
        if (candidates.Count == 0) throw new ArgumentException("There is nothing to choose from.", nameof(candidates));
        double floor = FloorUsed(options, attainable);
        string yardstick = $"coverage floor {floor:P1} = {options.CoverageFloor:P0} of the attainable {attainable.MaxScore:P1}";
        Selection Chosen(string method, string rule, string reason) =>
            new(method, rule, reason, options.CoverageFloor, floor, attainable);

        if (options.Rule == SelectionRule.Coverage)
        {
            var best = candidates.OrderByDescending(c => c.Coverage.CoverageScore).ThenByDescending(c => c.Accuracy.Ndcg).First();
            return Chosen(best.Method, "coverage",
                $"{best.Method} has the highest coverage score ({best.Coverage.CoverageScore:P1}; attainable {attainable.MaxScore:P1}).");
        }

        // Scores are rounded to 6 places, as the floor is: compare at that precision.
        var eligible = candidates.Where(c => c.Coverage.CoverageScore >= floor - 5e-7).ToArray();
        if (eligible.Length == 0)
        {
            // No candidate is diverse enough: fall back to the most diverse, and say so.
            var mostDiverse = candidates.OrderByDescending(c => c.Coverage.CoverageScore).ThenByDescending(c => c.Accuracy.Ndcg).First();
            return Chosen(mostDiverse.Method, "ndcg",
                $"No candidate reached the {yardstick}; {mostDiverse.Method} has the highest coverage score ({mostDiverse.Coverage.CoverageScore:P1}).");
        }
        var winner = eligible.OrderByDescending(c => c.Accuracy.Ndcg).ThenByDescending(c => c.Coverage.CoverageScore).First();
        return Chosen(winner.Method, "ndcg",
            $"{winner.Method} has the highest NDCG@{winner.Accuracy.K} ({winner.Accuracy.Ndcg:F4}) among candidates with coverage score ≥ the {yardstick}.");
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
