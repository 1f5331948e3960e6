using Teddy.SampleData;

namespace Teddy.Core.Tests.SampleData;

public class SampleImagesTests
{
    [Theory]
    [InlineData("Toys > Building Blocks", "toys-building-blocks")]
    [InlineData("Baby > Feeding > Bibs & Burp Cloths", "baby-feeding-bibs-burp-cloths")]
    [InlineData("Sky Blue", "sky-blue")]
    [InlineData("  Multicolor!", "multicolor")]
    public void Slug_lower_cases_and_collapses_separators(string text, string slug) =>
        Assert.Equal(slug, SampleImages.Slug(text));

    [Fact]
    public void Path_names_category_and_colour() =>
        Assert.Equal("/api/sample-images/kids-room-money-boxes/blue.svg", SampleImages.PathFor("Kids Room > Money Boxes", "Blue"));

    [Fact]
    public void Endpoint_vocabulary_lists_every_category_and_colour()
    {
        Assert.Equal(46, SampleImages.CategorySlugs.Count);
        Assert.Equal(46, SampleImages.CategorySlugs.Distinct().Count());
        Assert.Equal(12, SampleImages.ColourSwatches.Count);
        Assert.All(SampleImages.ColourSwatches.Values, hex => Assert.Matches("^#[0-9A-F]{6}$", hex));
    }
}
