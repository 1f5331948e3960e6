using System.Globalization;

namespace Teddy.SampleData;

/// <summary>
/// Builds the catalog: brands own categories, products inherit category, price level, material
/// and colour habits from their brand, and popularity is Zipf (exponent 1) over a random ranking,
/// so the top 1% of products draw a large share of attention, as in every real shop.
/// </summary>
internal static class CatalogBuilder
{
    public const int FirstProductId = 10001;

    // How messy the feed is: real catalogs have gaps, never invalid lines.
    private const double MissingDescription = 0.02;
    private const double MissingBrand = 0.01;
    private const double MissingColours = 0.01;
    private const double MissingImages = 0.005;
    private const double PricesWrittenAsText = 0.03;
    private const double OutOfStock = 0.10;

    /// <summary>Out-of-stock products are still browsed, just less: they drop in listings and searches.</summary>
    public const double OutOfStockPopularity = 0.3;

    public static SampleCatalog Build(SampleShopOptions options)
    {
        var random = SampleRandom.For(options.Seed, RandomStream.Catalog, 0);
        var categories = ChooseCategories(options.Categories, random);
        var brands = BrandMaker.Make(categories, options.Brands, random);
        int[] brandOfProduct = AssignBrands(brands.Length, options.Products, random, out bool[] brandAnchor);

        var products = new CatalogProduct[options.Products];
        var colourWeights = ColourFamilies.All.Select(c => c.Weight).ToArray();
        for (int i = 0; i < products.Length; i++)
            products[i] = MakeProduct(i, brands, brandOfProduct[i], brandAnchor[i], categories, colourWeights, random);

        // Popularity: a random ranking, weight 1/(rank+1). Exponent 1 keeps the arithmetic exact.
        var rank = Enumerable.Range(0, products.Length).ToArray();
        random.Shuffle(rank);
        foreach (var product in products)
            product.Popularity = (product.InStock ? 1.0 : OutOfStockPopularity) / (rank[product.Index] + 1);

        MarkCheapProducts(products, categories.Length);
        return new SampleCatalog(categories, brands, products);
    }

    private static ToyCategory[] ChooseCategories(int count, SampleRandom random)
    {
        if (count == ToyCategories.Count) return ToyCategories.All.ToArray();
        var order = Enumerable.Range(0, ToyCategories.Count).ToArray();
        random.Shuffle(order);
        return order.Take(count).Order().Select(i => ToyCategories.All[i]).ToArray();
    }

    /// <summary>
    /// Brand per product: each brand gets one anchor product (so every brand appears in the feed),
    /// the rest go by brand size 1/sqrt(rank): a few big brands with hundreds of products, a long tail
    /// of small ones. Shuffled so product ids say nothing about brands.
    /// </summary>
    private static int[] AssignBrands(int brandCount, int productCount, SampleRandom random, out bool[] anchor)
    {
        var brandRank = Enumerable.Range(0, brandCount).ToArray();
        random.Shuffle(brandRank);
        var sizes = new double[brandCount];
        for (int b = 0; b < brandCount; b++) sizes[b] = 1.0 / Math.Sqrt(brandRank[b] + 1);
        var bySize = new AliasTable(sizes);

        var slots = new int[productCount];
        for (int s = 0; s < productCount; s++) slots[s] = s < brandCount ? s : brandCount + bySize.Sample(random);
        random.Shuffle(slots);
        // Slot values below brandCount are anchors; the rest carry brandCount + brand.
        anchor = new bool[productCount];
        var brandOf = new int[productCount];
        for (int i = 0; i < productCount; i++)
        {
            anchor[i] = slots[i] < brandCount;
            brandOf[i] = anchor[i] ? slots[i] : slots[i] - brandCount;
        }
        return brandOf;
    }

