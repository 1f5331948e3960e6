namespace Teddy.Core.Tests.SampleData;

/// <summary>The point of the hidden preferences: later behaviour follows earlier behaviour far more
/// than popularity alone would suggest, so a personalised recommender can beat a popularity one.</summary>
public class SampleShopPredictabilityTests(SmallShopFixture fixture) : IClassFixture<SmallShopFixture>
{
    private readonly GeneratedShop _shop = fixture.Shop;

    [Fact]
    public void Held_out_views_stay_in_the_visitors_earlier_top_categories()
    {
        var result = Predictability.HeldOutHits(_shop, p => p.Category, top: 3);
        Assert.True(result.Visitors >= 300, result.ToString());
        Assert.True(result.Lift >= 2, result.ToString());
        Assert.True(result.Observed >= 0.6, result.ToString());
    }

    [Fact]
    public void Held_out_views_stay_with_the_visitors_earlier_brands()
    {
        var result = Predictability.HeldOutHits(_shop, p => p.Brand, top: 5);
        Assert.True(result.Lift >= 2, result.ToString());
    }

    [Fact]
    public void The_measure_finds_nothing_when_views_are_shuffled_between_visitors()
    {
        // Control: same views, same popularity, preferences destroyed by dealing the products out at
        // random. The lift must collapse, otherwise the measure above proves nothing.
        var views = Predictability.Views(_shop);
        var pool = views.SelectMany(v => v.Products).ToArray();
        new Random(1).Shuffle(pool);
        int next = 0;
        var shuffled = views.Select(v => (v.Visitor, v.Products.Select(_ => pool[next++]).ToList())).ToList();
        var result = Predictability.HeldOutHits(_shop, shuffled, p => p.Category, top: 3);
        Assert.InRange(result.Lift, 0.8, 1.3);
    }
}
