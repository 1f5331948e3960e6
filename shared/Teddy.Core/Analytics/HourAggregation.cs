using System.Globalization;
using Teddy.Feedback;
using Teddy.Recommenders;

namespace Teddy.Analytics;

/// <summary>
/// Builds one hour's <see cref="CtrCounts"/> from scratch: every impression row served in the hour and every
/// stored click whose <see cref="ClickHours.Of"/> bucket is the hour. Feed the clicks first
/// (<see cref="AddClick"/>), then stream the hour's impressions (<see cref="AddImpression"/>; only those a click
/// names are kept), then <see cref="Complete"/>.
/// <para>
/// Exactly once: an impression row is a set member by its token (the table's RowKey; a retried flush
/// replaces the row), so it is counted once per read. Clicks are grouped by identity
/// (<see cref="ClickHours.Identity"/>), and each identity is counted once however many records carry it.
/// Because a recomputation starts from scratch, running it again (or on two instances) gives the same counts.
/// </para>
/// What is counted: an attributed click counts in every group of the item it names in its list (position,
/// brand, metadata, method and list kind from the impression, not from the client), and in the bandit's
/// evidence for hybrid lists. A tokenless click counts overall and, when it names them, in its method and
/// position. Everything else is excluded and counted by reason (<see cref="ClickExclusions"/>).
/// </summary>
public sealed class HourAggregation(DateTime hour)
{
    private const string Hybrid = "hybrid";

    private readonly CtrCounts _counts = new();
    // Attributed clicks: token → product → what its records said.
    private readonly Dictionary<string, Dictionary<string, ClickGroup>> _attributed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ImpressionRecord> _clickedLists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClickGroup> _tokenless = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClickGroup> _late = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ClickGroup> _invalid = new(StringComparer.Ordinal);

    public DateTime Hour { get; } = hour;

    /// <summary>Adds a stored click record whose bucket (<see cref="ClickHours.Of"/>) is this hour.</summary>
    /// <exception cref="ArgumentException">The bucket is another hour.</exception>
    public void AddClick(ClickRecord click, ClickBucket bucket)
    {
        if (bucket.Hour != Hour) throw new ArgumentException($"The click belongs to {bucket.Hour:u}, not {Hour:u}.", nameof(bucket));
        switch (bucket.Kind)
        {
            case ClickKind.Attributed:
                if (!_attributed.TryGetValue(click.AttributionToken!, out var products))
                    _attributed[click.AttributionToken!] = products = new Dictionary<string, ClickGroup>(StringComparer.Ordinal);
                Record(products, click.ProductId, click);
                break;
            case ClickKind.Tokenless:
                Record(_tokenless, ClickHours.Identity(click), click);
                break;
            case ClickKind.Late:
                Record(_late, ClickHours.Identity(click), click);
                break;
            default:
                Record(_invalid, ClickHours.Identity(click), click);
                break;
        }
    }

    /// <summary>Whether a click of this hour names <paramref name="token"/> (its impression's items are then kept).</summary>
    public bool IsClicked(string token) => _attributed.ContainsKey(token);

    /// <summary>Counts one impression row of this hour.</summary>
    public void AddImpression(ImpressionRecord impression)
    {
        string method = impression.Method.ToLowerInvariant();
        string kind = impression.ListKind.ToLowerInvariant();
        bool hybrid = method == Hybrid;
        var one = new GroupCounts(1, 0);
        _counts.Lists++;
        _counts.Overall += new GroupCounts(impression.Items.Count, 0);
        foreach (var item in impression.Items)
        {
            AddItem(item, method, kind, one);
            if (hybrid) AddBandit(item.Sources, one);
        }
        if (_attributed.ContainsKey(impression.AttributionToken)) _clickedLists[impression.AttributionToken] = impression with { Method = method, ListKind = kind };
    }

    /// <summary>Counts an impression row that could not be read (<paramref name="reason"/>, e.g. <see cref="ImpressionItemsJson.MalformedItems"/>).</summary>
    public void SkipImpression(string reason) => _counts.Note($"{CtrNotes.SkippedImpressions}:{reason}");

    /// <summary>Counts a click row that could not be read (<paramref name="reason"/>, e.g. <c>missing_fields</c>).</summary>
    public void SkipClick(string reason) => _counts.Note($"{CtrNotes.SkippedClicks}:{reason}");

