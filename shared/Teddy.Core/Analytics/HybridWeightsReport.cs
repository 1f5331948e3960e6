using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using Teddy.Learning;
using Teddy.Serving;

namespace Teddy.Analytics;

/// <summary>One hybrid part's Beta belief about the click-through rate of the products it contributes.</summary>
/// <param name="Alpha">Prior plus (decayed) clicks.</param>
/// <param name="Beta">Prior plus (decayed) impressions without a click.</param>
/// <param name="Mean">α ÷ (α + β).</param>
/// <param name="CiLow">Lower end of the central 95% interval.</param>
/// <param name="CiHigh">Upper end of the central 95% interval.</param>
/// <param name="Impressions">Decayed impressions observed (the evidence beyond the prior).</param>
public sealed record BeliefJson(
    [property: JsonPropertyName("alpha")] double Alpha,
    [property: JsonPropertyName("beta")] double Beta,
    [property: JsonPropertyName("mean")] double Mean,
    [property: JsonPropertyName("ci_low")] double CiLow,
    [property: JsonPropertyName("ci_high")] double CiHigh,
    [property: JsonPropertyName("prior_alpha")] double PriorAlpha,
    [property: JsonPropertyName("prior_beta")] double PriorBeta,
    [property: JsonPropertyName("impressions")] double Impressions,
    [property: JsonPropertyName("clicks")] double Clicks)
{
    public static BeliefJson From(BetaPosterior prior, PartEvidence evidence)
    {
        var belief = prior.Observe(evidence.Impressions, evidence.Clicks);
        var (low, high) = belief.Interval();
        return new BeliefJson(Round(belief.Alpha), Round(belief.Beta), Round(belief.Mean), Round(low), Round(high),
            Round(prior.Alpha), Round(prior.Beta), Round(evidence.Impressions), Round(evidence.Clicks));
    }

    internal static double Round(double value) => Math.Round(value, 6);
}

/// <summary>The hybrid's expected weights and beliefs after one hour's evidence.</summary>
/// <param name="At">The UTC hour (ISO 8601).</param>
/// <param name="ContentWeight">The content weight requests drew on average after the hour: Min + (Max − Min) · P(content leads).</param>
/// <param name="Impressions">Hybrid part impressions in the hour (content + collaborative, undecayed).</param>
public sealed record WeightsPointJson(
    [property: JsonPropertyName("at")] string At,
    [property: JsonPropertyName("content_weight")] double ContentWeight,
    [property: JsonPropertyName("collaborative_weight")] double CollaborativeWeight,
    [property: JsonPropertyName("content_mean")] double ContentMean,
    [property: JsonPropertyName("collaborative_mean")] double CollaborativeMean,
    [property: JsonPropertyName("impressions")] long Impressions,
    [property: JsonPropertyName("clicks")] long Clicks);

