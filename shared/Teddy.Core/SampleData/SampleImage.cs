using System.Globalization;
using System.Security;
using System.Text;

namespace Teddy.SampleData;

/// <summary>
/// Draws the demo catalog's product pictures: a tile in the product's colour with a shape and label chosen
/// by its category. Deterministic, tiny, and needs no network, so the demo page has images offline.
/// </summary>
public static class SampleImage
{
    private static readonly Dictionary<string, string> Palette = new(StringComparer.Ordinal)
    {
        ["red"] = "#e53935", ["blue"] = "#1e88e5", ["green"] = "#43a047", ["yellow"] = "#fdd835",
        ["orange"] = "#fb8c00", ["pink"] = "#ec407a", ["purple"] = "#8e24aa", ["white"] = "#f5f5f5",
        ["black"] = "#212121", ["grey"] = "#9e9e9e", ["gray"] = "#9e9e9e", ["brown"] = "#795548",
        ["beige"] = "#d7ccc8", ["multicolor"] = "#26a69a", ["multicolour"] = "#26a69a", ["turquoise"] = "#26c6da",
        ["navy"] = "#1a237e", ["gold"] = "#ffb300", ["silver"] = "#bdbdbd", ["cream"] = "#fff8e1",
    };

    private static readonly string[] Shapes =
    [
        "<circle cx='100' cy='88' r='42'/>",
        "<rect x='58' y='46' width='84' height='84' rx='14'/>",
        "<polygon points='100,40 146,128 54,128'/>",
        "<polygon points='100,38 112,74 150,74 119,96 131,132 100,110 69,132 81,96 50,74 88,74'/>",
        "<path d='M100 132 L60 92 A24 24 0 0 1 100 60 A24 24 0 0 1 140 92 Z'/>",
    ];

    public static bool IsSlug(string value) =>
        value.Length is > 0 and <= 80 && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    /// <summary>lower-case, runs of anything but letters and digits become '-': "Toys &gt; Puzzles" → "toys-puzzles".</summary>
    public static string Slug(string text)
    {
        var slug = new StringBuilder(text.Length);
        foreach (char c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }
        return slug.ToString().Trim('-');
    }

    public static string Svg(string categorySlug, string colorSlug)
    {
        string fill = Palette.GetValueOrDefault(colorSlug) ?? HashColor(colorSlug);
        string shape = Shapes[(int)(Fnv(categorySlug) % (uint)Shapes.Length)];
        string label = SecurityElement.Escape(categorySlug.Replace('-', ' '));
        bool dark = fill is "#212121" or "#1a237e" or "#8e24aa" or "#795548";
        string ink = dark ? "#ffffff" : "#37474f";
        return "<svg xmlns='http://www.w3.org/2000/svg' width='200' height='200' viewBox='0 0 200 200'>"
            + $"<rect width='200' height='200' rx='18' fill='{fill}'/>"
            + $"<g fill='{ink}' fill-opacity='0.35'>{shape}</g>"
            + $"<text x='100' y='170' font-family='sans-serif' font-size='13' text-anchor='middle' fill='{ink}'>{label}</text>"
            + "</svg>";
    }

    private static string HashColor(string text)
    {
        uint h = Fnv(text);
        return string.Create(CultureInfo.InvariantCulture, $"hsl({h % 360},55%,60%)");
    }

    private static uint Fnv(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text) hash = (hash ^ c) * 16777619;
        return hash;
    }
}
