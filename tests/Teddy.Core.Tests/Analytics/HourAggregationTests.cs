using CsCheck;
using Teddy.Analytics;
using static Teddy.Core.Tests.Analytics.FeedbackFixtures;

namespace Teddy.Core.Tests.Analytics;

public class HourAggregationTests
{
    private static readonly string A = Token(Hour10, 1), B = Token(Hour10, 2), Missing = Token(Hour10, 3);

    /// <summary>Two lists of hour 10 (one hybrid, one similar) and every kind of click record.</summary>
    public static readonly ImpressionRecord ListA = new(A, "recommendations", "hybrid",
    [
        Item("p1", 1, Content, "Hape", "Toys", "toddler", "red", 0),
        Item("p2", 2, Collaborative, "Lego", "Toys", "kids", "blue", 2),
        Item("p3", 3, Content | Collaborative, "Hape", "Books", null, null, 3),
    ]);

    public static readonly ImpressionRecord ListB = new(B, "similar", "content",
    [
        Item("p4", 1, Content, "lego", "Books", "kids", "red", 1),
        Item("p1", 2, Content, "Hape", "Toys", "toddler", "red", 0),
    ]);

    public static IReadOnlyList<ClickRecord> Clicks() =>
    [
        Click("c1", A, "p1", Hour10.AddMinutes(5), 1, "hybrid"),
        Click("evt:3f2a", A, "p1", Hour10.AddMinutes(6)),                          // the same click as a detail-page-view event
        Click("c3", A, "p3", Hour10.AddMinutes(90), 3, "hybrid"),                  // 11:30: inside the window (until 12:00)
        Click("c4", B, "p4", Hour10.AddMinutes(10), 1, "similar", known: false),   // counted: the impression shows it was shown
        Click("c5", null, "p7", Hour10.AddMinutes(20), 2, "popular"),              // no token: overall, method, position
        Click("c6", null, "p8", Hour10.AddMinutes(30), 1, "hybrid", known: false), // no token, unknown product: excluded
        Click("c7", A, "p9", Hour10.AddMinutes(40), 4, "hybrid"),                  // not in the list
        Click("c8", Missing, "p1", Hour10.AddMinutes(41), 1, "hybrid"),            // impression not stored
        Click("c9", A, "p2", Hour10.AddHours(2), 2, "hybrid"),                     // 12:00: late, tallied in hour 12
        Click("c10", Token(Hour10.AddHours(-2), 9), "p5", Hour10.AddMinutes(15)),  // served at 8: late, tallied here
        Click("c11", "not-a-token", "p1", Hour10.AddMinutes(50)),                  // invalid: tallied here
        Click("c12", Token(Hour10.AddHours(1), 4), "p1", Hour10.AddMinutes(58)),   // served at 11 by a clock 2 min ahead: hour 11
    ];

    public static CtrCounts Aggregate(IEnumerable<ClickRecord> clicks, IEnumerable<ImpressionRecord> impressions, int window = 1)
    {
        var aggregation = new HourAggregation(Hour10);
        foreach (var click in clicks)
        {
            var bucket = ClickHours.Of(click, window);
            if (bucket.Hour == Hour10) aggregation.AddClick(click, bucket);
        }
        foreach (var impression in impressions) aggregation.AddImpression(impression);
        return aggregation.Complete();
    }

    [Fact]
    public void Every_group_matches_the_hand_computed_counts()
    {
        var counts = Aggregate(Clicks(), [ListA, ListB]);

        Assert.Equal(2, counts.Lists);
        Assert.Equal(new GroupCounts(5, 4), counts.Overall); // c1, c3, c4 attributed; c5 without a token
        AssertGroups(Expected(("hybrid", 3, 2), ("content", 2, 1), ("popular", 0, 1)), counts.Of(CtrDimensions.Method));
        AssertGroups(Expected(("recommendations", 3, 2), ("similar", 2, 1)), counts.Of(CtrDimensions.ListKind));
        AssertGroups(Expected(("1", 2, 2), ("2", 2, 1), ("3", 1, 1)), counts.Of(CtrDimensions.Position));
        AssertGroups(Expected(("Hape", 3, 2), ("Lego", 2, 1)), counts.Of(CtrDimensions.Brand)); // "lego" is the same brand
        AssertGroups(Expected(("toddler", 2, 1), ("kids", 2, 1), ("", 1, 1)), counts.Of(CtrDimensions.AgeGroup));
        AssertGroups(Expected(("red", 3, 2), ("blue", 1, 0), ("", 1, 1)), counts.Of(CtrDimensions.Color));
        AssertGroups(Expected(("none", 2, 1), ("under_10", 1, 1), ("10_to_25", 1, 0), ("25_plus", 1, 1)), counts.Of(CtrDimensions.DiscountTier));
        AssertGroups(Expected(("Toys", 3, 1), ("Books", 2, 2)), counts.Of(CtrDimensions.Category));
        // Hybrid lists only: p1 and p3 came from content, p2 and p3 from collaborative; clicks on p1 and p3.
        Assert.Equal(new GroupCounts(2, 2), counts.BanditContent);
        Assert.Equal(new GroupCounts(2, 1), counts.BanditCollaborative);
        Assert.Equal(new Dictionary<string, long>
        {
            [ClickExclusions.UnknownProduct] = 1, [ClickExclusions.ProductNotInList] = 1, [ClickExclusions.ImpressionNotFound] = 1,
            [ClickExclusions.Late] = 1, [ClickExclusions.InvalidToken] = 1,
        }, counts.Excluded);
        Assert.Equal(new Dictionary<string, long>
        {
            [CtrNotes.DuplicateClickRecords] = 1, [CtrNotes.UnknownProductClicks] = 1, [CtrNotes.TokenlessClicks] = 1,
        }, counts.Notes);
    }

