using Teddy.Artifacts;

namespace Teddy.Catalog;

/// <summary>
/// The catalog as a trained model carries it: column arrays indexed by product index (the same index as
/// every model's product axis), holding what serving, filters and shop rules read. Age groups are a bit
/// mask over <see cref="AgeGroupNames"/>; colours are a small id list per product, in feed order (the first is
/// the product's main colour). Products are primaries: variants roll up to them (see <see cref="Variants"/>),
/// and a variant's id resolves to its primary (<see cref="TryResolve"/>).
/// </summary>
public sealed class ModelCatalog
{
    public const int NoBrand = -1;
    public const int NoCategory = -1;
    /// <summary>Age groups beyond this many distinct values are ignored by the age rule (the Retail API defines five).</summary>
    public const int MaxAgeGroups = 32;
    /// <summary>An <see cref="Availability"/> value the feed gave that the Retail API does not define.</summary>
    public const sbyte UnknownAvailability = -1;

    public required string[] Ids { get; init; }
    /// <summary>What to show as each product's name: never empty (a product without a title has a readable fallback).</summary>
    public required string[] Titles { get; init; }
    public required string[] Descriptions { get; init; }
    public required int[] Brand { get; init; }
    public required string[] BrandNames { get; init; }
    public required int[] Category { get; init; }
    public required string[] CategoryPaths { get; init; }
    /// <summary>Current price; NaN when the feed gives none.</summary>
    public required float[] Price { get; init; }
    /// <summary>Price before the discount; NaN when none.</summary>
    public required float[] OriginalPrice { get; init; }
    public required float[] DiscountPercent { get; init; }
    /// <summary>In stock by the feed (an unknown availability counts as in stock, the API's default; serving may say otherwise).</summary>
    public required bool[] InStock { get; init; }
    /// <summary>Image URL, or "" when the product has none.</summary>
    public required string[] ImageUrl { get; init; }
    /// <summary>Product page URL, or "" when none.</summary>
    public required string[] Uri { get; init; }
    public required uint[] AgeGroups { get; init; }
    public required string[] AgeGroupNames { get; init; }
    /// <summary>Product p's colours are ColorIds[ColorPointers[p]..ColorPointers[p + 1]], main colour first.</summary>
    public required int[] ColorPointers { get; init; }
    public required int[] ColorIds { get; init; }
    public required string[] ColorNames { get; init; }
    public required float[] Completeness { get; init; }

    /// <summary>
    /// Per product, the Retail API availability number (0 unspecified, 1 in stock, 2 out of stock, 3 preorder,
    /// 4 backorder) or <see cref="UnknownAvailability"/>; null when every product's availability was a known value.
    /// </summary>
    public sbyte[]? Availability { get; init; }

    /// <summary>The products' variants (none when null).</summary>
    public ModelVariants? Variants { get; init; }

    private Dictionary<string, int>? _indexById;
    private Dictionary<string, (int Product, int Variant)>? _variantById;
    private Dictionary<string, int>? _missingPrimaryById;

    public int Count => Ids.Length;

    /// <summary>A product's index by its own id (variant ids are not products; see <see cref="TryResolve"/>).</summary>
    public bool TryGetIndex(string id, out int index)
    {
        _indexById ??= BuildIndex(Ids);
        return _indexById.TryGetValue(id, out index);
    }

    /// <summary>
    /// The product an id names: a product's own id (variant -1); a variant's id, giving its primary product and the
    /// variant's index in <see cref="Variants"/>; or the id of a primary missing from the feed, giving the variant
    /// standing in for it (variant -1).
    /// </summary>
    public bool TryResolve(string id, out int product, out int variant)
    {
        variant = -1;
        if (TryGetIndex(id, out product)) return true;
        _variantById ??= Variants?.IndexById() ?? [];
        if (_variantById.TryGetValue(id, out var found))
        {
            (product, variant) = found;
            return true;
        }
        _missingPrimaryById ??= Variants?.MissingPrimaryIndex() ?? [];
        if (_missingPrimaryById.TryGetValue(id, out product)) return true;
        product = -1;
        return false;
    }

