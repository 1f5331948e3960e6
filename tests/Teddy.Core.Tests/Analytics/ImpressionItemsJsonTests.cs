using Teddy.Analytics;
using static Teddy.Core.Tests.Analytics.FeedbackFixtures;

namespace Teddy.Core.Tests.Analytics;

public class ImpressionItemsJsonTests
{
    [Fact]
    public void Items_read_back_as_written()
    {
        var items = HourAggregationTests.ListA.Items;
        Assert.Equal(items, ImpressionItemsJson.Parse(ImpressionItemsJson.Write(items), out string? reason));
        Assert.Null(reason);
    }

    [Fact]
    public void The_contracts_example_reads()
    {
        var items = ImpressionItemsJson.Parse("""[{"p":"12345","pos":1,"s":3,"b":"Hape","c":null,"a":"toddler","col":"red","d":2}]""", out _)!;
        Assert.Equal(Item("12345", 1, Content | Collaborative, "Hape", null, "toddler", "red", 2), Assert.Single(items));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{}")]
    [InlineData("[1]")]
    [InlineData("""[{"pos":1}]""")]
    [InlineData("""[{"p":"a","pos":0}]""")]
    [InlineData("""[{"p":"a"}]""")]
    public void Unreadable_items_are_a_reason_not_an_exception(string? json)
    {
        Assert.Null(ImpressionItemsJson.Parse(json, out string? reason));
        Assert.Equal(ImpressionItemsJson.MalformedItems, reason);
    }
}
