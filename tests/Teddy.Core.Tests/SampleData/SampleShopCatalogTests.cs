using System.Text.Json;
using System.Text.RegularExpressions;
using Teddy.SampleData;

namespace Teddy.Core.Tests.SampleData;

public class SampleShopCatalogTests(SmallShopFixture fixture) : IClassFixture<SmallShopFixture>
{
    private static readonly string[] AgeGroupOrder = ["newborn", "infant", "toddler", "kids"];
    private readonly GeneratedShop _shop = fixture.Shop;
    private List<ParsedProduct> Products => _shop.Products;

    private double Share(Func<ParsedProduct, bool> predicate) => Products.Count(predicate) / (double)Products.Count;

    [Fact]
    public void Ids_are_unique_numeric_strings_with_shop_uris()
    {
        Assert.Equal(_shop.Options.Products, Products.Count);
        Assert.Equal(Products.Count, Products.Select(p => p.Id).Distinct().Count());
        Assert.Equal("10001", Products[0].Id);
        Assert.All(Products, p =>
        {
            Assert.Matches("^[0-9]+$", p.Id);
            Assert.Equal("https://shop.example/products/" + p.Id, p.Uri);
            Assert.False(string.IsNullOrWhiteSpace(p.Title));
        });
    }

    [Fact]
    public void Discounts_only_when_original_price_is_higher_and_within_5_to_60_percent()
    {
        Assert.All(Products, p =>
        {
            Assert.Equal("USD", p.Currency);
            Assert.True(p.PriceValue > 0);
            if (p.OriginalPriceValue is { } original)
            {
                Assert.True(original > p.PriceValue, $"{p.Id}: originalPrice {original} must exceed price {p.PriceValue}.");
                Assert.InRange((original - p.PriceValue) / original, 0.05m, 0.60m);
            }
        });
        Assert.InRange(Share(p => p.OriginalPrice is not null), 0.20, 0.30);
    }

    [Fact]
    public void Prices_have_two_decimals_and_a_few_are_written_as_strings()
    {
        Assert.All(Products, p =>
        {
            string raw = p.Price.ValueKind == JsonValueKind.String ? p.Price.GetString()! : p.Price.GetRawText();
            Assert.Matches(@"^[0-9]+\.[0-9]{2}$", raw);
            if (p.OriginalPrice is { } original) Assert.Equal(p.Price.ValueKind, original.ValueKind);
        });
        Assert.InRange(Share(p => p.Price.ValueKind == JsonValueKind.String), 0.01, 0.06);
    }

    [Fact]
    public void Most_products_are_in_stock()
    {
        Assert.All(Products, p => Assert.Contains(p.Availability, new[] { "IN_STOCK", "OUT_OF_STOCK" }));
        Assert.InRange(Share(p => p.Availability == "IN_STOCK"), 0.86, 0.94);
    }

    [Fact]
    public void Categories_come_from_the_toy_tree_and_brands_specialise()
    {
        var known = ToyCategories.All.Select(c => c.Path).ToHashSet();
        Assert.All(Products, p =>
        {
            Assert.InRange(p.Categories.Length, 1, 2);
            Assert.All(p.Categories, c => Assert.Contains(c, known));
            Assert.Equal(p.Categories.Length, p.Categories.Distinct().Count());
        });
        Assert.Equal(46, Products.Select(p => p.Category).Distinct().Count());

        var categoriesPerBrand = Products.Where(p => p.Brand is not null)
            .GroupBy(p => p.Brand!).Select(g => g.Select(p => p.Category).Distinct().Count()).ToList();
        Assert.Equal(_shop.Options.Brands, categoriesPerBrand.Count);
        Assert.All(categoriesPerBrand, n => Assert.InRange(n, 1, 3));
    }

    [Fact]
    public void Age_groups_are_one_or_two_adjacent_groups()
    {
        Assert.All(Products, p =>
        {
            Assert.InRange(p.AgeGroups.Length, 1, 2);
            var positions = p.AgeGroups.Select(a => Array.IndexOf(AgeGroupOrder, a)).ToArray();
            Assert.DoesNotContain(-1, positions);
            if (positions.Length == 2) Assert.Equal(positions[0] + 1, positions[1]);
        });
        // Category-consistent: nothing for newborns among the board games, nothing for kids among the bottles.
        Assert.DoesNotContain(Products, p => p.Category == "Toys > Games > Board Games" && p.AgeGroups.Contains("newborn"));
        Assert.DoesNotContain(Products, p => p.Category == "Baby > Feeding > Bottles" && p.AgeGroups.Contains("kids"));
    }

    [Fact]
    public void Images_point_at_the_apps_own_svg_per_category_and_colour()
    {
        Assert.All(Products.Where(p => p.ImageUris.Length > 0), p =>
        {
            string category = SampleImages.Slug(p.Category);
            foreach (string uri in p.ImageUris)
            {
                var match = Regex.Match(uri, "^/api/sample-images/([a-z0-9-]+)/([a-z0-9-]+)\\.svg$");
                Assert.True(match.Success, uri);
                Assert.Equal(category, match.Groups[1].Value);
                Assert.True(SampleImages.ColourSwatches.ContainsKey(match.Groups[2].Value), uri);
            }
            if (p.ColourFamilies.Length > 0)
                Assert.Equal(p.ColourFamilies.Select(SampleImages.Slug), p.ImageUris.Select(u => u.Split('/')[^1][..^4]));
        });
    }

    [Fact]
    public void Colours_are_one_or_two_of_twelve_families()
    {
        Assert.All(Products.Where(p => p.ColourFamilies.Length > 0), p =>
        {
            Assert.InRange(p.ColourFamilies.Length, 1, 2);
            Assert.Equal(p.ColourFamilies.Length, p.Colours.Length);
        });
        Assert.Equal(12, Products.SelectMany(p => p.ColourFamilies).Distinct().Count());
    }

    [Fact]
    public void The_feed_is_messy_like_real_ones_but_never_invalid()
    {
        Assert.InRange(Share(p => p.Description is null), 0.005, 0.04);
        Assert.InRange(Share(p => p.Brand is null), 0.002, 0.025);
        Assert.InRange(Share(p => p.ColourFamilies.Length == 0), 0.002, 0.025);
        Assert.InRange(Share(p => p.ImageUris.Length == 0), 0.0005, 0.015);
        Assert.True(Products.Count(p => p.Material is not null) == Products.Count, "Every product has a material attribute.");
    }

    [Fact]
    public void Descriptions_are_one_to_three_sentences_with_a_varied_vocabulary()
    {
        var descriptions = Products.Select(p => p.Description).OfType<string>().ToList();
        Assert.All(descriptions, d =>
        {
            Assert.EndsWith(".", d);
            int sentences = Regex.Matches(d, @"\.(\s+[A-Z]|$)").Count;
            Assert.InRange(sentences, 1, 3);
        });
        var words = descriptions.SelectMany(d => Regex.Matches(d.ToLowerInvariant(), "[a-z][a-z-]+").Select(m => m.Value)).ToHashSet();
        Assert.True(words.Count >= 400, $"Only {words.Count} distinct words: too little for TF-IDF to tell products apart.");
        // Category words stay in their category: strollers talk about folding, bottles about nipples.
        Assert.Contains(Products, p => p.Category == "Baby > Gear > Strollers" && p.Description?.Contains("fold") == true);
        Assert.DoesNotContain(Products, p => p.Category == "Toys > Building Blocks" && p.Description?.Contains("nipple") == true);
    }
}