    public bool IsAvailabilityUnknown(int product) => Availability is { } availability && availability[product] == UnknownAvailability;

    public ReadOnlySpan<int> Colors(int product) => ColorIds.AsSpan(ColorPointers[product], ColorPointers[product + 1] - ColorPointers[product]);

    public string BrandName(int product) => Brand[product] is var b && b >= 0 ? BrandNames[b] : "";

    public string CategoryPath(int product) => Category[product] is var c && c >= 0 ? CategoryPaths[c] : "";

    public IEnumerable<string> AgeGroupsOf(int product)
    {
        uint mask = AgeGroups[product];
        for (int bit = 0; bit < AgeGroupNames.Length; bit++)
            if ((mask & (1u << bit)) != 0) yield return AgeGroupNames[bit];
    }

    /// <summary>How many products carry each brand (the denominator of brand rarity).</summary>
    public int[] ProductsPerBrand()
    {
        var counts = new int[BrandNames.Length];
        foreach (int b in Brand) if (b >= 0) counts[b]++;
        return counts;
    }

    public void Write(ArtifactWriter writer)
    {
        writer.BeginSection("catalog");
        writer.Write(Ids); writer.Write(Titles); writer.Write(Descriptions);
        writer.Write(Brand); writer.Write(BrandNames);
        writer.Write(Category); writer.Write(CategoryPaths);
        writer.Write(Price); writer.Write(OriginalPrice); writer.Write(DiscountPercent); writer.Write(InStock);
        writer.Write(ImageUrl); writer.Write(Uri);
        writer.Write(AgeGroups); writer.Write(AgeGroupNames);
        writer.Write(ColorPointers); writer.Write(ColorIds); writer.Write(ColorNames);
        writer.Write(Completeness);
        // Added with variants (issue 6); a file written before ends here and reads as "all known, no variants".
        writer.Write(Availability ?? new sbyte[Count]);
        (Variants ?? ModelVariants.None(Count)).Write(writer);
        writer.EndSection();
    }

    public static ModelCatalog Read(ArtifactReader reader)
    {
        reader.BeginSection("catalog");
        var catalog = new ModelCatalog
        {
            Ids = reader.ReadStrings(), Titles = reader.ReadStrings(), Descriptions = reader.ReadStrings(),
            Brand = reader.ReadArray<int>(), BrandNames = reader.ReadStrings(),
            Category = reader.ReadArray<int>(), CategoryPaths = reader.ReadStrings(),
            Price = reader.ReadArray<float>(), OriginalPrice = reader.ReadArray<float>(), DiscountPercent = reader.ReadArray<float>(),
            InStock = reader.ReadArray<bool>(),
            ImageUrl = reader.ReadStrings(), Uri = reader.ReadStrings(),
            AgeGroups = reader.ReadArray<uint>(), AgeGroupNames = reader.ReadStrings(),
            ColorPointers = reader.ReadArray<int>(), ColorIds = reader.ReadArray<int>(), ColorNames = reader.ReadStrings(),
            Completeness = reader.ReadArray<float>(),
            Availability = reader.InSectionHasMore ? reader.ReadArray<sbyte>() : null,
            Variants = reader.InSectionHasMore ? ModelVariants.Read(reader) : null,
        };
        reader.EndSection();
        if (catalog.Availability is { } availability && availability.Length != catalog.Count)
            throw new InvalidArtifactException("The catalog's availability column does not match its products.");
        if (catalog.Variants is { } variants && variants.Pointers.Length != catalog.Count + 1)
            throw new InvalidArtifactException("The catalog's variant table does not match its products.");
        return catalog;
    }

    private static Dictionary<string, int> BuildIndex(string[] ids)
    {
        var index = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (int i = 0; i < ids.Length; i++) index[ids[i]] = i;
        return index;
    }
}
