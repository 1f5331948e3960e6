using System.Text.Json.Serialization;
using Teddy.Feedback;
using Teddy.Learning;

namespace Teddy.Analytics;

/// <summary>One group's click-through as reported: raw, smoothed toward the overall rate, its 95% interval and lift.</summary>
/// <param name="Value">The group's value (a method, a position as a number, a colour …); null for products without one.</param>
/// <param name="Lift">Smoothed rate ÷ overall rate (1 = average); null without an overall rate.</param>
public sealed record CtrGroupJson(
    [property: JsonPropertyName("value")] object? Value,
    [property: JsonPropertyName("impressions")] long Impressions,
    [property: JsonPropertyName("clicks")] long Clicks,
    [property: JsonPropertyName("ctr")] double Ctr,
    [property: JsonPropertyName("smoothed_ctr")] double SmoothedCtr,
    [property: JsonPropertyName("ci_low")] double CiLow,
    [property: JsonPropertyName("ci_high")] double CiHigh,
    [property: JsonPropertyName("lift")] double? Lift);

/// <summary>A brand with its click-through category (<c>high_ctr</c>, <c>medium_ctr</c>, <c>low_ctr</c>, <c>insufficient_data</c>).</summary>
public sealed record CtrBrandJson(
    [property: JsonPropertyName("brand")] string Brand,
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("impressions")] long Impressions,
    [property: JsonPropertyName("clicks")] long Clicks,
    [property: JsonPropertyName("ctr")] double Ctr,
    [property: JsonPropertyName("smoothed_ctr")] double SmoothedCtr,
    [property: JsonPropertyName("ci_low")] double CiLow,
    [property: JsonPropertyName("ci_high")] double CiHigh,
    [property: JsonPropertyName("lift")] double? Lift);

/// <summary>
/// A product attribute's association with clicking: each value's rate, and Pearson's chi-square test of
/// independence on the 2 × k table of clicked and unclicked impressions (with its p-value and Cramér's V,
/// 0 = no association … 1 = the value decides the click). The test is null with fewer than two values or
/// no clicks.
/// </summary>
public sealed record CtrAttributeJson(
    [property: JsonPropertyName("values")] IReadOnlyList<CtrGroupJson> Values,
    [property: JsonPropertyName("chi_square")] double? ChiSquare,
    [property: JsonPropertyName("degrees_of_freedom")] int? DegreesOfFreedom,
    [property: JsonPropertyName("p_value")] double? PValue,
    [property: JsonPropertyName("cramers_v")] double? CramersV);

public sealed record CtrBrandsJson(
    [property: JsonPropertyName("categories")] IReadOnlyDictionary<string, int> Categories,
    [property: JsonPropertyName("top")] IReadOnlyList<CtrBrandJson> Top,
    [property: JsonPropertyName("bottom")] IReadOnlyList<CtrBrandJson> Bottom);

public sealed record CtrPointJson(
    [property: JsonPropertyName("at")] string At,
    [property: JsonPropertyName("impressions")] long Impressions,
    [property: JsonPropertyName("clicks")] long Clicks,
    [property: JsonPropertyName("ctr")] double Ctr,
    [property: JsonPropertyName("smoothed_ctr")] double SmoothedCtr,
    [property: JsonPropertyName("ci_low")] double CiLow,
    [property: JsonPropertyName("ci_high")] double CiHigh)
{
    /// <summary>Method → the point's impressions, clicks and raw rate (empty for hours aggregated before these were kept).</summary>
    [JsonPropertyName("by_method")] public IReadOnlyDictionary<string, CtrSliceJson> ByMethod { get; init; } = Empty;
    /// <summary>1-based position → the point's impressions, clicks and raw rate.</summary>
    [JsonPropertyName("by_position")] public IReadOnlyDictionary<string, CtrSliceJson> ByPosition { get; init; } = Empty;

    private static readonly IReadOnlyDictionary<string, CtrSliceJson> Empty = new Dictionary<string, CtrSliceJson>();

    /// <summary>Each value's slice, ordered by key (positions numerically).</summary>
    public static IReadOnlyDictionary<string, CtrSliceJson> Slices(IReadOnlyDictionary<string, GroupCounts>? values)
    {
        if (values is null || values.Count == 0) return Empty;
        var slices = new SortedDictionary<string, CtrSliceJson>(StringComparer.Ordinal);
        foreach (var (key, counts) in values)
            slices[key.ToLowerInvariant()] = new CtrSliceJson(counts.Impressions, counts.Clicks, CtrDocument.Rate(counts));
        return slices;
    }
}

