namespace Teddy.SampleData;

/// <summary>The generated catalog plus the sampling tables the shopper simulation draws from.</summary>
internal sealed class SampleCatalog
{
    public SampleCatalog(ToyCategory[] categories, Brand[] brands, CatalogProduct[] products)
    {
        Categories = categories;
        Brands = brands;
        Products = products;

        var popularity = new double[products.Length];
        var inCategory = new List<int>[categories.Length];
        for (int c = 0; c < categories.Length; c++) inCategory[c] = [];
        foreach (var product in products)
        {
            popularity[product.Index] = product.Popularity;
            inCategory[product.Category].Add(product.Index);
        }
        Popular = new AliasTable(popularity);
        ProductsInCategory = inCategory.Select(list => list.ToArray()).ToArray();
        PopularInCategory = ProductsInCategory
            .Select(ids => new AliasTable(ids.Select(i => products[i].Popularity).ToArray()))
            .ToArray();

        // Brands per category, weighted by how much of the category's shelf (popularity) they own:
        // shoppers pick favourite brands the way they meet them, on the shelf.
        var brandShelf = new Dictionary<int, double>[categories.Length];
        for (int c = 0; c < categories.Length; c++) brandShelf[c] = [];
        foreach (var product in products)
        {
            var shelf = brandShelf[product.Category];
            shelf[product.Brand] = shelf.GetValueOrDefault(product.Brand) + product.Popularity;
        }
        BrandsInCategory = new int[categories.Length][];
        BrandShelfInCategory = new AliasTable[categories.Length];
        for (int c = 0; c < categories.Length; c++)
        {
            int[] ids = brandShelf[c].Keys.Order().ToArray();
            BrandsInCategory[c] = ids;
            BrandShelfInCategory[c] = new AliasTable(ids.Select(b => brandShelf[c][b]).ToArray());
        }

        CategoryPopularity = new double[categories.Length];
        foreach (var product in products) CategoryPopularity[product.Category] += product.Popularity;
    }

    public ToyCategory[] Categories { get; }
    public Brand[] Brands { get; }
    public CatalogProduct[] Products { get; }

    /// <summary>Draws a product index by global popularity.</summary>
    public AliasTable Popular { get; }

    /// <summary>Product indices whose primary category is c.</summary>
    public int[][] ProductsInCategory { get; }

    /// <summary>Draws a position in <see cref="ProductsInCategory"/>[c] by popularity.</summary>
    public AliasTable[] PopularInCategory { get; }

    /// <summary>Brand indices present in category c, sorted.</summary>
    public int[][] BrandsInCategory { get; }

    /// <summary>Draws a position in <see cref="BrandsInCategory"/>[c] by the brand's popularity share there.</summary>
    public AliasTable[] BrandShelfInCategory { get; }

    /// <summary>Summed product popularity per category.</summary>
    public double[] CategoryPopularity { get; }

    public int PopularProductIn(int category, SampleRandom random) =>
        ProductsInCategory[category][PopularInCategory[category].Sample(random)];

    public int BrandSeenIn(int category, SampleRandom random) =>
        BrandsInCategory[category][BrandShelfInCategory[category].Sample(random)];
}
