using Teddy.Retail;

namespace Teddy.Core.Tests.Retail;

/// <summary>Google's own Retail API sample products, with the quirks described in TestData/gcp-retail-sample/SOURCE.md.</summary>
public class GoogleSampleProductsTests
{
    private static readonly Lazy<(List<RetailProduct> Products, IngestionStreamReport Report)> Sample =
        new(() => Ndjson.ReadProducts(Ndjson.GoogleSample("products.json")));

    private static ProductCatalog Catalog() => ProductCatalog.FromProducts(Sample.Value.Products);

    [Fact]
    public void All_316_products_are_accepted()
    {
        var (products, report) = Sample.Value;
        Assert.Equal(316, products.Count);
        Assert.Equal(316, report.LinesRead);
        Assert.Equal(316, report.Accepted);
        Assert.Equal(0, report.Skipped);
        Assert.Equal("GGCOGOAC101259", products[0].Id);
    }

    [Fact]
    public void Every_price_is_parsed_from_its_string()
    {
        var (products, _) = Sample.Value;
        Assert.All(products, product => Assert.NotNull(product.Price));
        Assert.All(products, product => Assert.Equal(45.0, product.OriginalPrice));
        var pen = products.Single(product => product.Id == "GGCOGOAC101259");
        Assert.Equal(16.0, pen.Price);
        Assert.Equal("USD", pen.CurrencyCode);
    }

    [Fact]
    public void The_product_priced_0_is_kept_with_price_0()
    {
        var free = Sample.Value.Products.Single(product => product.Id == "GGCOGCBA164499");
        Assert.Equal(0.0, free.Price);
        var catalogProduct = CatalogProduct.From(free);
        Assert.Equal(100.0, catalogProduct.DiscountPercent);
    }

    [Fact]
    public void Two_products_have_no_primary_brand()
    {
        var catalog = Catalog();
        var brandless = catalog.Products.Where(product => product.PrimaryBrand == "").Select(product => product.Id).Order().ToList();
        Assert.Equal(["GGOEGAEQ120116", "GGOEGDNQ138099"], brandless);
        Assert.Equal(ProductCatalog.NoIndex, catalog.ProductBrandIndices[catalog.IndexOf("GGOEGDNQ138099")]);
    }

    [Fact]
    public void Products_sharing_a_title_are_all_kept()
    {
        // SOURCE.md's "67 titles shared": 67 titles name more than one id (51 of them exactly two), 316 products, 223 titles.
        var products = Sample.Value.Products;
        var byTitle = products.GroupBy(product => product.Title).ToList();
        Assert.Equal(223, byTitle.Count);
        Assert.Equal(67, byTitle.Count(group => group.Count() > 1));
        Assert.Equal(316, products.Select(product => product.Id).Distinct().Count());
    }

    [Fact]
    public void Attributes_are_read_from_the_array_form_with_their_text_values()
    {
        var pen = Sample.Value.Products.Single(product => product.Id == "GGCOGOAC101259");
        Assert.Equal(["material"], pen.Attributes.Keys);
        Assert.Equal(["Metal", "Recycled Plastic"], pen.Attributes["material"].Text);
        Assert.Empty(pen.Attributes["material"].Numbers);
        Assert.Equal(183, Sample.Value.Products.Count(product => product.Attributes.Count > 0));
    }

    [Fact]
    public void Numeric_attributes_in_the_array_form_are_read_as_numbers()
    {
        var withCollection = Sample.Value.Products.First(product => product.Attributes.ContainsKey("collection"));
        Assert.Single(withCollection.Attributes["collection"].Numbers);
        Assert.InRange(withCollection.Attributes["collection"].Numbers[0], 2020, 2023);
    }

    [Fact]
    public void No_product_has_age_groups()
    {
        Assert.All(Catalog().Products, product => Assert.Empty(product.AgeGroups));
    }

    [Fact]
    public void There_are_6_categories_and_Apparel_has_242_products()
    {
        var catalog = Catalog();
        Assert.Equal(6, catalog.CategoryCount);
        int apparel = catalog.CategoryPaths.IndexOf("Apparel");
        Assert.Equal(0, catalog.ProductCategoryIndices.Count(index => index == -1));
        Assert.Equal(242, catalog.ProductCategoryIndices.Count(index => index == apparel));
    }

    [Fact]
    public void Placeholder_images_and_stock_are_read_as_given()
    {
        var catalog = Catalog();
        Assert.Equal(32, catalog.Products.Count(product => product.ImageUrl!.EndsWith("/noimage.jpg", StringComparison.Ordinal)));
        Assert.Equal(154, catalog.Products.Count(product => product.InStock));
    }
}
