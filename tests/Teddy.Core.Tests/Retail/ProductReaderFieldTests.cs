using Teddy.Retail;

namespace Teddy.Core.Tests.Retail;

/// <summary>The fields of a product line, in the documented API shape and in the variants feeds actually use.</summary>
public class ProductReaderFieldTests
{
    [Theory]
    [InlineData("12.5", 12.5)]
    [InlineData("\"12.5\"", 12.5)]
    [InlineData("\" 12.50 \"", 12.5)]
    [InlineData("\"0\"", 0.0)]
    [InlineData("0", 0.0)]
    [InlineData("\"1e2\"", 100.0)]
    public void A_price_may_be_a_number_or_a_numeric_string(string price, double expected)
    {
        var product = Ndjson.SingleProduct($$$"""{"id": "a", "priceInfo": {"price": {{{price}}}, "originalPrice": {{{price}}}}}""");
        Assert.Equal(expected, product.Price);
        Assert.Equal(expected, product.OriginalPrice);
    }

    [Fact]
    public void Missing_prices_are_null()
    {
        Assert.Null(Ndjson.SingleProduct("""{"id": "a"}""").Price);
        var product = Ndjson.SingleProduct("""{"id": "a", "priceInfo": {"price": null, "currencyCode": "EUR"}}""");
        Assert.Null(product.Price);
        Assert.Null(product.OriginalPrice);
        Assert.Equal("EUR", product.CurrencyCode);
    }

    [Fact]
    public void All_documented_fields_are_read()
    {
        var product = Ndjson.SingleProduct("""
            {"id": "p1", "title": " Blocks ", "description": "Wooden blocks", "categories": ["Toys > Building", "Kids"],
             "brands": ["Acme", "Other"], "priceInfo": {"price": 5.95, "originalPrice": 7.14, "currencyCode": "EUR"},
             "availability": "PREORDER", "images": [{"uri": "https://x/1.jpg", "height": 1}, {"uri": "https://x/2.jpg"}],
             "colorInfo": {"colors": ["Red", "Dark red"], "colorFamilies": ["Red"]},
             "audience": {"genders": ["female"], "ageGroups": ["Kids", "toddler"]},
             "uri": "https://shop/p1", "unknownField": {"nested": [1, {"deep": true}]}}
            """.ReplaceLineEndings(" "));

        Assert.Equal("p1", product.Id);
        Assert.Equal("Blocks", product.Title);
        Assert.Equal("Wooden blocks", product.Description);
        Assert.Equal(["Toys > Building", "Kids"], product.Categories);
        Assert.Equal(["Acme", "Other"], product.Brands);
        Assert.Equal(5.95, product.Price);
        Assert.Equal(7.14, product.OriginalPrice);
        Assert.Equal("EUR", product.CurrencyCode);
        Assert.Equal(ProductAvailability.Preorder, product.Availability);
        Assert.Equal(["https://x/1.jpg", "https://x/2.jpg"], product.ImageUris);
        Assert.Equal(["Red", "Dark red"], product.Colors);
        Assert.Equal(["Red"], product.ColorFamilies);
        Assert.Equal(["Kids", "toddler"], product.AgeGroups);
        Assert.Equal("https://shop/p1", product.Uri);
    }

    [Fact]
    public void Attributes_may_be_the_API_object_map()
    {
        var product = Ndjson.SingleProduct("""
            {"id": "a", "attributes": {"vendor": {"text": ["Acme", "Acme Toys"], "indexable": true},
             "length_cm": {"numbers": [2.5, 15]}, "empty": {"text": []}}}
            """.ReplaceLineEndings(" "));

        Assert.Equal(["length_cm", "vendor"], product.Attributes.Keys.Order());
        Assert.Equal(["Acme", "Acme Toys"], product.Attributes["vendor"].Text);
        Assert.Equal([2.5, 15.0], product.Attributes["length_cm"].Numbers);
    }

    [Fact]
    public void Attributes_in_the_array_form_merge_a_repeated_key_and_accept_value_before_key()
    {
        var product = Ndjson.SingleProduct("""
            {"id": "a", "attributes": [{"key": "material", "value": {"searchable": "true", "text": ["Metal"]}},
             {"value": {"text": ["Plastic"]}, "key": "material"}, {"key": "year", "value": {"numbers": ["2022"]}}]}
            """.ReplaceLineEndings(" "));

        Assert.Equal(["Metal", "Plastic"], product.Attributes["material"].Text);
        Assert.Equal([2022.0], product.Attributes["year"].Numbers);
    }

    [Fact]
    public void Single_values_where_arrays_belong_are_accepted()
    {
        var product = Ndjson.SingleProduct("""{"id": "a", "categories": "Toys", "brands": "Acme", "images": {"uri": "https://x/1.jpg"}}""");

        Assert.Equal(["Toys"], product.Categories);
        Assert.Equal(["Acme"], product.Brands);
        Assert.Equal(["https://x/1.jpg"], product.ImageUris);
    }

    [Fact]
    public void Values_of_an_unusable_type_are_ignored_not_fatal()
    {
        var product = Ndjson.SingleProduct("""{"id": "a", "title": 5, "brands": [1, " ", "Acme"], "images": [{"height": 3}], "colorInfo": "red", "audience": []}""");

        Assert.Equal("", product.Title);
        Assert.Equal(["Acme"], product.Brands);
        Assert.Empty(product.ImageUris);
        Assert.Empty(product.Colors);
        Assert.Empty(product.AgeGroups);
    }

    [Theory]
    [InlineData("\"IN_STOCK\"", ProductAvailability.InStock)]
    [InlineData("\"OUT_OF_STOCK\"", ProductAvailability.OutOfStock)]
    [InlineData("\"PREORDER\"", ProductAvailability.Preorder)]
    [InlineData("\"BACKORDER\"", ProductAvailability.Backorder)]
    [InlineData("\"AVAILABILITY_UNSPECIFIED\"", ProductAvailability.Unspecified)]
    [InlineData("\"in_stock\"", ProductAvailability.InStock)]
    [InlineData("2", ProductAvailability.OutOfStock)]
    [InlineData("null", ProductAvailability.Unspecified)]
    public void Availability_accepts_the_API_names_and_numbers(string json, ProductAvailability expected)
    {
        Assert.Equal(expected, Ndjson.SingleProduct($$"""{"id": "a", "availability": {{json}}}""").Availability);
    }

    [Fact]
    public void Escaped_strings_are_unescaped()
    {
        var product = Ndjson.SingleProduct("""{"id": "a\u00e9", "title": "Caf\u00e9 \"Mug\""}""");
        Assert.Equal("aé", product.Id);
        Assert.Equal("Café \"Mug\"", product.Title);
    }
}
