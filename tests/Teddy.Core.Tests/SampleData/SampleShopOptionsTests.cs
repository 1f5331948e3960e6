using Teddy.SampleData;

namespace Teddy.Core.Tests.SampleData;

public class SampleShopOptionsTests
{
    [Fact]
    public void Defaults_describe_the_reference_shop()
    {
        var o = SampleShopOptions.Default;
        Assert.Equal((14_339, 666, 46, 8_000, 250_000, 42L), (o.Products, o.Brands, o.Categories, o.Visitors, o.Events, o.Seed));
        Assert.Equal(new DateTimeOffset(2026, 8, 1, 0, 0, 0, TimeSpan.Zero), o.Start);
        Assert.Equal(TimeSpan.FromDays(90), o.Span);
    }

    [Fact]
    public void Scaled_grows_products_visitors_and_events_linearly_and_brands_by_square_root()
    {
        var o = SampleShopOptions.Default.Scaled(10);
        Assert.Equal((143_390, 2_106, 46, 80_000, 2_500_000), (o.Products, o.Brands, o.Categories, o.Visitors, o.Events));
        Assert.Equal(SampleShopOptions.Default.Seed, o.Seed);
        o.Validate();
        SampleShopOptions.Default.Scaled(0.05).Validate();
    }

    [Theory]
    [InlineData(100, 50, 47, 10, 100)]   // more categories than the vocabulary has
    [InlineData(100, 40, 46, 10, 100)]   // fewer brands than categories
    [InlineData(30, 46, 46, 10, 100)]    // fewer products than brands
    [InlineData(100, 50, 46, 10, 9)]     // fewer events than visitors
    public void Validate_rejects_impossible_counts(int products, int brands, int categories, int visitors, int events)
    {
        var options = new SampleShopOptions { Products = products, Brands = brands, Categories = categories, Visitors = visitors, Events = events };
        Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
    }
}
