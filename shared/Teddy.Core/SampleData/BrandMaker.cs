namespace Teddy.SampleData;

/// <summary>Invents brands: a unique made-up name, a home category and up to two related ones, a
/// price tier, a house material and a signature colour.</summary>
internal static class BrandMaker
{
    public static Brand[] Make(ToyCategory[] categories, int count, SampleRandom random)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var brands = new Brand[count];
        var categoryWeights = categories.Select(c => c.Weight).ToArray();
        var colourWeights = ColourFamilies.All.Select(c => c.Weight).ToArray();
        for (int b = 0; b < count; b++)
        {
            string name = UniqueName(names, b, random);
            // The first brands take one category each, so every category has at least one brand.
            int home = b < categories.Length ? b : random.PickWeighted(categoryWeights);
            int[] owned = WithRelatedCategories(categories, home, random);
            double tier = random.NextDouble() switch { < 0.3 => 0.7, < 0.8 => 1.0, _ => 1.5 };
            string? material = random.Chance(0.6) ? random.Pick(categories[home].Materials) : null;
            int colour = random.PickWeighted(colourWeights);
            brands[b] = new Brand(name, owned, tier, material, colour);
        }
        return brands;
    }

    private static string UniqueName(HashSet<string> taken, int index, SampleRandom random)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            string name = random.Pick(ToyWords.BrandOnsets) + random.Pick(ToyWords.BrandCodas);
            if (random.Chance(0.3)) name += random.Pick(ToyWords.BrandSuffixes);
            if (taken.Add(name)) return name;
        }
        string fallback = random.Pick(ToyWords.BrandOnsets) + random.Pick(ToyWords.BrandCodas) + " " + (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        taken.Add(fallback);
        return fallback;
    }

    /// <summary>Home first, then 0-2 more, preferring siblings (same family), then the same department,
    /// and categories for similar ages: a bottle brand may also make bibs, rarely ride-on cars.</summary>
    private static int[] WithRelatedCategories(ToyCategory[] categories, int home, SampleRandom random)
    {
        int extra = random.NextDouble() switch { < 0.45 => 0, < 0.8 => 1, _ => 2 };
        var owned = new List<int> { home };
        var weights = new double[categories.Length];
        for (int n = 0; n < extra; n++)
        {
            for (int c = 0; c < categories.Length; c++)
            {
                if (owned.Contains(c)) { weights[c] = 0; continue; }
                var candidate = categories[c];
                var anchor = categories[home];
                double kinship = candidate.Family == anchor.Family ? 4 : candidate.Department == anchor.Department ? 1 : 0.1;
                bool agesMeet = candidate.Youngest <= anchor.Oldest + 1 && anchor.Youngest <= candidate.Oldest + 1;
                weights[c] = candidate.Weight * kinship * (agesMeet ? 1 : 0.2);
            }
            int pick = random.PickWeighted(weights);
            if (pick < 0) break;
            owned.Add(pick);
        }
        return owned.ToArray();
    }
}