    private static CatalogProduct MakeProduct(int index, Brand[] brands, int brandIndex, bool anchor,
        ToyCategory[] categories, double[] colourWeights, SampleRandom random)
    {
        var brand = brands[brandIndex];
        // The anchor sits in the brand's home category, so every category shows up in the feed too.
        int category = anchor || brand.Categories.Length == 1 || random.Chance(0.65)
            ? brand.Categories[0]
            : brand.Categories[1 + random.Next(brand.Categories.Length - 1)];
        var shelf = categories[category];

        var (youngest, oldest) = AgeRange(shelf, random);
        string material = brand.HouseMaterial is { } house && shelf.Materials.Contains(house) && random.Chance(0.6)
            ? house
            : random.Pick(shelf.Materials);
        var (colours, shades) = Colours(brand, material, colourWeights, random);
        var (price, originalPrice) = ShelfPricing.Draw(shelf, brand.PriceTier, random);
        string noun = random.Pick(shelf.Nouns);
        string title = ProductCopywriter.Title(brand.Name, noun, shades[0], random);
        string description = ProductCopywriter.Description(shelf, noun, material, shades[0], youngest, oldest, random);

        return new CatalogProduct
        {
            Index = index,
            Id = (FirstProductId + index).ToString(CultureInfo.InvariantCulture),
            Title = title,
            Description = random.Chance(MissingDescription) ? null : description,
            Category = category,
            SecondCategory = SecondCategory(brand, category, categories, random),
            Brand = brandIndex,
            BrandListed = anchor || !random.Chance(MissingBrand),
            PriceCents = price,
            OriginalPriceCents = originalPrice,
            PricesAsText = random.Chance(PricesWrittenAsText),
            InStock = !random.Chance(OutOfStock),
            Colours = colours,
            Shades = shades,
            ColoursListed = !random.Chance(MissingColours),
            Youngest = youngest,
            Oldest = oldest,
            Material = material,
            Pieces = PieceCount(shelf, random),
            HasImages = !random.Chance(MissingImages),
        };
    }

    /// <summary>One or two adjacent age groups inside (or just next to) the category's range.</summary>
    private static (AgeGroup, AgeGroup) AgeRange(ToyCategory shelf, SampleRandom random)
    {
        var lo = shelf.Youngest;
        var hi = shelf.Oldest;
        if (lo == hi)
        {
            if (!random.Chance(0.25)) return (lo, lo);
            bool older = lo == AgeGroup.Newborn || (lo != AgeGroup.Kids && random.Chance(0.5));
            return older ? (lo, lo + 1) : (lo - 1, lo);
        }
        return random.NextDouble() switch { < 0.5 => (lo, hi), < 0.75 => (lo, lo), _ => (hi, hi) };
    }

    /// <summary>One colour (70%) or two; brands repeat their signature colour and wooden things are often natural wood.</summary>
    private static (int[], string[]) Colours(Brand brand, string material, double[] colourWeights, SampleRandom random)
    {
        int brown = ColourFamilies.Brown;
        bool wooden = material.Contains("Wood", StringComparison.Ordinal);
        int first = wooden && random.Chance(0.35) ? brown
            : random.Chance(0.4) ? brand.HouseColour
            : random.PickWeighted(colourWeights);
        string firstShade = first == brown && wooden ? "Natural Wood" : random.Pick(ColourFamilies.All[first].Shades);
        if (random.Chance(0.7)) return ([first], [firstShade]);
        int second = random.PickWeighted(colourWeights);
        if (second == first) second = (second + 1 + random.Next(ColourFamilies.All.Count - 1)) % ColourFamilies.All.Count;
        return ([first, second], [firstShade, random.Pick(ColourFamilies.All[second].Shades)]);
    }

    private static int SecondCategory(Brand brand, int category, ToyCategory[] categories, SampleRandom random)
    {
        if (!random.Chance(0.12)) return -1;
        foreach (int other in brand.Categories)
            if (other != category && random.Chance(0.5)) return other;
        // Otherwise a sibling shelf, e.g. a tea set also listed under Play Kitchens' neighbours.
        var siblings = Enumerable.Range(0, categories.Length)
            .Where(c => c != category && categories[c].Family == categories[category].Family).ToArray();
        return siblings.Length == 0 ? -1 : random.Pick(siblings);
    }

    private static int PieceCount(ToyCategory shelf, SampleRandom random) => shelf.Slug switch
    {
        var s when s.Contains("jigsaw", StringComparison.Ordinal) => random.Pick(PuzzlePieces),
        var s when s.Contains("blocks", StringComparison.Ordinal) || s.Contains("construction", StringComparison.Ordinal)
            => 10 * random.Between(2, 30),
        var s when s.Contains("trains", StringComparison.Ordinal) => random.Between(12, 80),
        _ => 0,
    };

    private static readonly int[] PuzzlePieces = [24, 35, 48, 60, 100, 150, 200];

    private static void MarkCheapProducts(CatalogProduct[] products, int categoryCount)
    {
        var prices = new List<long>[categoryCount];
        for (int c = 0; c < categoryCount; c++) prices[c] = [];
        foreach (var p in products) prices[p.Category].Add(p.PriceCents);
        var median = prices.Select(list => { list.Sort(); return list.Count == 0 ? 0 : list[list.Count / 2]; }).ToArray();
        foreach (var p in products) p.Cheap = p.PriceCents <= median[p.Category];
    }
}
