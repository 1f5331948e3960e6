using Teddy.SampleData;

namespace Teddy.Core.Tests.SampleData;

public sealed class DefaultShopFixture
{
    internal GeneratedShop Shop { get; } = GeneratedShop.Generate(SampleShopOptions.Default);
}

/// <summary>The full-size default shop: exact counts and the overall shape of the traffic.</summary>
public class DefaultSampleShopTests(DefaultShopFixture fixture) : IClassFixture<DefaultShopFixture>
{
    private readonly GeneratedShop _shop = fixture.Shop;

    [Fact]
    public void Has_the_promised_counts()
    {
        Assert.Equal(14_339, _shop.Products.Count);
        Assert.Equal(14_339, _shop.Products.Select(p => p.Id).Distinct().Count());
        Assert.Equal(666, _shop.Products.Select(p => p.Brand).OfType<string>().Distinct().Count());
        Assert.Equal(46, _shop.Products.Select(p => p.Category).Distinct().Count());
        Assert.Equal(250_000, _shop.Events.Count);
        Assert.Equal(8_000, _shop.Events.Select(e => e.VisitorId).Distinct().Count());

        var s = _shop.Summary;
        Assert.Equal((14_339, 666, 46, 8_000, 250_000L), (s.Products, s.Brands, s.Categories, s.Visitors, s.Events));
        Assert.Equal(s.Events, s.DetailPageViews + s.AddToCarts + s.PurchaseCompletes + s.HomePageViews + s.Searches + s.CategoryPageViews);
    }

    [Fact]
    public void Visitor_activity_is_heavy_tailed()
    {
        var perVisitor = _shop.Events.GroupBy(e => e.VisitorId).Select(g => g.Count()).ToList();
        double Share(Func<int, bool> p) => perVisitor.Count(p) / (double)perVisitor.Count;
        Assert.InRange(Share(n => n <= 3), 0.03, 0.15);
        Assert.True(Share(n => n is >= 10 and <= 60) >= 0.6);
        Assert.InRange(Share(n => n >= 100), 0.01, 0.08);
        Assert.True(perVisitor.Max() >= 300);
    }

    [Fact]
    public void Traffic_is_flat_across_the_weeks_of_the_period()
    {
        // Time-based train/test splits assume a steady shop, not one whose traffic ramps up or fades.
        var start = _shop.Options.Start;
        int fullWeeks = (int)(_shop.Options.Span.TotalDays / 7);
        var perWeek = _shop.Events.Select(e => (int)((e.Time - start).TotalDays / 7)).Where(w => w < fullWeeks)
            .GroupBy(w => w).Select(g => g.Count()).ToList();
        Assert.Equal(fullWeeks, perWeek.Count);
        double mean = perWeek.Average();
        Assert.All(perWeek, n => Assert.InRange(n, 0.8 * mean, 1.2 * mean));
    }

    [Fact]
    public void Popularity_follows_a_power_law()
    {
        var perProduct = _shop.Events.SelectMany(e => e.ProductDetails).GroupBy(d => d.ProductId)
            .Select(g => g.Count()).OrderDescending().ToList();
        double topOnePercent = perProduct.Take(_shop.Products.Count / 100).Sum() / (double)perProduct.Sum();
        Assert.InRange(topOnePercent, 0.3, 0.8);
    }

    [Fact]
    public void Later_views_are_predictable_from_earlier_ones()
    {
        var categories = Predictability.HeldOutHits(_shop, p => p.Category, top: 3);
        Assert.True(categories.Lift >= 2, categories.ToString());
        var brands = Predictability.HeldOutHits(_shop, p => p.Brand, top: 5);
        Assert.True(brands.Lift >= 2, brands.ToString());
    }
}
