using System.Text;

namespace Teddy.SampleData;

/// <summary>
/// The demo shop's product images are not files anywhere: each product points at
/// <c>/api/sample-images/{categorySlug}/{colourSlug}.svg</c>, which the app itself draws (a category
/// glyph on the colour's swatch). This class is the contract between the generator and that endpoint.
/// </summary>
public static class SampleImages
{
    public const string PathPrefix = "/api/sample-images/";

    /// <summary>
    /// Lower-case, each run of non-alphanumeric characters becomes one '-', no leading or trailing '-':
    /// "Toys > Building Blocks" becomes "toys-building-blocks".
    /// </summary>
    public static string Slug(string text)
    {
        var slug = new StringBuilder(text.Length);
        bool pendingDash = false;
        foreach (char c in text)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (pendingDash && slug.Length > 0) slug.Append('-');
                pendingDash = false;
                slug.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pendingDash = true;
            }
        }
        return slug.ToString();
    }

    /// <summary>The relative image URI for a category path and colour family name.</summary>
    public static string PathFor(string category, string colourFamily) =>
        $"{PathPrefix}{Slug(category)}/{Slug(colourFamily)}.svg";

    /// <summary>Every category slug an image URI can name, in catalog order.</summary>
    public static IReadOnlyList<string> CategorySlugs => Vocabulary.CategorySlugs;

    /// <summary>Every colour slug an image URI can name, with the swatch colour (#RRGGBB) to draw it in.</summary>
    public static IReadOnlyDictionary<string, string> ColourSwatches => Vocabulary.ColourSwatches;

    // Separate holder: the vocabularies call Slug while they initialise, so these lists must not be
    // built by SampleImages' own static constructor.
    private static class Vocabulary
    {
        public static readonly IReadOnlyList<string> CategorySlugs = ToyCategories.All.Select(c => c.Slug).ToArray();
        public static readonly IReadOnlyDictionary<string, string> ColourSwatches =
            ColourFamilies.All.ToDictionary(c => c.Slug, c => c.Hex);
    }
}
