using System.Text;

namespace Teddy.SampleData;

/// <summary>
/// Writes titles ("Dabdoob Money Box", "Pipkin Rainbow Stacking Cups - Mint") and 1-3 sentence
/// descriptions. Category nouns, materials and features dominate the wording, with shared openers and
/// closers around them, so text similarity groups products by what they are rather than by template.
/// </summary>
internal static class ProductCopywriter
{
    public static string Title(string brand, string noun, string shade, SampleRandom random) =>
        random.NextDouble() switch
        {
            < 0.20 => $"{brand} {noun}",
            < 0.75 => $"{brand} {random.Pick(ToyWords.TitleAdjectives)} {noun}",
            < 0.90 => $"{brand} {noun} - {shade}",
            _ => $"{brand} {random.Pick(ToyWords.TitleAdjectives)} {noun} - {shade}",
        };

    public static string Description(ToyCategory category, string noun, string material, string shade,
        AgeGroup youngest, AgeGroup oldest, SampleRandom random)
    {
        var text = new StringBuilder(256);
        string opener = random.Pick(ToyWords.Openers);
        if (IsPlural(noun)) opener = char.ToUpperInvariant(opener[opener.IndexOf(' ') + 1]) + opener[(opener.IndexOf(' ') + 2)..]; // "A sturdy" -> "Sturdy"
        text.Append(opener).Append(' ').Append(LowerCase(noun)).Append(' ')
            .Append(random.Pick(ToyWords.MadeFrom)).Append(' ').Append(LowerCase(material))
            .Append(" for ").Append(random.Pick(AgeGroups.Phrases(youngest, oldest))).Append('.');

        double sentences = random.NextDouble();
        bool features = sentences >= 0.15 && (sentences >= 0.55 || random.Chance(0.6));
        bool closer = sentences >= 0.55 || (sentences >= 0.15 && !features);
        if (features)
        {
            int first = random.Next(category.Features.Length);
            int second = (first + 1 + random.Next(category.Features.Length - 1)) % category.Features.Length;
            text.Append(' ').Append(random.Pick(ToyWords.FeatureLeads)).Append(' ')
                .Append(category.Features[first]).Append(" and ").Append(category.Features[second]).Append('.');
        }
        if (closer)
        {
            text.Append(' ');
            if (random.Chance(0.2))
                text.Append("Available in ").Append(LowerCase(shade)).Append('.');
            else if (youngest == AgeGroup.Kids && random.Chance(0.3))
                text.Append(random.Pick(ToyWords.KidsClosers));
            else
                text.Append(random.Pick(ToyWords.Closers));
        }
        return text.ToString();
    }

    /// <summary>"Stacking Rings", "Maracas" are plural; "Abacus", "Dress" are not.</summary>
    private static bool IsPlural(string noun) =>
        noun.EndsWith('s') && !noun.EndsWith("ss", StringComparison.Ordinal) && !noun.EndsWith("us", StringComparison.Ordinal);

    /// <summary>Lower-cases ordinary words but keeps acronyms ("RC", "3D") as written.</summary>
    private static string LowerCase(string phrase)
    {
        var words = phrase.Split(' ');
        for (int i = 0; i < words.Length; i++)
            if (words[i].Any(char.IsAsciiLetterLower)) words[i] = words[i].ToLowerInvariant();
        return string.Join(' ', words);
    }
}
