using System.Text.Json;
using System.Text.Json.Serialization;
using Teddy.Learning;

namespace Teddy.Analytics;

/// <summary>One hour's aggregates as stored in <c>hours/{yyyyMMddHH}.json</c>.</summary>
/// <param name="Hour">The UTC hour (impressions served in it, clicks on them, tokenless clicks received in it).</param>
/// <param name="ComputedAt">When the computation that wrote it started.</param>
/// <param name="Final">Computed after the hour's click window and late writes were over: it will not change again.</param>
public sealed record HourAggregate(
    [property: JsonPropertyName("hour")] DateTime Hour,
    [property: JsonPropertyName("computed_at")] DateTimeOffset ComputedAt,
    [property: JsonPropertyName("final")] bool Final,
    [property: JsonPropertyName("counts")] CtrCounts Counts)
{
    public string ToJson() => JsonSerializer.Serialize(this, CtrDocument.Json);

    /// <exception cref="JsonException">Not an hour aggregate.</exception>
    public static HourAggregate FromJson(string json)
    {
        var read = JsonSerializer.Deserialize<HourAggregate>(json, CtrDocument.Json) ?? throw new JsonException("The hour aggregate is empty.");
        return read with { Hour = DateTime.SpecifyKind(read.Hour, DateTimeKind.Utc), Counts = read.Counts.Normalised() };
    }
}

/// <summary>
/// An hour's numbers in the time series: overall, and (documents written since the dashboard, issue 9) per method, per
/// position and the bandit's undecayed evidence, so rates per method and position and the hybrid's beliefs can be
/// followed hour by hour. Older documents read with these empty.
/// </summary>
public sealed record HourPoint(
    [property: JsonPropertyName("hour")] DateTime Hour,
    [property: JsonPropertyName("counts")] GroupCounts Counts)
{
    /// <summary>Method → the hour's counts.</summary>
    [JsonPropertyName("methods")] public IReadOnlyDictionary<string, GroupCounts>? Methods { get; init; }
    /// <summary>1-based position (decimal string) → the hour's counts.</summary>
    [JsonPropertyName("positions")] public IReadOnlyDictionary<string, GroupCounts>? Positions { get; init; }
    /// <summary>Content-sourced items of the hour's hybrid lists and the clicks on them (undecayed).</summary>
    [JsonPropertyName("bandit_content")] public GroupCounts BanditContent { get; init; }
    /// <summary>Collaborative-sourced items of the hour's hybrid lists and the clicks on them (undecayed).</summary>
    [JsonPropertyName("bandit_collaborative")] public GroupCounts BanditCollaborative { get; init; }

    /// <summary>The point of an hour's full counts.</summary>
    public static HourPoint From(DateTime hour, CtrCounts counts) => new(hour, counts.Overall)
    {
        Methods = Copy(counts.Of(CtrDimensions.Method)),
        Positions = Copy(counts.Of(CtrDimensions.Position)),
        BanditContent = counts.BanditContent,
        BanditCollaborative = counts.BanditCollaborative,
    };

    private static SortedDictionary<string, GroupCounts> Copy(IReadOnlyDictionary<string, GroupCounts> values) =>
        new(values.ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal), StringComparer.Ordinal);
}

/// <summary>A UTC day's aggregates (the sum of its hours).</summary>
public sealed record DayAggregate(
    [property: JsonPropertyName("day")] DateOnly Day,
    [property: JsonPropertyName("counts")] CtrCounts Counts);

/// <summary>Decayed bandit evidence (fractional impressions and clicks).</summary>
public sealed record EvidenceJson(
    [property: JsonPropertyName("impressions")] double Impressions,
    [property: JsonPropertyName("clicks")] double Clicks)
{
    public PartEvidence ToEvidence() => new(Impressions, Clicks);
    public static EvidenceJson From(PartEvidence e) => new(e.Impressions, e.Clicks);
}

