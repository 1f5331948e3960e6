using System.Text.Json;
using Teddy.Analytics;
using Teddy.Learning;
using static Teddy.Core.Tests.Analytics.FeedbackFixtures;

namespace Teddy.Core.Tests.Analytics;

public class CtrDocumentTests
{
    private static readonly CtrOptions Options = new();
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 2, 30, 0, TimeSpan.Zero);

    private static HourAggregate Hour(DateTime hour, long impressions, long clicks, params (string Brand, long Impressions, long Clicks)[] brands)
    {
        var counts = new CtrCounts { Lists = impressions / 10, Overall = new GroupCounts(impressions, clicks) };
        foreach (var (brand, i, c) in brands) counts.Add(CtrDimensions.Brand, brand, new GroupCounts(i, c));
        counts.BanditContent = new GroupCounts(impressions / 2, clicks / 2);
        counts.BanditCollaborative = new GroupCounts(impressions / 4, clicks / 4);
        return new HourAggregate(hour, Now, Final: true, counts);
    }

    [Fact]
    public void Hours_are_combined_into_days_a_series_and_the_decayed_bandit_evidence()
    {
        var h23 = Hour(new DateTime(2026, 11, 26, 23, 0, 0, DateTimeKind.Utc), 100, 10, ("Hape", 60, 6));
        var h00 = Hour(new DateTime(2026, 11, 27, 0, 0, 0, DateTimeKind.Utc), 200, 30, ("hape", 50, 10), ("Lego", 150, 20));
        var h01 = Hour(new DateTime(2026, 11, 27, 1, 0, 0, DateTimeKind.Utc), 40, 0);

        var document = CtrDocument.Combine([h01, h23, h00], Now, clickWindowHours: 1, halfLifeImpressions: 500);

        Assert.Equal([h23.Hour, h00.Hour, h01.Hour], document.Hours.Select(h => h.Hour));
        Assert.Equal([new GroupCounts(100, 10), new GroupCounts(200, 30), new GroupCounts(40, 0)], document.Hours.Select(h => h.Counts));
        Assert.Equal([new DateOnly(2026, 11, 26), new DateOnly(2026, 11, 27)], document.Days.Select(d => d.Day));
        Assert.Equal(new GroupCounts(240, 30), document.Days[1].Counts.Overall);
        Assert.Equal(new GroupCounts(110, 16), document.Total().Of(CtrDimensions.Brand)["HAPE"]); // brands case-insensitive
        var (content, collaborative) = BanditEvidence.Fold([h23.Counts, h00.Counts, h01.Counts], 500);
        Assert.Equal(content, document.BanditContent.ToEvidence());
        Assert.Equal(collaborative, document.BanditCollaborative.ToEvidence());
        Assert.Equal(new GroupCounts(100, 10), document.Total(to: new DateOnly(2026, 11, 26)).Overall);
        Assert.Equal(new GroupCounts(240, 30), document.Total(from: new DateOnly(2026, 11, 27)).Overall);
    }

    [Fact]
    public void The_document_survives_its_json_unchanged()
    {
        var document = CtrDocument.Combine([Hour(Hour10, 100, 10, ("Hape", 60, 6)), Hour(Hour10.AddHours(1), 50, 5, ("Lego", 50, 5))],
            Now, 1, 20_000);
        var read = CtrDocument.FromJson(document.ToJson());
        Assert.Equal(document.ToJson(), read.ToJson());
        Assert.Equal(DateTimeKind.Utc, read.Hours[0].Hour.Kind);
        Assert.True(read.Total().Of(CtrDimensions.Brand).ContainsKey("HAPE"));
    }

    [Fact]
    public void Each_hour_keeps_its_methods_positions_and_bandit_evidence_and_the_report_series_shows_them_per_hour_and_day()
    {
        var first = Hour(Hour10, 100, 10);
        first.Counts.Add(CtrDimensions.Method, "Hybrid", new GroupCounts(60, 9));
        first.Counts.Add(CtrDimensions.Method, "popular", new GroupCounts(40, 1));
        first.Counts.Add(CtrDimensions.Position, "1", new GroupCounts(10, 4));
        first.Counts.Add(CtrDimensions.Position, "2", new GroupCounts(10, 0));
        var second = Hour(Hour10.AddHours(1), 50, 5);
        second.Counts.Add(CtrDimensions.Method, "hybrid", new GroupCounts(50, 5));

        var read = CtrDocument.FromJson(CtrDocument.Combine([second, first], Now, 1, 20_000).ToJson());
        Assert.Equal(new GroupCounts(60, 9), read.Hours[0].Methods!["Hybrid"]);
        Assert.Equal(new GroupCounts(10, 4), read.Hours[0].Positions!["1"]);
        Assert.Equal(first.Counts.BanditContent, read.Hours[0].BanditContent);
        Assert.Equal(second.Counts.BanditCollaborative, read.Hours[1].BanditCollaborative);

        var report = CtrReport.Build(read, null, null, 10, Options, 1);
        var hour = report.Series.Hourly[0];
        Assert.Equal(new CtrSliceJson(60, 9, 0.15), hour.ByMethod["hybrid"]);
        Assert.Equal(new CtrSliceJson(40, 1, 0.025), hour.ByMethod["popular"]);
        Assert.Equal(new CtrSliceJson(10, 4, 0.4), hour.ByPosition["1"]);
        Assert.Equal(new CtrSliceJson(50, 5, 0.1), report.Series.Hourly[1].ByMethod["hybrid"]);
        // The day sums its hours.
        Assert.Equal(new CtrSliceJson(110, 14, 14 / 110.0), report.Series.Daily.Single().ByMethod["hybrid"]);
    }

    [Fact]
    public void A_document_written_before_hours_kept_their_groups_reads_with_them_empty()
    {
        string json = CtrDocument.Combine([Hour(Hour10, 100, 10)], Now, 1, 20_000).ToJson();
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!;
        var point = node["hours"]![0]!.AsObject();
        foreach (string name in new[] { "methods", "positions", "bandit_content", "bandit_collaborative" }) point.Remove(name);
        var read = CtrDocument.FromJson(node.ToJsonString());
        Assert.Null(read.Hours[0].Methods);
        Assert.True(read.Hours[0].BanditContent.IsEmpty);
        Assert.Empty(CtrReport.Build(read, null, null, 10, Options, 1).Series.Hourly[0].ByMethod);
    }

    [Fact]
    public void A_document_of_another_version_is_refused()
    {
        string json = CtrDocument.Combine([], Now, 1, 20_000).ToJson().Replace("\"version\":1", "\"version\":2");
        Assert.Throws<JsonException>(() => CtrDocument.FromJson(json));
    }

    [Fact]
    public void The_snapshot_smooths_and_categorises_brands_by_the_stated_rule()
    {
        // Overall 500 / 10,000 = 5%. Smoothed = (clicks + 100 × 0.05) / (impressions + 100).
        var hour = Hour(Hour10, 10_000, 500, ("High", 1000, 80), ("Low", 1000, 20), ("Medium", 1000, 50), ("Few", 40, 40), ("", 6960, 310));
        var snapshot = CtrDocument.Combine([hour], Now, 1, 20_000).ToSnapshot(Options);

        Assert.Equal(0.05, snapshot.OverallCtr, 12);
        Assert.Equal(10_000, snapshot.Impressions);
        Assert.Equal(500, snapshot.Clicks);
        Assert.Equal(85.0 / 1100, snapshot.Brands["High"].SmoothedCtr, 12);   // 0.0773 ≥ 1.25 × 5%
        Assert.Equal(CtrCategory.HighCtr, snapshot.CategoryOf("high"));
        Assert.Equal(25.0 / 1100, snapshot.Brands["Low"].SmoothedCtr, 12);    // 0.0227 ≤ 0.8 × 5%
        Assert.Equal(CtrCategory.LowCtr, snapshot.CategoryOf("Low"));
        Assert.Equal(CtrCategory.MediumCtr, snapshot.CategoryOf("Medium"));   // 0.05
        Assert.Equal(CtrCategory.InsufficientData, snapshot.CategoryOf("Few")); // 40 < 50 impressions
        Assert.False(snapshot.Brands.ContainsKey(""));
        Assert.Equal(new PartEvidence(5000, 250), snapshot.Content);
        Assert.Equal(new PartEvidence(2500, 125), snapshot.Collaborative);
    }

    [Fact]
    public void An_empty_history_gives_an_empty_snapshot()
    {
        var snapshot = CtrDocument.Combine([], Now, 1, 20_000).ToSnapshot(Options);
        Assert.Equal(0, snapshot.OverallCtr);
        Assert.Empty(snapshot.Brands);
        Assert.Equal(default, snapshot.Content);
    }
}
