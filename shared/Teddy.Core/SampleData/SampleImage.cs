using System.Globalization;
using System.Security;

namespace Teddy.SampleData;

/// <summary>
/// Draws the demo catalog's product pictures (the paths <see cref="SampleImages"/> writes): a tile in the
/// product's colour swatch with a shape and label chosen by its category. Deterministic, tiny, and needs
/// no network, so the demo page has images offline.
/// </summary>
public static class SampleImage
{
    private static readonly string[] Shapes =
    [
        "<circle cx='100' cy='88' r='42'/>",
        "<rect x='58' y='46' width='84' height='84' rx='14'/>",
        "<polygon points='100,40 146,128 54,128'/>",
        "<polygon points='100,38 112,74 150,74 119,96 131,132 100,110 69,132 81,96 50,74 88,74'/>",
        "<path d='M100 132 L60 92 A24 24 0 0 1 100 60 A24 24 0 0 1 140 92 Z'/>",
    ];

    /// <summary>The longest category or colour slug an image path may name, in characters (the generator's are under 40).</summary>
    public const int MaxSlugLength = 80;

    /// <summary>Whether <paramref name="value"/> is a slug: 1 to <see cref="MaxSlugLength"/> lower-case ASCII letters, digits and '-'.</summary>
    public static bool IsSlug(string value) =>
        value.Length is > 0 and <= MaxSlugLength && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    public static string Svg(string categorySlug, string colorSlug)
    {
        string fill = SampleImages.ColourSwatches.GetValueOrDefault(colorSlug) ?? HashColor(colorSlug);
        string shape = Shapes[(int)(Fnv(categorySlug) % (uint)Shapes.Length)];
        string label = SecurityElement.Escape(categorySlug.Replace('-', ' '));
        string ink = IsDark(fill) ? "#ffffff" : "#37474f";
        return "<svg xmlns='http://www.w3.org/2000/svg' width='200' height='200' viewBox='0 0 200 200'>"
            + $"<rect width='200' height='200' rx='18' fill='{fill}'/>"
            + $"<g fill='{ink}' fill-opacity='0.35'>{shape}</g>"
            + $"<text x='100' y='170' font-family='sans-serif' font-size='13' text-anchor='middle' fill='{ink}'>{label}</text>"
            + "</svg>";
    }

    private static bool IsDark(string fill) =>
        fill.Length == 7 && fill[0] == '#'
        && int.TryParse(fill.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int rgb)
        && 0.299 * (rgb >> 16) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF) < 110;

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
