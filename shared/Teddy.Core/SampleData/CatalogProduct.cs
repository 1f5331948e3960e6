namespace Teddy.SampleData;

/// <summary>
/// One generated product: what the feed says about it and what it hides. A product always has a
/// brand and colours internally (shoppers react to them), even when the feed line leaves them out
/// the way messy real feeds do (<see cref="BrandListed"/>, <see cref="ColoursListed"/>).
/// </summary>
internal sealed class CatalogProduct
{
    public required int Index { get; init; }
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string? Description { get; init; }

    /// <summary>Index into the catalog's categories; the product's primary (first listed) category.</summary>
    public required int Category { get; init; }

    /// <summary>A second listed category, or -1.</summary>
    public required int SecondCategory { get; init; }

    public required int Brand { get; init; }
    public required bool BrandListed { get; init; }

    public required long PriceCents { get; init; }

    /// <summary>The pre-discount price, or 0 when the product is not on sale.</summary>
    public required long OriginalPriceCents { get; init; }

    /// <summary>Whether the feed writes the prices as numeric strings ("12.99") rather than numbers.</summary>
    public required bool PricesAsText { get; init; }

    public required bool InStock { get; init; }

    /// <summary>Indices into <see cref="ColourFamilies.All"/>, one or two.</summary>
    public required int[] Colours { get; init; }

    /// <summary>Shade names parallel to <see cref="Colours"/>.</summary>
    public required string[] Shades { get; init; }

    public required bool ColoursListed { get; init; }
    public required AgeGroup Youngest { get; init; }
    public required AgeGroup Oldest { get; init; }
    public required string Material { get; init; }

    /// <summary>Piece count for sets where buyers care (blocks, puzzles, tracks), else 0.</summary>
    public required int Pieces { get; init; }

    public required bool HasImages { get; init; }

    public bool Discounted => OriginalPriceCents > PriceCents;

    /// <summary>Relative chance of being looked at: Zipf over a random rank, damped when out of stock.</summary>
    public double Popularity { get; set; }

    /// <summary>Priced at or below its category's median; price-sensitive shoppers lean towards these.</summary>
    public bool Cheap { get; set; }

    public int AgeDistance(AgeGroup age) => age < Youngest ? Youngest - age : age > Oldest ? age - Oldest : 0;

    public bool HasColour(int colour) => Array.IndexOf(Colours, colour) >= 0;
}
