using System.Text.Json;
using Teddy.Analytics;

namespace Teddy.Core.Tests.Analytics;

/// <summary>
/// One value spelled two ways (a brand as "Lego" in one impression, "lego" in another) is one group, and which spelling
/// names it does not depend on the order the rows were read in (a fresh-clone run saw a re-aggregation name it
/// "lego" where the first had "Lego": the partitions are read in parallel).
/// </summary>
public class CtrCountsSpellingTests
{
    private static string BrandKeys(IEnumerable<string> order)
    {
        var counts = new CtrCounts();
        foreach (string brand in order) counts.Add(CtrDimensions.Brand, brand, new GroupCounts(1, 0));
        return string.Join(",", counts.Of(CtrDimensions.Brand).Select(g => $"{g.Key}={g.Value.Impressions}"));
    }

    [Fact]
    public void The_ordinally_least_spelling_names_a_value_in_any_order()
    {
        string[] seen = ["lego", "Hape", "LEGO", "Lego", "hape"];
        var expected = BrandKeys(seen);
        Assert.Contains("LEGO=3", expected);
        Assert.Contains("Hape=2", expected);
        foreach (var order in new[] { seen.Reverse(), seen.OrderBy(s => s, StringComparer.Ordinal), seen.Skip(2).Concat(seen.Take(2)) })
            Assert.Equal(expected.Split(',').Order(), BrandKeys(order).Split(',').Order());
    }

    [Fact]
    public void Counts_read_back_from_json_keep_the_rule()
    {
        var first = new CtrCounts();
        first.Add(CtrDimensions.Brand, "lego", new GroupCounts(2, 1));
        var read = JsonSerializer.Deserialize<CtrCounts>(JsonSerializer.Serialize(first))!;
        read.Add(CtrDimensions.Brand, "Lego", new GroupCounts(1, 1));
        read.Add(CtrDimensions.Brand, "lego", new GroupCounts(1, 0));
        var brand = Assert.Single(read.Of(CtrDimensions.Brand));
        Assert.Equal(("Lego", new GroupCounts(4, 2)), (brand.Key, brand.Value));
    }
}
