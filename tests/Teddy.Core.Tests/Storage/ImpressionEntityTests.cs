using Teddy.Feedback;
using Teddy.Recommenders;
using Teddy.Storage;

namespace Teddy.Core.Tests.Storage;

/// <summary>The impressions table's row (the issue 7 contract), written and read back without storage.</summary>
public class ImpressionEntityTests
{
    private static readonly DateTimeOffset Served = new(2026, 11, 26, 15, 45, 0, TimeSpan.Zero);

    private static Impression Sample(int items, Func<int, string>? id = null) => new(
        AttributionToken.New(Served), "u-1", ListKinds.Recommendations, null, RecommenderMethods.Hybrid, "20261126_030000", 0.65, 0.35,
        DynamicWeights: false, Served,
        Enumerable.Range(1, items).Select(i => new ImpressionItem(id?.Invoke(i) ?? $"p{i}", i,
            i % 2 == 0 ? RecommendationSources.Content | RecommendationSources.Collaborative : RecommendationSources.Popular,
            $"Brand {i}", i % 3 == 0 ? null : "Toys", i % 4 == 0 ? null : "toddler", i % 5 == 0 ? null : "red", DiscountTiers.Of(i))).ToArray());

    [Fact]
    public void An_impression_is_one_row_keyed_by_hour_shard_and_token_and_reads_back_the_same()
    {
        var impression = Sample(20);
        var entity = TableImpressionStore.ToEntity(impression);
        Assert.Equal(AttributionToken.PartitionKey(impression.AttributionToken), entity.PartitionKey);
        Assert.StartsWith("2026112615-0", entity.PartitionKey);
        Assert.Equal(impression.AttributionToken, entity.RowKey);
        Assert.Equal(20, entity.GetInt32("ItemCount"));
        Assert.Equal(0.65, entity.GetDouble("ContentWeight"));
        Assert.Equal(false, entity.GetBoolean("DynamicWeights"));
        Assert.StartsWith("""[{"p":"p1","pos":1,"s":8,"b":"Brand 1","c":"Toys","a":"toddler","col":"red","d":1},{"p":"p2","pos":2,"s":3,""", entity.GetString("Items"));
        Assert.Contains("\"c\":null", entity.GetString("Items"));

        var back = TableImpressionStore.FromEntity(entity);
        Assert.Equal(impression with { Items = [] }, back with { Items = [] });
        Assert.Equal(impression.Items, back.Items);
    }

    [Fact]
    public void Items_too_long_for_one_property_continue_in_numbered_ones_and_read_back_whole()
    {
        // 100 products with 250-character ids (emoji: surrogate pairs) are ~55,000 characters of JSON.
        var impression = Sample(100, i => $"{i}-" + string.Concat(Enumerable.Repeat("🧸", 124)));
        var entity = TableImpressionStore.ToEntity(impression);
        Assert.True(entity.ContainsKey("Items1"));
        Assert.All(entity.Where(p => p.Key.StartsWith("Items", StringComparison.Ordinal)),
            p => Assert.True(((string)p.Value!).Length <= TableImpressionStore.MaxItemsChars));
        Assert.All(entity.Where(p => p.Key.StartsWith("Items", StringComparison.Ordinal)), p => Assert.False(char.IsHighSurrogate(((string)p.Value!)[^1])));
        Assert.Equal(impression.Items, TableImpressionStore.FromEntity(entity).Items);
    }
}
