using System.Text.Json.Serialization;

namespace Teddy.Analytics;

/// <summary>The groups click-through is reported by (the keys of <see cref="CtrCounts.Groups"/>).</summary>
public static class CtrDimensions
{
    /// <summary>The list's method (the impression's <c>Method</c>; a click without a token: its own <c>recommendation_type</c>).</summary>
    public const string Method = "method";
    /// <summary><c>recommendations</c> or <c>similar</c>.</summary>
    public const string ListKind = "list_kind";
    /// <summary>1-based position in the list, as a decimal string.</summary>
    public const string Position = "position";
    public const string Brand = "brand";
    public const string AgeGroup = "age_group";
    public const string Color = "color";
    /// <summary><see cref="Feedback.DiscountTiers.Name"/>: none, under_10, 10_to_25, 25_plus.</summary>
    public const string DiscountTier = "discount_tier";
    /// <summary>Top-level category segment.</summary>
    public const string Category = "category";

    /// <summary>Every dimension, in the order reports list them.</summary>
    public static readonly IReadOnlyList<string> All = [Method, ListKind, Position, Brand, AgeGroup, Color, DiscountTier, Category];

    /// <summary>The product metadata dimensions whose association with clicking is tested.</summary>
    public static readonly IReadOnlyList<string> Metadata = [AgeGroup, Color, DiscountTier, Category];

    /// <summary>The key of a missing value (a product without a category, a brand-less product): reported as null.</summary>
    public const string Missing = "";
}

/// <summary>Why a stored click is not counted in click-through (keys of <see cref="CtrCounts.Excluded"/>).</summary>
public static class ClickExclusions
{
    /// <summary>Received after its list's click window closed (<see cref="AggregationOptions.ClickWindowHours"/>).</summary>
    public const string Late = "late";
    /// <summary>The attribution token is not one Teddy issued (wrong shape, or an hour in the future).</summary>
    public const string InvalidToken = "invalid_token";
    /// <summary>A valid token whose impression is not stored (lost, or not flushed yet at the last computation).</summary>
    public const string ImpressionNotFound = "impression_not_found";
    /// <summary>The token's list did not show the clicked product.</summary>
    public const string ProductNotInList = "product_not_in_list";
    /// <summary>No token and a product the serving model did not know (<c>ProductKnown = false</c>): nothing shows it was ever shown.</summary>
    public const string UnknownProduct = "unknown_product";
}

/// <summary>Counted clicks and skipped impressions analytics tell apart (keys of <see cref="CtrCounts.Notes"/>).</summary>
public static class CtrNotes
{
    /// <summary>Clicks without a token, counted by their own recommendation_type and position (overall, method, position only).</summary>
    public const string TokenlessClicks = "tokenless_clicks";
    /// <summary>Attributed clicks on a product the serving model did not know when the click came (<c>ProductKnown = false</c>); counted, because the stored impression shows it was shown.</summary>
    public const string UnknownProductClicks = "unknown_product_clicks";
    /// <summary>Stored click records that repeat a click already counted (the same token and product sent twice, or as a click and as a detail-page-view event).</summary>
    public const string DuplicateClickRecords = "duplicate_click_records";
    /// <summary>Impression rows skipped because their items could not be read (prefix of a per-reason key, e.g. <c>skipped_impressions:malformed_items</c>).</summary>
    public const string SkippedImpressions = "skipped_impressions";
    /// <summary>Click rows skipped because they lack a click id or product (prefix of a per-reason key, e.g. <c>skipped_clicks:missing_fields</c>).</summary>
    public const string SkippedClicks = "skipped_clicks";
}

/// <summary>
/// Click-through counts of one hour (or, summed, of a day or a range): item impressions and distinct clicks
/// overall and per group (<see cref="CtrDimensions"/>), the bandit's raw evidence (items of hybrid lists by
/// the part they came from), and clicks excluded or worth telling apart, by reason. Mutable while built;
/// JSON in <c>hours/{yyyyMMddHH}.json</c> and per day in <c>ctr.json</c>.
/// </summary>
public sealed class CtrCounts
{
    /// <summary>Impression rows (lists shown).</summary>
    [JsonPropertyName("lists")] public long Lists { get; set; }