/// <summary>One group's share of a time-series point: impressions, clicks and the raw rate.</summary>
public sealed record CtrSliceJson(
    [property: JsonPropertyName("impressions")] long Impressions,
    [property: JsonPropertyName("clicks")] long Clicks,
    [property: JsonPropertyName("ctr")] double Ctr);

public sealed record CtrSeriesJson(
    [property: JsonPropertyName("hourly")] IReadOnlyList<CtrPointJson> Hourly,
    [property: JsonPropertyName("daily")] IReadOnlyList<CtrPointJson> Daily);

public sealed record CtrEvidenceJson(
    [property: JsonPropertyName("impressions")] double Impressions,
    [property: JsonPropertyName("clicks")] double Clicks,
    [property: JsonPropertyName("ctr")] double? Ctr);

public sealed record CtrBanditJson(
    [property: JsonPropertyName("content")] CtrEvidenceJson Content,
    [property: JsonPropertyName("collaborative")] CtrEvidenceJson Collaborative,
    [property: JsonPropertyName("half_life_impressions")] double HalfLifeImpressions);

public sealed record CtrRulesJson(
    [property: JsonPropertyName("prior_impressions")] double PriorImpressions,
    [property: JsonPropertyName("min_impressions")] int MinImpressions,
    [property: JsonPropertyName("high_ratio")] double HighRatio,
    [property: JsonPropertyName("low_ratio")] double LowRatio,
    [property: JsonPropertyName("click_window_hours")] int ClickWindowHours,
    [property: JsonPropertyName("brand_rule")] string BrandRule,
    [property: JsonPropertyName("click_rule")] string ClickRule);

