using Teddy.Catalog;

namespace Teddy.Core.Tests;

/// <summary>A hand-made product for rule and recommender tests.</summary>
public sealed record TestProduct(
    string Id,
    string Brand = "",
    string Category = "Toys",
    double Price = 10,
    double Discount = 0,
    bool InStock = true,
    string[]? Ages = null,
    string[]? Colors = null,
    double Completeness = 1.0,
    string? Title = null);

/// <summary>Builds a <see cref="ModelCatalog"/> from a few <see cref="TestProduct"/>s.</summary>
public static class TestCatalog
{
    public static ModelCatalog Build(params TestProduct[] products)
    {
        var brands = products.Select(p => p.Brand).Where(b => b.Length > 0).Distinct().ToList();
        var categories = products.Select(p => p.Category).Distinct().ToList();
        var ages = products.SelectMany(p => p.Ages ?? []).Distinct().ToList();
        var colors = products.SelectMany(p => p.Colors ?? []).Distinct().ToList();
        var colorPointers = new int[products.Length + 1];
        var colorIds = new List<int>();
        for (int i = 0; i < products.Length; i++)
        {
            colorIds.AddRange((products[i].Colors ?? []).Select(c => colors.IndexOf(c)));
            colorPointers[i + 1] = colorIds.Count;
        }
        return new ModelCatalog
        {
            Ids = products.Select(p => p.Id).ToArray(),
            Titles = products.Select(p => p.Title ?? $"Product {p.Id}").ToArray(),
            Descriptions = products.Select(p => "").ToArray(),
            Brand = products.Select(p => p.Brand.Length == 0 ? ModelCatalog.NoBrand : brands.IndexOf(p.Brand)).ToArray(),
            BrandNames = brands.ToArray(),
            Category = products.Select(p => categories.IndexOf(p.Category)).ToArray(),
            CategoryPaths = categories.ToArray(),
            Price = products.Select(p => (float)p.Price).ToArray(),
            OriginalPrice = products.Select(p => p.Discount > 0 ? (float)(p.Price / (1 - p.Discount / 100)) : float.NaN).ToArray(),
            DiscountPercent = products.Select(p => (float)p.Discount).ToArray(),
            InStock = products.Select(p => p.InStock).ToArray(),
            ImageUrl = products.Select(p => $"https://img.example/{p.Id}.png").ToArray(),
            Uri = products.Select(p => "").ToArray(),
            AgeGroups = products.Select(p => (p.Ages ?? []).Aggregate(0u, (mask, a) => mask | 1u << ages.IndexOf(a))).ToArray(),
            AgeGroupNames = ages.ToArray(),
            ColorPointers = colorPointers,
            ColorIds = colorIds.ToArray(),
            ColorNames = colors.ToArray(),
            Completeness = products.Select(p => (float)p.Completeness).ToArray(),
        };
    }
}
