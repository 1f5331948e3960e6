using Teddy.Retail;

namespace Teddy.Catalog;

/// <summary>Builds the model's catalog columns from the ingested catalog.</summary>
public static class ModelCatalogBuilder
{
    public static ModelCatalog From(ProductCatalog catalog)
    {
        int n = catalog.Count;
        var ageNames = new List<string>();
        var colorIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var colorNames = new List<string>();
        var colorPointers = new int[n + 1];
        var colorIds = new List<int>(n * 2);
        var ages = new uint[n];

        for (int p = 0; p < n; p++)
        {
            var product = catalog[p];
            foreach (string age in product.AgeGroups)
            {
                int bit = ageNames.IndexOf(age);
                if (bit < 0 && ageNames.Count < ModelCatalog.MaxAgeGroups)
                {
                    bit = ageNames.Count;
                    ageNames.Add(age);
                }
                if (bit >= 0) ages[p] |= 1u << bit;
            }
            for (int c = 0; c < product.Colors.Count; c++)
            {
                if (!colorIndex.TryGetValue(product.Colors[c], out int id))
                {
                    id = colorNames.Count;
                    colorIndex.Add(product.Colors[c], id);
                    colorNames.Add(product.ColorDisplayNames[c]);
                }
                colorIds.Add(id);
            }
            colorPointers[p + 1] = colorIds.Count;
        }

        var products = catalog.Products;
        return new ModelCatalog
        {
            Ids = products.Select(p => p.Id).ToArray(),
            Titles = products.Select(p => p.DisplayTitle).ToArray(),
            Descriptions = products.Select(p => p.Description).ToArray(),
            Brand = catalog.ProductBrandIndices.ToArray(),
            BrandNames = catalog.BrandNames.ToArray(),
            Category = catalog.ProductCategoryIndices.ToArray(),
            CategoryPaths = catalog.CategoryPaths.ToArray(),
            Price = products.Select(p => p.Price is { } price ? (float)price : float.NaN).ToArray(),
            OriginalPrice = products.Select(p => p.OriginalPrice is { } price ? (float)price : float.NaN).ToArray(),
            DiscountPercent = products.Select(p => (float)p.DiscountPercent).ToArray(),
            InStock = products.Select(p => p.InStock).ToArray(),
            ImageUrl = products.Select(p => p.ImageUrl ?? "").ToArray(),
            Uri = products.Select(p => p.Uri ?? "").ToArray(),
            AgeGroups = ages,
            AgeGroupNames = ageNames.ToArray(),
            ColorPointers = colorPointers,
            ColorIds = colorIds.ToArray(),
            ColorNames = colorNames.ToArray(),
            Completeness = products.Select(p => (float)p.Completeness).ToArray(),
            Availability = products.Select(p => (sbyte)p.Availability).ToArray(),
            Variants = VariantsOf(catalog),
        };
    }

    private static ModelVariants VariantsOf(ProductCatalog catalog)
    {
        var pointers = new int[catalog.Count + 1];
        var variants = new List<CatalogProduct>(catalog.VariantCount);
        for (int p = 0; p < catalog.Count; p++)
        {
            variants.AddRange(catalog.VariantsOf(p));
            pointers[p + 1] = variants.Count;
        }
        return new ModelVariants
        {
            Pointers = pointers,
            Ids = variants.Select(v => v.Id).ToArray(),
            Titles = variants.Select(v => v.Title).ToArray(),
            Price = variants.Select(v => v.Price is { } price ? (float)price : float.NaN).ToArray(),
            Availability = variants.Select(v => (sbyte)v.Availability).ToArray(),
            ImageUrl = variants.Select(v => v.ImageUrl ?? "").ToArray(),
            Colors = variants.Select(v => v.ColorDisplayNames.ToArray()).ToArray(),
            Sizes = variants.Select(v => v.Sizes.ToArray()).ToArray(),
            MissingPrimaryIds = catalog.MissingPrimaries.Keys.ToArray(),
            MissingPrimaryProducts = catalog.MissingPrimaries.Values.ToArray(),
        };
    }
}
