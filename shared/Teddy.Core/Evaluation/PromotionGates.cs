using System.Globalization;
using System.Text.Json.Serialization;
using Teddy.Artifacts;
using Teddy.Retail;

namespace Teddy.Evaluation;

/// <summary>
/// Settings under <c>Teddy:Training:Gates</c> (e.g. <c>Teddy__Training__Gates__MinDataShare</c>): data-quality
/// checks a new model must pass before it may replace the serving one. A refused model is still stored, so it
/// can be inspected and promoted by hand (<c>POST api/models/{version}/promote</c>).
/// </summary>
public sealed class GateOptions
{
    /// <summary>
    /// The new data's products, users with interactions and accepted events must each be at least this share
    /// of what the serving model was trained on (0 turns the check off). Half guards against a truncated upload
    /// or an empty events file while letting a shop shrink its catalog or age out old events.
    /// </summary>
    public double MinDataShare { get; set; } = 0.5;

    /// <summary>
    /// At most this share of the catalog's lines, and of the events' lines, may be rejected (1 turns the check
    /// off). Applies to the first model too: a feed that loses a fifth of its lines is broken, not noisy.
    /// </summary>
    public double MaxRejectedShare { get; set; } = 0.2;

    /// <summary>
    /// The hold-out must evaluate at least this many users before the new model is compared with the serving
    /// one (0 turns the check off). Per-user NDCG@10 varies with a standard deviation around 0.3, so the mean
    /// over fewer than 50 users moves by ±0.04 — more than the differences the comparison judges. Not applied
    /// to a shop's first model, which has nothing to be compared with.
    /// </summary>
    public int MinHoldoutUsers { get; set; } = 50;
}

/// <summary>One data-quality check: what was measured, its limit and whether it passed.</summary>
/// <param name="Name">e.g. <c>events_share</c>, <c>catalog_rejected_share</c>, <c>holdout_users</c>.</param>
/// <param name="Value">The measured value (a share 0–1, or a count for <c>holdout_users</c>).</param>
/// <param name="Limit">The setting it is compared with (a minimum, or for <c>*_rejected_share</c> a maximum).</param>
public sealed record GateCheck(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("limit")] double Limit,
    [property: JsonPropertyName("passed")] bool Passed,
    [property: JsonPropertyName("detail")] string Detail);

/// <summary>The data-quality gates of one retrain (<see cref="GateOptions"/>).</summary>
public sealed record GateResult(
    [property: JsonPropertyName("passed")] bool Passed,
    [property: JsonPropertyName("checks")] IReadOnlyList<GateCheck> Checks)
{
    /// <summary>The failed checks' details, for the refusal's reason.</summary>
    public string FailureSummary() => string.Join(" ", Checks.Where(c => !c.Passed).Select(c => c.Detail));
}

/// <summary>
/// Compares a retrain's data with the serving model's (its metadata's <see cref="DataCounts"/>) and with
/// absolute limits. With no serving model only the rejected-line limits apply.
/// </summary>
public static class PromotionGates
{
    public static GateResult Check(IngestionReport ingestion, DataCounts data, int holdoutUsers, DataCounts? serving, string? servingVersion,
        GateOptions options)
    {
        var checks = new List<GateCheck>
        {
            Rejected("catalog_rejected_share", "catalog", ingestion.Products, options.MaxRejectedShare),
            Rejected("events_rejected_share", "events", ingestion.Events, options.MaxRejectedShare),
        };
        if (serving is not null)
        {
            checks.Add(Share("products_share", "products", data.Products, serving.Products, servingVersion, options.MinDataShare));
            checks.Add(Share("users_share", "users with interactions", data.Users, serving.Users, servingVersion, options.MinDataShare));
            checks.Add(Share("events_share", "accepted events", data.Events, serving.Events, servingVersion, options.MinDataShare));
            bool enough = holdoutUsers >= options.MinHoldoutUsers;
            checks.Add(new GateCheck("holdout_users", holdoutUsers, options.MinHoldoutUsers, enough, enough
                ? $"The hold-out evaluates {holdoutUsers} users (at least {options.MinHoldoutUsers})."
                : $"The hold-out evaluates only {holdoutUsers} users; comparing with the serving model needs at least {options.MinHoldoutUsers} (Teddy__Training__Gates__MinHoldoutUsers)."));
        }
        return new GateResult(checks.TrueForAll(c => c.Passed), checks);
    }

    private static GateCheck Share(string name, string what, long now, long before, string? servingVersion, double minimum)
    {
        double share = before > 0 ? (double)now / before : 1;
        bool passed = before == 0 || share >= minimum;
        string counts = $"{what}: {Count(now)} now vs {Count(before)} in serving model {servingVersion} ({share:P0})";
        return new GateCheck(name, Math.Round(share, 4), minimum, passed, passed
            ? $"{Capitalised(counts)}."
            : $"{Capitalised(counts)}, below the {minimum:P0} minimum (Teddy__Training__Gates__MinDataShare).");
    }

    private static GateCheck Rejected(string name, string stream, IngestionStreamReport report, double maximum)
    {
        long lines = report.LinesRead - report.BlankLines;
        double share = lines > 0 ? (double)report.Skipped / lines : 0;
        bool passed = share <= maximum;
        string counts = $"{stream}: {Count(report.Skipped)} of {Count(lines)} lines rejected ({share:P1})";
        string reasons = report.SkippedByReason.Count == 0 ? ""
            : ": " + string.Join(", ", report.SkippedByReason.OrderByDescending(r => r.Value).Take(3).Select(r => $"{r.Key} {Count(r.Value)}"));
        return new GateCheck(name, Math.Round(share, 4), maximum, passed, passed
            ? $"{Capitalised(counts)}{reasons}."
            : $"{Capitalised(counts)}{reasons}; above the {maximum:P0} maximum (Teddy__Training__Gates__MaxRejectedShare).");
    }

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
