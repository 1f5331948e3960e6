using Teddy.Retail;

namespace Teddy.Core.Tests.Retail;

public class ProductCatalogTests
{
    private static ProductCatalog Catalog(params string[] lines) => ProductCatalog.FromProducts(Ndjson.ReadProducts(lines).Products);

    [Fact]
    public void Products_keep_file_order_with_dense_indices_and_an_id_lookup()
    {
        var catalog = Catalog("""{"id": "z"}""", """{"id": "a"}""", """{"id": "m"}""");

        Assert.Equal(3, catalog.Count);
        Assert.Equal(["z", "a", "m"], catalog.Products.Select(product => product.Id));
        Assert.Equal(1, catalog.IndexOf("a"));
        Assert.Equal(-1, catalog.IndexOf("A"));
        Assert.True(catalog.TryGetIndex("m".AsSpan(), out int index));
        Assert.Equal(2, index);
        Assert.Equal("m", catalog[2].Id);
        Assert.Equal(0, catalog.IndexById["z"]);
    }

    [Fact]
    public void Brands_get_indices_in_order_of_first_appearance_matched_case_insensitively_and_no_brand_is_minus_1()
    {
        var catalog = Catalog(
            """{"id": "1", "brands": ["Acme"]}""",
            """{"id": "2"}""",
            """{"id": "3", "brands": ["Zeta"]}""",
            """{"id": "4", "brands": ["ACME "]}""",
            """{"id": "5", "brands": [" "]}""");

        Assert.Equal(["Acme", "Zeta"], catalog.BrandNames.AsEnumerable());
        Assert.Equal(2, catalog.BrandCount);
        Assert.Equal([0, -1, 1, 0, -1], catalog.ProductBrandIndices.AsEnumerable());
    }

    [Fact]
    public void Primary_categories_get_indices_and_no_category_is_minus_1()
    {
        var catalog = Catalog(
            """{"id": "1", "categories": ["Toys > Building", "Gifts"]}""",
            """{"id": "2", "categories": ["Gifts"]}""",
            """{"id": "3"}""",
            """{"id": "4", "categories": ["Toys > Building"]}""");

        Assert.Equal(["Toys > Building", "Gifts"], catalog.CategoryPaths.AsEnumerable());
        Assert.Equal(2, catalog.CategoryCount);
        Assert.Equal([0, 1, -1, 0], catalog.ProductCategoryIndices.AsEnumerable());
    }

    [Fact]
    public void A_catalog_built_by_hand_rejects_duplicate_ids()
    {
        var product = new RetailProduct { Id = "a" };
        Assert.Throws<ArgumentException>(() => ProductCatalog.FromProducts([product, product]));
    }
}