/// <summary>
/// <c>GET api/analytics/weights</c>: what the adaptive hybrid weights (<see cref="ThompsonWeights"/>) believe now on this
/// instance — each part's Beta posterior (α, β, mean, 95% interval, and the prior it started from), the probability that
/// content leads a list, the expected weights — and the same replayed hour by hour over the kept history of
/// <c>ctr.json</c>, exactly as the evidence is folded (<see cref="BanditEvidence"/>), so the last point is the current
/// belief. <see cref="AdaptiveWeights"/> is <c>active</c>, <c>off</c> (the setting) or <c>no_hybrid</c> (the serving model
/// has no two-part hybrid); beliefs and series are null/empty unless active.
/// </summary>
public sealed record HybridWeightsReport(
    [property: JsonPropertyName("model_version")] string ModelVersion,
    [property: JsonPropertyName("adaptive_weights")] string AdaptiveWeights,
    [property: JsonPropertyName("min_weight")] double? MinWeight,
    [property: JsonPropertyName("max_weight")] double? MaxWeight,
    [property: JsonPropertyName("trained")] HybridWeightsJson? Trained,
    [property: JsonPropertyName("expected")] HybridWeightsJson? Expected,
    [property: JsonPropertyName("content_lead_probability")] double? ContentLeadProbability,
    [property: JsonPropertyName("content")] BeliefJson? Content,
    [property: JsonPropertyName("collaborative")] BeliefJson? Collaborative,
    [property: JsonPropertyName("evidence_computed_at")] DateTimeOffset? EvidenceComputedAt,
    [property: JsonPropertyName("optimization_reason")] string? OptimizationReason,
    [property: JsonPropertyName("series")] IReadOnlyList<WeightsPointJson> Series)
{
    /// <summary>The most hours the series holds (the newest with hybrid evidence): each costs a numerical integral.</summary>
    public const int MaxPoints = 96;

    private static readonly ConditionalWeakTable<LearningView, HybridWeightsReport> Cache = new();

    /// <summary>
    /// The report for <paramref name="model"/>'s current learning view and the document it was built from; computed once per
    /// view (a new ctr.json copy or model makes a new view) and cached with it.
    /// </summary>
    public static HybridWeightsReport For(ServingModel model, CtrDocument? document)
    {
        if (model.Learning is not { } view) return Off(model, "off");
        if (view.Bandit is null) return Off(model, model.Supports("hybrid") ? "off" : "no_hybrid", view);
        // A document that is not the view's source (the state refreshed in between) is not replayed, and that answer not kept.
        bool sameCopy = document is not null && document.ComputedAt == view.Snapshot.ComputedAt;
        return sameCopy ? Cache.GetValue(view, v => Build(model, v, document)) : Build(model, view, null);
    }

    private static HybridWeightsReport Off(ServingModel model, string state, LearningView? view = null) =>
        new(model.Version, state, null, null, view is null ? null : HybridWeightsJson.From(view.Fixed), null, null, null, null,
            view?.Snapshot.ComputedAt, view?.HybridReason, []);

    private static HybridWeightsReport Build(ServingModel model, LearningView view, CtrDocument? document)
    {
        var bandit = view.Bandit!;
        var (min, max) = bandit.Bounds;
        var hours = document?.Hours.OrderBy(h => h.Hour).ToArray() ?? [];
        var replay = bandit.WithoutEvidence();
        var withEvidence = hours.Where(h => !h.BanditContent.IsEmpty || !h.BanditCollaborative.IsEmpty).ToArray();
        int firstShown = Math.Max(0, withEvidence.Length - MaxPoints);
        var series = new List<WeightsPointJson>(Math.Min(withEvidence.Length, MaxPoints));
        for (int i = 0; i < withEvidence.Length; i++)
        {
            var hour = withEvidence[i];
            replay = replay.Observe(Evidence(hour.BanditContent), Evidence(hour.BanditCollaborative));
            if (i < firstShown) continue;
            var expected = replay.Expected();
            series.Add(new WeightsPointJson(hour.Hour.ToString("yyyy-MM-ddTHH:00:00Z", CultureInfo.InvariantCulture),
                BeliefJson.Round(expected.Content), BeliefJson.Round(expected.Collaborative),
                BeliefJson.Round(replay.ContentBelief.Mean), BeliefJson.Round(replay.CollaborativeBelief.Mean),
                hour.BanditContent.Impressions + hour.BanditCollaborative.Impressions, hour.BanditContent.Clicks + hour.BanditCollaborative.Clicks));
        }
        double lead = bandit.ContentLeadProbability();
        return new HybridWeightsReport(model.Version, "active", min, max, HybridWeightsJson.From(bandit.Trained),
            HybridWeightsJson.From(bandit.Expected()), BeliefJson.Round(lead),
            BeliefJson.From(bandit.ContentPrior, bandit.Content), BeliefJson.From(bandit.CollaborativePrior, bandit.Collaborative),
            view.Snapshot.ComputedAt, view.HybridReason, series);
    }

    private static PartEvidence Evidence(GroupCounts counts) => new(counts.Impressions, counts.Clicks);
}

/// <summary>A pair of hybrid part weights (content + collaborative = 1).</summary>
public sealed record HybridWeightsJson(
    [property: JsonPropertyName("content")] double Content,
    [property: JsonPropertyName("collaborative")] double Collaborative)
{
    public static HybridWeightsJson From(HybridWeights weights) => new(BeliefJson.Round(weights.Content), BeliefJson.Round(weights.Collaborative));
}