    /// <summary>The hour's counts; call once, after every click and impression was added.</summary>
    public CtrCounts Complete()
    {
        foreach (var (token, products) in _attributed)
        {
            _clickedLists.TryGetValue(token, out var list);
            foreach (var (product, group) in products)
            {
                NoteDuplicates(group);
                var item = list?.Items.FirstOrDefault(i => string.Equals(i.ProductId, product, StringComparison.Ordinal));
                if (list is null) _counts.Exclude(ClickExclusions.ImpressionNotFound);
                else if (item is null) _counts.Exclude(ClickExclusions.ProductNotInList);
                else
                {
                    var click = new GroupCounts(0, 1);
                    _counts.Overall += click;
                    AddItem(item, list.Method, list.ListKind, click);
                    if (list.Method == Hybrid) AddBandit(item.Sources, click);
                    if (group.UnknownProduct) _counts.Note(CtrNotes.UnknownProductClicks);
                }
            }
        }
        foreach (var group in _tokenless.Values)
        {
            NoteDuplicates(group);
            if (group.UnknownProduct)
            {
                _counts.Exclude(ClickExclusions.UnknownProduct);
                continue;
            }
            var click = new GroupCounts(0, 1);
            _counts.Overall += click;
            if (group.First.RecommendationType is { Length: > 0 } type) _counts.Add(CtrDimensions.Method, type.ToLowerInvariant(), click);
            if (group.First.Position >= 1) _counts.Add(CtrDimensions.Position, PositionKey(group.First.Position), click);
            _counts.Note(CtrNotes.TokenlessClicks);
        }
        foreach (var group in _late.Values)
        {
            NoteDuplicates(group);
            _counts.Exclude(ClickExclusions.Late);
        }
        foreach (var group in _invalid.Values)
        {
            NoteDuplicates(group);
            _counts.Exclude(ClickExclusions.InvalidToken);
        }
        return _counts;
    }

    private void AddItem(ImpressionItem item, string method, string kind, GroupCounts counts)
    {
        _counts.Add(CtrDimensions.Method, method, counts);
        _counts.Add(CtrDimensions.ListKind, kind, counts);
        _counts.Add(CtrDimensions.Position, PositionKey(item.Position), counts);
        _counts.Add(CtrDimensions.Brand, item.Brand, counts);
        _counts.Add(CtrDimensions.AgeGroup, item.AgeGroup ?? CtrDimensions.Missing, counts);
        _counts.Add(CtrDimensions.Color, item.Color ?? CtrDimensions.Missing, counts);
        _counts.Add(CtrDimensions.DiscountTier, DiscountTiers.Name(item.DiscountTier), counts);
        _counts.Add(CtrDimensions.Category, item.Category ?? CtrDimensions.Missing, counts);
    }

    /// <summary>
    /// The hybrid's collaborative part is whichever model it was trained over (SVD, item-kNN or EASE, issue 8's weight
    /// search), so an item any of them proposed is evidence for that part.
    /// </summary>
    private const RecommendationSources CollaborativePart =
        RecommendationSources.Collaborative | RecommendationSources.ItemKnn | RecommendationSources.Ease;

    private void AddBandit(RecommendationSources sources, GroupCounts counts)
    {
        // An item both parts proposed is evidence for both.
        if ((sources & RecommendationSources.Content) != 0) _counts.BanditContent += counts;
        if ((sources & CollaborativePart) != 0) _counts.BanditCollaborative += counts;
    }

    private void NoteDuplicates(ClickGroup group)
    {
        if (group.Records > 1) _counts.Note(CtrNotes.DuplicateClickRecords, group.Records - 1);
    }

    private static void Record(Dictionary<string, ClickGroup> groups, string key, ClickRecord click)
    {
        if (groups.TryGetValue(key, out var group))
        {
            group.Records++;
            group.UnknownProduct |= click.ProductKnown == false;
            // The earliest record speaks for the click (ties: the smaller click id), whatever order storage returns them in.
            if (click.ReceivedAt < group.First.ReceivedAt
                || (click.ReceivedAt == group.First.ReceivedAt && string.CompareOrdinal(click.ClickId, group.First.ClickId) < 0))
                group.First = click;
        }
        else groups[key] = new ClickGroup(click);
    }

    private static readonly string[] PositionKeys = Enumerable.Range(0, 257).Select(p => p.ToString(CultureInfo.InvariantCulture)).ToArray();

    public static string PositionKey(int position) =>
        position >= 0 && position < PositionKeys.Length ? PositionKeys[position] : position.ToString(CultureInfo.InvariantCulture);

    private sealed class ClickGroup(ClickRecord first)
    {
        public ClickRecord First { get; set; } = first;
        public int Records { get; set; } = 1;
        public bool UnknownProduct { get; set; } = first.ProductKnown == false;
    }
}
