using Teddy.Artifacts;

namespace Teddy.Catalog;

/// <summary>
/// The variants of a model's products (Retail API products of type VARIANT), as columns: product p's variants are
/// [Pointers[p], Pointers[p + 1]) in feed order. Shown with their primary (the product endpoint); never served as
/// products of their own. Colours and sizes are display lists.
/// </summary>
public sealed class ModelVariants
{
    public required int[] Pointers { get; init; }
    public required string[] Ids { get; init; }
    public required string[] Titles { get; init; }
    /// <summary>NaN when the variant has no price.</summary>
    public required float[] Price { get; init; }
    /// <summary>Retail API availability numbers, or <see cref="ModelCatalog.UnknownAvailability"/>.</summary>
    public required sbyte[] Availability { get; init; }
    /// <summary>"" when the variant has no image.</summary>
    public required string[] ImageUrl { get; init; }
    public required string[][] Colors { get; init; }
    public required string[][] Sizes { get; init; }

    /// <summary>Ids of primaries missing from the feed, each resolving to <see cref="MissingPrimaryProducts"/> (the variant standing in).</summary>
    public string[] MissingPrimaryIds { get; init; } = [];
    public int[] MissingPrimaryProducts { get; init; } = [];

    public int Count => Ids.Length;

    /// <summary>The variant indices of product <paramref name="product"/>, in feed order.</summary>
    public IEnumerable<int> Of(int product) => Enumerable.Range(Pointers[product], Pointers[product + 1] - Pointers[product]);

    public static ModelVariants None(int products) => new()
    {
        Pointers = new int[products + 1], Ids = [], Titles = [], Price = [], Availability = [], ImageUrl = [], Colors = [], Sizes = [],
    };

    /// <summary>The product a missing primary's id stands for (the variant standing in for it), if the id is one.</summary>
    internal Dictionary<string, int> MissingPrimaryIndex()
    {
        var index = new Dictionary<string, int>(MissingPrimaryIds.Length, StringComparer.Ordinal);
        for (int i = 0; i < MissingPrimaryIds.Length; i++) index.TryAdd(MissingPrimaryIds[i], MissingPrimaryProducts[i]);
        return index;
    }

    /// <summary>Variant id → (its product, its index here).</summary>
    internal Dictionary<string, (int Product, int Variant)> IndexById()
    {
        var index = new Dictionary<string, (int, int)>(Ids.Length, StringComparer.Ordinal);
        for (int p = 0; p + 1 < Pointers.Length; p++)
            for (int v = Pointers[p]; v < Pointers[p + 1]; v++)
                index.TryAdd(Ids[v], (p, v));
        return index;
    }

    public void Write(ArtifactWriter writer)
    {
        writer.Write(Pointers); writer.Write(Ids); writer.Write(Titles); writer.Write(Price); writer.Write(Availability); writer.Write(ImageUrl);
        WriteLists(writer, Colors);
        WriteLists(writer, Sizes);
        writer.Write(MissingPrimaryIds);
        writer.Write(MissingPrimaryProducts);
    }

    public static ModelVariants Read(ArtifactReader reader) => new()
    {
        Pointers = reader.ReadArray<int>(), Ids = reader.ReadStrings(), Titles = reader.ReadStrings(), Price = reader.ReadArray<float>(),
        Availability = reader.ReadArray<sbyte>(), ImageUrl = reader.ReadStrings(), Colors = ReadLists(reader), Sizes = ReadLists(reader),
        MissingPrimaryIds = reader.ReadStrings(), MissingPrimaryProducts = reader.ReadArray<int>(),
    };

    private static void WriteLists(ArtifactWriter writer, string[][] lists)
    {
        writer.Write(lists.Select(list => list.Length).ToArray());
        writer.Write(lists.SelectMany(list => list).ToArray());
    }

    private static string[][] ReadLists(ArtifactReader reader)
    {
        int[] lengths = reader.ReadArray<int>();
        string[] values = reader.ReadStrings();
        var lists = new string[lengths.Length][];
        int next = 0;
        for (int i = 0; i < lengths.Length; i++)
        {
            if (lengths[i] < 0 || next + lengths[i] > values.Length) throw new InvalidArtifactException("A variant list is out of range.");
            lists[i] = values[next..(next + lengths[i])];
            next += lengths[i];
        }
        return lists;
    }
}
