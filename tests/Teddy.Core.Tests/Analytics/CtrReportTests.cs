using Teddy.Analytics;
using Teddy.Learning;
using static Teddy.Core.Tests.Analytics.FeedbackFixtures;

namespace Teddy.Core.Tests.Analytics;

public class CtrReportTests
{
    private static readonly CtrOptions Options = new() { PriorImpressions = 100, MinImpressions = 50 };
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    private static CtrDocument Document()
    {
        // Day 26: the hand-computed hour of HourAggregationTests. Day 27: colours with a known association.
        var day26 = HourAggregationTests.Aggregate(HourAggregationTests.Clicks(), [HourAggregationTests.ListA, HourAggregationTests.ListB]);
        var day27 = new CtrCounts { Lists = 20, Overall = new GroupCounts(200, 25) };
        day27.Add(CtrDimensions.Color, "red", new GroupCounts(100, 20));
        day27.Add(CtrDimensions.Color, "blue", new GroupCounts(100, 5));
        day27.Add(CtrDimensions.Brand, "Hape", new GroupCounts(120, 20));
        day27.Add(CtrDimensions.Brand, "Lego", new GroupCounts(80, 5));
        return CtrDocument.Combine(
            [new HourAggregate(Hour10, Now, true, day26), new HourAggregate(Hour10.AddDays(1), Now, true, day27)], Now, 1, 20_000);
    }

    [Fact]
    public void One_day_reports_the_hand_computed_hour()
    {
        var day = DateOnly.FromDateTime(Hour10);
        var report = CtrReport.Build(Document(), day, day, 10, Options, 1);

        Assert.Equal(day, report.From);
        Assert.Equal(new GroupCounts(5, 4), new GroupCounts(report.Overall.Impressions, report.Overall.Clicks));
        Assert.Equal(0.8, report.Overall.Ctr, 12);
        Assert.Equal(["hybrid", "content", "popular"], report.ByMethod.Select(m => m.Value));
        // A tokenless click in a group without impressions: the rate caps clicks at impressions.
        Assert.Equal(0, report.ByMethod[2].Clicks);
        Assert.Equal([1, 2, 3], report.ByPosition.Select(p => p.Value));
        var hybrid = report.ByMethod[0];
        // (2 + 100 × 0.8) / (3 + 100) with the overall rate 4 / 5.
        Assert.Equal(82.0 / 103, hybrid.SmoothedCtr, 12);
        Assert.Equal(hybrid.SmoothedCtr / 0.8, hybrid.Lift!.Value, 12);
        Assert.True(hybrid.CiLow < hybrid.SmoothedCtr && hybrid.SmoothedCtr < hybrid.CiHigh);
        Assert.Equal(["none", "under_10", "10_to_25", "25_plus"], report.Metadata[CtrDimensions.DiscountTier].Values.Select(v => v.Value));
        Assert.Contains(report.Metadata[CtrDimensions.AgeGroup].Values, v => v.Value is null && v.Impressions == 1);
        Assert.Equal(1, report.ClicksExcluded[ClickExclusions.Late]);
        Assert.Equal(1, report.Notes[CtrNotes.TokenlessClicks]);
        Assert.Single(report.Series.Hourly);
        Assert.Equal("2026-11-26T10:00:00Z", report.Series.Hourly[0].At);
        Assert.Equal(["2026-11-26"], report.Series.Daily.Select(d => d.At));
    }

    [Fact]
    public void Metadata_association_is_pearsons_chi_square_test()
    {
        var day = DateOnly.FromDateTime(Hour10.AddDays(1));
        var colour = CtrReport.Build(Document(), day, day, 10, Options, 1).Metadata[CtrDimensions.Color];
        // red 20/100, blue 5/100: χ² = 9 + 2 × 7.5² / 87.5, one degree of freedom.
        Assert.Equal(10.285714285714286, colour.ChiSquare!.Value, 9);
        Assert.Equal(1, colour.DegreesOfFreedom);
        Assert.Equal(0.0013406411172294786, colour.PValue!.Value, 9);
        Assert.Equal(0.22677868380553634, colour.CramersV!.Value, 9);
        // One value only: nothing to compare.
        Assert.Null(CtrReport.Build(Document(), day, day, 10, Options, 1).Metadata[CtrDimensions.Category].ChiSquare);
    }

    [Fact]
    public void Brands_are_ranked_among_those_with_enough_impressions_with_their_category()
    {
        var report = CtrReport.Build(Document(), null, null, 1, Options, 1);
        // Whole history: overall 29 / 205; Hape 22 / 123, Lego 6 / 82 (the hour's "lego" is the same brand).
        double overall = 29.0 / 205;
        Assert.Equal("Hape", Assert.Single(report.Brands.Top).Brand);
        Assert.Equal("Lego", Assert.Single(report.Brands.Bottom).Brand);
        var hape = report.Brands.Top[0];
        Assert.Equal((22 + 100 * overall) / (123 + 100), hape.SmoothedCtr, 12);
        Assert.Equal(ClickThroughRate.Estimate(123, 22, overall, Options).Categorise(overall, Options), Category(hape.Category));
        Assert.Equal(2, report.Brands.Categories.Values.Sum());
        Assert.Equal(4, report.Brands.Categories.Count);
    }

    [Fact]
    public void Before_the_first_aggregation_everything_is_zero()
    {
        var report = CtrReport.Build(null, null, null, 10, Options, 1);
        Assert.Equal(0, report.Overall.Impressions);
        Assert.Null(report.ComputedAt);
        Assert.Null(report.From);
        Assert.Empty(report.ByMethod);
        Assert.Empty(report.Brands.Top);
        Assert.Empty(report.Series.Hourly);
        Assert.Null(report.Overall.Lift);
    }

    private static CtrCategory Category(string name) => Enum.GetValues<CtrCategory>().Single(c => CtrReport.CategoryName(c) == name);
}
