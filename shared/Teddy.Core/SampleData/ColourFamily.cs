namespace Teddy.SampleData;

/// <summary>A colour family (the Retail API's <c>colorInfo.colorFamilies</c>) with the shade names a
/// product may list in <c>colorInfo.colors</c>, and the swatch colour the sample image endpoint can draw.</summary>
internal sealed record ColourFamily(string Name, string Hex, double Weight, string[] Shades)
{
    public string Slug { get; } = SampleImages.Slug(Name);
}

internal static class ColourFamilies
{
    /// <summary>Twelve families; the weights make bright and multi-coloured toys the common case.</summary>
    public static IReadOnlyList<ColourFamily> All { get; } =
    [
        new("Red", "#D93A3A", 1.0, ["Red", "Cherry", "Crimson"]),
        new("Orange", "#F08A24", 0.7, ["Orange", "Tangerine", "Coral"]),
        new("Yellow", "#F5C518", 0.9, ["Yellow", "Lemon", "Mustard"]),
        new("Green", "#4CA64C", 0.9, ["Green", "Mint", "Sage", "Olive"]),
        new("Blue", "#3A7BD5", 1.2, ["Blue", "Sky Blue", "Navy", "Teal"]),
        new("Purple", "#8E5CC4", 0.6, ["Purple", "Lavender", "Lilac"]),
        new("Pink", "#F27BAA", 1.0, ["Pink", "Blush", "Rose"]),
        new("Brown", "#9A6A3F", 0.8, ["Brown", "Natural Wood", "Caramel"]),
        new("White", "#F4F1EA", 0.9, ["White", "Cream", "Ivory"]),
        new("Gray", "#8A8F98", 0.7, ["Gray", "Charcoal", "Silver"]),
        new("Black", "#2B2B2B", 0.4, ["Black", "Jet Black"]),
        new("Multicolor", "#7FC8A9", 1.3, ["Multicolor", "Rainbow", "Bright Mix"]),
    ];

    /// <summary>Index of the family wooden products are so often listed in.</summary>
    public static int Brown { get; } = IndexOf("Brown");

    private static int IndexOf(string name)
    {
        for (int i = 0; i < All.Count; i++)
            if (All[i].Name == name) return i;
        throw new InvalidOperationException($"No colour family {name}.");
    }
}