    [Fact]
    public void Position_brand_and_metadata_come_from_the_impression_not_the_client()
    {
        // The client claims position 9 and another type; the list showed p2 at 2 in a hybrid list.
        var counts = Aggregate([Click("x", A, "p2", Hour10.AddMinutes(1), 9, "popular")], [ListA]);
        Assert.Equal(new GroupCounts(1, 1), counts.Of(CtrDimensions.Position)["2"]);
        Assert.False(counts.Of(CtrDimensions.Position).ContainsKey("9"));
        Assert.Equal(new GroupCounts(3, 1), counts.Of(CtrDimensions.Method)["hybrid"]);
        Assert.False(counts.Of(CtrDimensions.Method).ContainsKey("popular"));
    }

    [Fact]
    public void A_click_repeated_in_any_way_counts_once()
    {
        // The same token and product: a retried POST with a new click id, the event, and the event again.
        var counts = Aggregate(
        [
            Click("a", A, "p2", Hour10.AddMinutes(1), 2, "hybrid"),
            Click("b", A, "p2", Hour10.AddMinutes(2), 2, "hybrid"),
            Click("evt:1", A, "p2", Hour10.AddMinutes(3)),
            Click("evt:1", A, "p2", Hour10.AddMinutes(3)),
        ], [ListA]);
        Assert.Equal(new GroupCounts(3, 1), counts.Overall);
        Assert.Equal(3, counts.Notes[CtrNotes.DuplicateClickRecords]);
    }

    [Fact]
    public void Counts_do_not_depend_on_the_order_records_come_in()
    {
        string expected = Json(Aggregate(Clicks(), [ListA, ListB]));
        Gen.Select(Gen.Shuffle(Clicks().ToArray()), Gen.Bool).Sample((clicks, listBFirst) =>
            Json(Aggregate(clicks, listBFirst ? [ListB, ListA] : [ListA, ListB])) == expected);
    }

    [Fact]
    public void Repeating_any_record_of_a_click_with_a_token_changes_nothing_but_the_duplicate_tally()
    {
        var clicks = Clicks();
        var expected = Aggregate(clicks, [ListA, ListB]);
        Gen.Int[0, clicks.Count - 1].Where(i => clicks[i].AttributionToken is not null).Sample(i =>
        {
            var repeated = Aggregate(clicks.Append(clicks[i] with { ClickId = clicks[i].ClickId + "-again" }), [ListA, ListB]);
            bool sameBucket = ClickHours.Of(clicks[i], 1).Hour == Hour10;
            return Json(repeated, ignoreNotes: true) == Json(expected, ignoreNotes: true)
                && repeated.Notes.GetValueOrDefault(CtrNotes.DuplicateClickRecords) == expected.Notes[CtrNotes.DuplicateClickRecords] + (sameBucket ? 1 : 0);
        });
    }

    [Fact]
    public void A_click_on_an_item_of_a_list_that_is_not_hybrid_is_no_bandit_evidence()
    {
        var counts = Aggregate([Click("x", B, "p4", Hour10.AddMinutes(1))], [ListB]);
        Assert.Equal(default, counts.BanditContent);
        Assert.Equal(default, counts.BanditCollaborative);
    }

    [Fact]
    public void Skipped_impressions_are_counted_by_reason()
    {
        var aggregation = new HourAggregation(Hour10);
        aggregation.SkipImpression(ImpressionItemsJson.MalformedItems);
        aggregation.SkipImpression(ImpressionItemsJson.MalformedItems);
        var counts = aggregation.Complete();
        Assert.Equal(2, counts.Notes[$"{CtrNotes.SkippedImpressions}:{ImpressionItemsJson.MalformedItems}"]);
        Assert.Equal(default, counts.Overall);
    }

    [Fact]
    public void A_click_of_another_hour_is_refused()
    {
        var click = Click("x", Token(Hour10.AddHours(1), 1), "p1", Hour10.AddHours(1));
        Assert.Throws<ArgumentException>(() => new HourAggregation(Hour10).AddClick(click, ClickHours.Of(click, 1)));
    }

    private static string Json(CtrCounts counts, bool ignoreNotes = false)
    {
        var copy = counts.Normalised();
        if (ignoreNotes) copy.Notes.Clear();
        // Sorted, so dictionary order does not matter.
        return System.Text.Json.JsonSerializer.Serialize(new
        {
            copy.Lists, copy.Overall, copy.BanditContent, copy.BanditCollaborative,
            Groups = copy.Groups.OrderBy(g => g.Key).Select(g => (g.Key, g.Value.OrderBy(v => v.Key).Select(v => $"{v.Key.ToLowerInvariant()}={v.Value}").ToArray())).Select(t => $"{t.Key}:{string.Join(",", t.Item2)}"),
            Excluded = copy.Excluded.OrderBy(e => e.Key).Select(e => $"{e.Key}={e.Value}"),
            Notes = copy.Notes.OrderBy(e => e.Key).Select(e => $"{e.Key}={e.Value}"),
        });
    }

    private static void AssertGroups(Dictionary<string, GroupCounts> expected, IReadOnlyDictionary<string, GroupCounts> actual) =>
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"),
            actual.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"{e.Key}={e.Value}"));

    private static Dictionary<string, GroupCounts> Expected(params (string Key, long Impressions, long Clicks)[] values) =>
        values.ToDictionary(v => v.Key, v => new GroupCounts(v.Impressions, v.Clicks), StringComparer.OrdinalIgnoreCase);
}