    /// <summary>Every item impression and every counted click.</summary>
    [JsonPropertyName("overall")] public GroupCounts Overall { get; set; }

    /// <summary>
    /// Dimension → value → counts. Values compare case-insensitively; of the spellings seen, the ordinally least is kept
    /// (<c>Lego</c> over <c>lego</c>), so the key does not depend on the order the rows were read in.
    /// </summary>
    [JsonPropertyName("groups")]
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public Dictionary<string, Dictionary<string, GroupCounts>> Groups { get; } = new(StringComparer.Ordinal);

    /// <summary>Content-sourced items of hybrid lists and the clicks on them (undecayed).</summary>
    [JsonPropertyName("bandit_content")] public GroupCounts BanditContent { get; set; }

    /// <summary>Collaborative-sourced items of hybrid lists and the clicks on them (undecayed).</summary>
    [JsonPropertyName("bandit_collaborative")] public GroupCounts BanditCollaborative { get; set; }

    /// <summary><see cref="ClickExclusions"/> reason → distinct clicks not counted.</summary>
    [JsonPropertyName("excluded")]
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public Dictionary<string, long> Excluded { get; } = new(StringComparer.Ordinal);

    /// <summary><see cref="CtrNotes"/> key → count.</summary>
    [JsonPropertyName("notes")]
    [JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
    public Dictionary<string, long> Notes { get; } = new(StringComparer.Ordinal);

    /// <summary>The counts of one dimension (empty when nothing was counted in it).</summary>
    public IReadOnlyDictionary<string, GroupCounts> Of(string dimension) =>
        Groups.TryGetValue(dimension, out var values) ? values : Empty;

    private static readonly Dictionary<string, GroupCounts> Empty = new();

    /// <summary>Adds counts to a dimension's value.</summary>
    public void Add(string dimension, string value, GroupCounts counts)
    {
        if (!Groups.TryGetValue(dimension, out var values))
            Groups[dimension] = values = new Dictionary<string, GroupCounts>(StringComparer.OrdinalIgnoreCase);
        // The kept spelling of each value, looked up case-insensitively (a dictionary does not tell its stored key); rebuilt
        // from the keys for counts read from JSON.
        if (!_spellings.TryGetValue(dimension, out var spellings))
            _spellings[dimension] = spellings = new HashSet<string>(values.Keys, StringComparer.OrdinalIgnoreCase);
        if (!spellings.TryGetValue(value, out var kept))
        {
            spellings.Add(value);
            values[value] = counts;
        }
        else if (string.CompareOrdinal(value, kept) < 0)
        {
            values.Remove(kept, out var sofar);
            spellings.Remove(kept);
            spellings.Add(value);
            values[value] = sofar + counts;
        }
        else values[kept] += counts;
    }

    private readonly Dictionary<string, HashSet<string>> _spellings = new(StringComparer.Ordinal);

    public void Exclude(string reason, long count = 1) => Excluded[reason] = Excluded.GetValueOrDefault(reason) + count;

    public void Note(string key, long count = 1) => Notes[key] = Notes.GetValueOrDefault(key) + count;

    /// <summary>Adds everything in <paramref name="other"/> to this.</summary>
    public CtrCounts Add(CtrCounts other)
    {
        Lists += other.Lists;
        Overall += other.Overall;
        BanditContent += other.BanditContent;
        BanditCollaborative += other.BanditCollaborative;
        foreach (var (dimension, values) in other.Groups)
            foreach (var (value, counts) in values) Add(dimension, value, counts);
        foreach (var (reason, count) in other.Excluded) Exclude(reason, count);
        foreach (var (key, count) in other.Notes) Note(key, count);
        return this;
    }

    /// <summary>A copy whose group dictionaries compare values case-insensitively (JSON reading makes ordinal ones).</summary>
    public CtrCounts Normalised() => new CtrCounts().Add(this);
}
