using Teddy.Retail;

namespace Teddy.Core.Tests.Retail;

public class CatalogProductTests
{
    private static CatalogProduct Derive(string line) => CatalogProduct.From(Ndjson.SingleProduct(line));

    [Theory]
    [InlineData(5.95, 7.14, 16.67)]
    [InlineData(30.0, 40.0, 25.0)]
    [InlineData(0.0, 45.0, 100.0)]
    [InlineData(10.0, 10.0, 0.0)]
    [InlineData(12.0, 10.0, 0.0)]
    public void Discount_percent_is_the_reduction_from_the_original_price_rounded_to_2_decimals(double price, double original, double expected)
    {
        Assert.Equal(expected, CatalogProduct.DiscountPercentOf(price, original));
    }

    [Fact]
    public void Without_both_prices_there_is_no_discount()
    {
        Assert.Equal(0, CatalogProduct.DiscountPercentOf(null, 10));
        Assert.Equal(0, CatalogProduct.DiscountPercentOf(5, null));
        Assert.Equal(16.67, Derive("""{"id": "a", "priceInfo": {"price": "5.95", "originalPrice": 7.14}}""").DiscountPercent);
    }

    [Theory]
    [InlineData("\"IN_STOCK\"", true)]
    [InlineData("\"AVAILABILITY_UNSPECIFIED\"", true)]
    [InlineData("null", true)]
    [InlineData("\"OUT_OF_STOCK\"", false)]
    [InlineData("\"PREORDER\"", false)]
    [InlineData("\"BACKORDER\"", false)]
    public void In_stock_follows_the_API_default(string availability, bool inStock)
    {
        Assert.Equal(inStock, Derive($$"""{"id": "a", "availability": {{availability}}}""").InStock);
        Assert.True(Derive("""{"id": "a"}""").InStock);
    }

    [Fact]
    public void Primary_brand_is_the_first_non_blank_one_trimmed()
    {
        var product = Derive("""{"id": "a", "brands": ["", "  Acme  ", "Other"]}""");
        Assert.Equal("Acme", product.PrimaryBrand);
        Assert.Equal(["Acme", "Other"], product.Brands);
        Assert.Equal("", Derive("""{"id": "a"}""").PrimaryBrand);
    }

    [Fact]
    public void Primary_category_is_the_first_path()
    {
        var product = Derive("""{"id": "a", "categories": ["Toys > Building", "Kids > Gifts"]}""");
        Assert.Equal("Toys > Building", product.PrimaryCategory);
        Assert.Equal(["Toys > Building", "Kids > Gifts"], product.Categories);
    }

    [Fact]
    public void Colours_come_from_colors_lower_cased_and_distinct_with_the_first_spelling_for_display()
    {
        var product = Derive("""{"id": "a", "colorInfo": {"colors": ["Red", "Navy Blue", "red", " RED "], "colorFamilies": ["Blue"]}}""");
        Assert.Equal(["red", "navy blue"], product.Colors);
        Assert.Equal(["Red", "Navy Blue"], product.ColorDisplayNames);
    }

    [Fact]
    public void Colours_fall_back_to_color_families()
    {
        var product = Derive("""{"id": "a", "colorInfo": {"colors": [], "colorFamilies": ["Green", "GREEN"]}}""");
        Assert.Equal(["green"], product.Colors);
    }

    [Fact]
    public void Age_groups_are_lower_cased_and_distinct()
    {
        var product = Derive("""{"id": "a", "audience": {"ageGroups": ["Kids", "kids", "Toddler"]}}""");
        Assert.Equal(["kids", "toddler"], product.AgeGroups);
    }

    [Fact]
    public void Image_url_is_the_first_image_or_null()
    {
        Assert.Equal("https://x/1.jpg", Derive("""{"id": "a", "images": [{"uri": "https://x/1.jpg"}, {"uri": "https://x/2.jpg"}]}""").ImageUrl);
        Assert.Null(Derive("""{"id": "a", "images": []}""").ImageUrl);
    }

    [Fact]
    public void Completeness_is_the_fraction_of_the_nine_documented_fields_present()
    {
        Assert.Equal(9, CatalogProduct.CompletenessFields.Count);
        Assert.Equal(0.0, Derive("""{"id": "a"}""").Completeness);
        Assert.Equal(3.0 / 9, Derive("""{"id": "a", "title": "T", "brands": ["B"], "priceInfo": {"price": "0"}}""").Completeness);
        var full = Derive("""
            {"id": "a", "title": "T", "description": "D", "categories": ["C"], "brands": ["B"], "priceInfo": {"price": 1},
             "images": [{"uri": "u"}], "colorInfo": {"colorFamilies": ["Red"]}, "audience": {"ageGroups": ["kids"]},
             "attributes": {"material": {"text": ["wood"]}}}
            """.ReplaceLineEndings(" "));
        Assert.Equal(1.0, full.Completeness);
    }

    [Fact]
    public void Content_text_joins_title_description_categories_brands_age_groups_and_colours_skipping_empty_parts()
    {
        var product = Derive("""
            {"id": "a", "title": "Blocks", "description": "Wooden blocks", "categories": ["Toys > Building", "Kids"],
             "brands": ["Acme"], "audience": {"ageGroups": ["Kids"]}, "colorInfo": {"colors": ["Red", "Blue"]}}
            """.ReplaceLineEndings(" "));
        Assert.Equal("Blocks Wooden blocks Toys > Building Kids Acme kids Red Blue", product.ContentText());
        Assert.Equal("Only title Acme", Derive("""{"id": "a", "title": "Only title", "brands": ["Acme"]}""").ContentText());
        Assert.Equal("", Derive("""{"id": "a"}""").ContentText());
    }
}