/// <summary>
/// The answer of <c>GET api/analytics/ctr</c>: click-through over a range of UTC days, computed from the shared
/// <c>ctr.json</c> alone. Every rate carries impressions, clicks, the raw and smoothed rate and a 95% interval
/// (<see cref="ClickThroughRate.Estimate"/>, smoothed toward the range's overall rate).
/// </summary>
public sealed record CtrReport(
    [property: JsonPropertyName("computed_at")] DateTimeOffset? ComputedAt,
    [property: JsonPropertyName("read_at")] DateTimeOffset? ReadAt,
    [property: JsonPropertyName("refresh_error")] string? RefreshError,
    [property: JsonPropertyName("from")] DateOnly? From,
    [property: JsonPropertyName("to")] DateOnly? To,
    [property: JsonPropertyName("rules")] CtrRulesJson Rules,
    [property: JsonPropertyName("lists")] long Lists,
    [property: JsonPropertyName("overall")] CtrGroupJson Overall,
    [property: JsonPropertyName("by_method")] IReadOnlyList<CtrGroupJson> ByMethod,
    [property: JsonPropertyName("by_list_kind")] IReadOnlyList<CtrGroupJson> ByListKind,
    [property: JsonPropertyName("by_position")] IReadOnlyList<CtrGroupJson> ByPosition,
    [property: JsonPropertyName("brands")] CtrBrandsJson Brands,
    [property: JsonPropertyName("metadata")] IReadOnlyDictionary<string, CtrAttributeJson> Metadata,
    [property: JsonPropertyName("series")] CtrSeriesJson Series,
    [property: JsonPropertyName("bandit")] CtrBanditJson Bandit,
    [property: JsonPropertyName("clicks_excluded")] IReadOnlyDictionary<string, long> ClicksExcluded,
    [property: JsonPropertyName("notes")] IReadOnlyDictionary<string, long> Notes)
{
    public const string BrandRuleText =
        "A brand with at least min_impressions item impressions is high_ctr when its smoothed CTR is at least high_ratio × the overall CTR, " +
        "low_ctr when it is at most low_ratio × the overall CTR, and medium_ctr in between; with fewer impressions it is insufficient_data. " +
        "Smoothing: (clicks + prior_impressions × overall) ÷ (impressions + prior_impressions).";

    public const string ClickRuleText =
        "A click with an attribution token counts once per token and product, in the hour its list was served, when it arrives within " +
        "click_window_hours after the end of that hour, and is attributed to the shown item (position, brand and metadata from the impression). " +
        "A click without a token counts once per click_id in the hour received, overall and by its own recommendation_type and position only. " +
        "Other clicks are excluded and counted by reason in clicks_excluded.";

    /// <summary>Builds the report for the UTC days [<paramref name="from"/>, <paramref name="to"/>] (null: the whole kept history).</summary>
    /// <param name="document">null before the first aggregation: every number is zero.</param>
    /// <param name="top">How many brands the top and bottom lists hold, ≥ 1.</param>
    /// <param name="readAt">When this instance read the document.</param>
    /// <param name="refreshError">Why the last refresh failed, when the answer comes from an older copy.</param>
    public static CtrReport Build(CtrDocument? document, DateOnly? from, DateOnly? to, int top, CtrOptions options, int clickWindowHours,
        DateTimeOffset? readAt = null, string? refreshError = null)
    {
        var days = document?.Days.Where(d => (from is null || d.Day >= from) && (to is null || d.Day <= to)).ToArray() ?? [];
        var total = new CtrCounts();
        foreach (var day in days) total.Add(day.Counts);
        double overall = CtrDocument.Rate(total.Overall);

        CtrGroupJson Rate(object? value, GroupCounts counts)
        {
            var rate = ClickThroughRate.Estimate(counts.Impressions, counts.Clicks, overall, options);
            return new CtrGroupJson(value, rate.Impressions, rate.Clicks, rate.Raw, rate.Smoothed, rate.Low, rate.High,
                overall > 0 ? rate.Smoothed / overall : null);
        }

        IReadOnlyList<CtrGroupJson> Groups(string dimension, Func<string, object?>? value = null, Func<KeyValuePair<string, GroupCounts>, object>? order = null) =>
            total.Of(dimension)
                .OrderBy(order ?? (g => -g.Value.Impressions)).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => Rate(value is null ? NullIfMissing(g.Key) : value(g.Key), g.Value)).ToArray();

        var metadata = new Dictionary<string, CtrAttributeJson>(StringComparer.Ordinal);
        foreach (string dimension in CtrDimensions.Metadata)
        {
            var values = dimension == CtrDimensions.DiscountTier
                ? Groups(dimension, order: g => TierOrder(g.Key))
                : Groups(dimension);
            metadata[dimension] = Association(values);
        }

        var hourly = document?.Hours
            .Where(h => (from is null || DateOnly.FromDateTime(h.Hour) >= from) && (to is null || DateOnly.FromDateTime(h.Hour) <= to))
            .Select(h => Point(h.Hour.ToString("yyyy-MM-ddTHH:00:00Z", System.Globalization.CultureInfo.InvariantCulture), h.Counts, overall, options) with
            {
                ByMethod = CtrPointJson.Slices(h.Methods),
                ByPosition = CtrPointJson.Slices(h.Positions),
            })
            .ToArray() ?? [];
        var daily = days.Select(d => Point(d.Day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), d.Counts.Overall, overall, options) with
        {
            ByMethod = CtrPointJson.Slices(d.Counts.Of(CtrDimensions.Method)),
            ByPosition = CtrPointJson.Slices(d.Counts.Of(CtrDimensions.Position)),
        }).ToArray();

        var bandit = new CtrBanditJson(Evidence(document?.BanditContent), Evidence(document?.BanditCollaborative), document?.HalfLifeImpressions ?? 0);
        return new CtrReport(
            document?.ComputedAt,
            readAt,
            refreshError,
            from ?? days.FirstOrDefault()?.Day,
            to ?? days.LastOrDefault()?.Day,
            new CtrRulesJson(options.PriorImpressions, options.MinImpressions, options.HighRatio, options.LowRatio,
                document?.ClickWindowHours ?? clickWindowHours, BrandRuleText, ClickRuleText),
            total.Lists,
            Rate(null, total.Overall),
            Groups(CtrDimensions.Method),
            Groups(CtrDimensions.ListKind),
            Groups(CtrDimensions.Position, key => int.TryParse(key, out int p) ? p : key, g => int.TryParse(g.Key, out int p) ? p : int.MaxValue),
            RankBrands(total, overall, top, options),
            metadata,
            new CtrSeriesJson(hourly, daily),
            bandit,
            new SortedDictionary<string, long>(total.Excluded, StringComparer.Ordinal),
            new SortedDictionary<string, long>(total.Notes, StringComparer.Ordinal));
    }

    private static CtrBrandsJson RankBrands(CtrCounts total, double overall, int top, CtrOptions options)
    {
        var brands = total.Of(CtrDimensions.Brand).Where(b => b.Key.Length > 0).Select(b =>
        {
            var rate = ClickThroughRate.Estimate(b.Value.Impressions, b.Value.Clicks, overall, options);
            return new CtrBrandJson(b.Key, CategoryName(rate.Categorise(overall, options)), rate.Impressions, rate.Clicks,
                rate.Raw, rate.Smoothed, rate.Low, rate.High, overall > 0 ? rate.Smoothed / overall : null);
        }).ToArray();
        var categories = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var category in Enum.GetValues<CtrCategory>()) categories[CategoryName(category)] = 0;
        foreach (var brand in brands) categories[brand.Category]++;
        // Ranked among brands with enough impressions to be judged; ties: more impressions first, then by name.
        var judged = brands.Where(b => b.Category != CategoryName(CtrCategory.InsufficientData)).ToArray();
        var best = judged.OrderByDescending(b => b.SmoothedCtr).ThenByDescending(b => b.Impressions).ThenBy(b => b.Brand, StringComparer.Ordinal).Take(top).ToArray();
        var worst = judged.OrderBy(b => b.SmoothedCtr).ThenByDescending(b => b.Impressions).ThenBy(b => b.Brand, StringComparer.Ordinal).Take(top).ToArray();
        return new CtrBrandsJson(categories, best, worst);
    }

    /// <summary>The snake_case name of a category as responses and explanations use it.</summary>
    public static string CategoryName(CtrCategory category) => category switch
    {
        CtrCategory.HighCtr => "high_ctr",
        CtrCategory.MediumCtr => "medium_ctr",
        CtrCategory.LowCtr => "low_ctr",
        _ => "insufficient_data",
    };

    /// <summary>Pearson's chi-square test of independence of value and click on the 2 × k table; Cramér's V = √(χ² ÷ n) for two rows.</summary>
    private static CtrAttributeJson Association(IReadOnlyList<CtrGroupJson> values)
    {
        var shown = values.Where(v => v.Impressions > 0).ToArray();
        long n = shown.Sum(v => v.Impressions), clicks = shown.Sum(v => v.Clicks);
        if (shown.Length < 2 || clicks == 0 || clicks == n) return new CtrAttributeJson(values, null, null, null, null);
        double p = (double)clicks / n, chi = 0;
        foreach (var v in shown)
        {
            double expectedClicks = v.Impressions * p, expectedOthers = v.Impressions * (1 - p);
            chi += Square(v.Clicks - expectedClicks) / expectedClicks + Square(v.Impressions - v.Clicks - expectedOthers) / expectedOthers;
        }
        int dof = shown.Length - 1;
        // The upper tail Q(dof/2, χ²/2) directly, so tiny p-values do not round to 0 through 1 − CDF.
        double pValue = MathNet.Numerics.SpecialFunctions.GammaUpperRegularized(dof / 2.0, chi / 2);
        return new CtrAttributeJson(values, chi, dof, pValue, Math.Sqrt(chi / n));
    }

    private static double Square(double x) => x * x;

    private static CtrPointJson Point(string at, GroupCounts counts, double overall, CtrOptions options)
    {
        var rate = ClickThroughRate.Estimate(counts.Impressions, counts.Clicks, overall, options);
        return new CtrPointJson(at, rate.Impressions, rate.Clicks, rate.Raw, rate.Smoothed, rate.Low, rate.High);
    }

    private static CtrEvidenceJson Evidence(EvidenceJson? e) =>
        e is null ? new CtrEvidenceJson(0, 0, null) : new CtrEvidenceJson(e.Impressions, e.Clicks, e.Impressions > 0 ? e.Clicks / e.Impressions : null);

    private static object? NullIfMissing(string key) => key.Length == 0 ? null : key;

    private static int TierOrder(string name) => Enumerable.Range(0, 4).FirstOrDefault(t => DiscountTiers.Name(t) == name, 4);
}