/// <summary>
/// <c>ctr.json</c>: everything every instance reads about click-through — the kept hours' overall series, each
/// day's full aggregates (so any range of days can be reported without touching the tables), and the bandit's
/// decayed evidence. Written by the aggregation (one instance at a time), read by every instance's learning
/// state. Immutable once built.
/// </summary>
public sealed record CtrDocument(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("computed_at")] DateTimeOffset ComputedAt,
    [property: JsonPropertyName("click_window_hours")] int ClickWindowHours,
    [property: JsonPropertyName("half_life_impressions")] double HalfLifeImpressions,
    [property: JsonPropertyName("hours")] IReadOnlyList<HourPoint> Hours,
    [property: JsonPropertyName("days")] IReadOnlyList<DayAggregate> Days,
    [property: JsonPropertyName("bandit_content")] EvidenceJson BanditContent,
    [property: JsonPropertyName("bandit_collaborative")] EvidenceJson BanditCollaborative)
{
    public const int CurrentVersion = 1;

    public static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>
    /// Combines hour aggregates (any order; one per hour) into the document: the hourly series, the days, and
    /// the bandit evidence decayed oldest first (<see cref="BanditEvidence"/>).
    /// </summary>
    public static CtrDocument Combine(IEnumerable<HourAggregate> hours, DateTimeOffset computedAt, int clickWindowHours, double halfLifeImpressions)
    {
        var ordered = hours.OrderBy(h => h.Hour).ToArray();
        var days = new List<DayAggregate>();
        foreach (var day in ordered.GroupBy(h => DateOnly.FromDateTime(h.Hour)))
        {
            var counts = new CtrCounts();
            foreach (var hour in day) counts.Add(hour.Counts);
            days.Add(new DayAggregate(day.Key, counts));
        }
        var (content, collaborative) = BanditEvidence.Fold(ordered.Select(h => h.Counts), halfLifeImpressions);
        return new CtrDocument(CurrentVersion, computedAt, clickWindowHours, halfLifeImpressions,
            ordered.Select(h => HourPoint.From(h.Hour, h.Counts)).ToArray(), days,
            EvidenceJson.From(content), EvidenceJson.From(collaborative));
    }

    /// <summary>The sum of the days in [<paramref name="from"/>, <paramref name="to"/>] (inclusive; null = unbounded).</summary>
    public CtrCounts Total(DateOnly? from = null, DateOnly? to = null)
    {
        var total = new CtrCounts();
        foreach (var day in Days)
            if ((from is null || day.Day >= from) && (to is null || day.Day <= to)) total.Add(day.Counts);
        return total;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <exception cref="JsonException">Not a ctr.json this version can read.</exception>
    public static CtrDocument FromJson(string json)
    {
        var read = JsonSerializer.Deserialize<CtrDocument>(json, Json) ?? throw new JsonException("ctr.json is empty.");
        if (read.Version != CurrentVersion) throw new JsonException($"ctr.json has version {read.Version}; this build reads {CurrentVersion}.");
        return read with
        {
            Hours = (read.Hours ?? []).Select(h => h with { Hour = DateTime.SpecifyKind(h.Hour, DateTimeKind.Utc) }).ToArray(),
            Days = (read.Days ?? []).Select(d => d with { Counts = d.Counts.Normalised() }).ToArray(),
        };
    }

    /// <summary>What serving reads: totals over the kept history, brands smoothed and categorised, the bandit's evidence.</summary>
    public LearningSnapshot ToSnapshot(CtrOptions options)
    {
        var total = Total();
        double overall = Rate(total.Overall);
        var brands = new Dictionary<string, BrandCtr>(StringComparer.OrdinalIgnoreCase);
        foreach (var (brand, counts) in total.Of(CtrDimensions.Brand))
        {
            if (brand.Length == 0) continue;
            var rate = ClickThroughRate.Estimate(counts.Impressions, counts.Clicks, overall, options);
            brands[brand] = new BrandCtr(counts.Impressions, counts.Clicks, rate.Smoothed, rate.Categorise(overall, options));
        }
        return new LearningSnapshot(ComputedAt, BanditContent.ToEvidence(), BanditCollaborative.ToEvidence(),
            total.Overall.Impressions, total.Overall.Clicks, overall, brands);
    }

    /// <summary>Clicks ÷ impressions in [0, 1]; 0 without impressions.</summary>
    public static double Rate(GroupCounts counts) =>
        counts.Impressions > 0 ? Math.Min(1.0, (double)counts.Clicks / counts.Impressions) : 0;
}
