namespace Teddy.SampleData;

/// <summary>
/// One category of the demo shop with everything that makes its products look like they belong
/// there: who it is for, what it costs, what the things are called, what they are made of and what
/// the copy says about them. Category-specific nouns and features are what give TF-IDF over titles
/// and descriptions something real to find.
/// </summary>
internal sealed class ToyCategory
{
    public ToyCategory(string path, AgeGroup youngest, AgeGroup oldest, int minPrice, int maxPrice, double weight,
        string nouns, string materials, string features)
    {
        Path = path;
        Slug = SampleImages.Slug(path);
        Youngest = youngest;
        Oldest = oldest;
        MinPriceCents = minPrice * 100L;
        MaxPriceCents = maxPrice * 100L;
        Weight = weight;
        Nouns = nouns.Split('|');
        Materials = materials.Split('|');
        Features = features.Split('|');
        int lastSeparator = path.LastIndexOf(" > ", StringComparison.Ordinal);
        Family = lastSeparator < 0 ? path : path[..lastSeparator];
        int firstSeparator = path.IndexOf(" > ", StringComparison.Ordinal);
        Department = firstSeparator < 0 ? path : path[..firstSeparator];
    }

    /// <summary>The Retail API category string, levels separated by " > ".</summary>
    public string Path { get; }
    public string Slug { get; }

    /// <summary>Top level ("Baby", "Toys", "Kids Room").</summary>
    public string Department { get; }

    /// <summary>The path without its last level ("Baby > Feeding"); siblings share it.</summary>
    public string Family { get; }

    public AgeGroup Youngest { get; }
    public AgeGroup Oldest { get; }
    public long MinPriceCents { get; }
    public long MaxPriceCents { get; }

    /// <summary>Relative size of the category in the catalog (more brands pick it as home).</summary>
    public double Weight { get; }

    public string[] Nouns { get; }
    public string[] Materials { get; }

    /// <summary>Noun phrases that read after "It features" / "Comes with".</summary>
    public string[] Features { get; }

    /// <summary>0 when <paramref name="age"/> is one of the category's ages, else how many groups away.</summary>
    public int AgeDistance(AgeGroup age) =>
        age < Youngest ? Youngest - age : age > Oldest ? age - Oldest : 0;
}
