using System.Runtime.CompilerServices;
using Teddy.Catalog;
using Teddy.Recommenders;

namespace Teddy.Ranking;

/// <summary>What the shop rules need to know about a user, derived from their history: ages, colours, brands.</summary>
public sealed class UserTraits
{
    public ulong Seed { get; }
    /// <summary>Age groups (bit mask over the catalog's age group names) carrying a real share of the user's weight.</summary>
    public uint AgeGroups { get; }
    /// <summary>The user's most-interacted colours, sorted.</summary>
    public int[] Colors { get; }
    /// <summary>Brands the user interacted with, sorted.</summary>
    public int[] Brands { get; }

    private UserTraits(ulong seed, uint ageGroups, int[] colors, int[] brands)
    {
        Seed = seed;
        AgeGroups = ageGroups;
        Colors = colors;
        Brands = brands;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    public static UserTraits Of(in UserHistory user, ModelCatalog catalog, RankingOptions options)
    {
        var products = user.Products.Span;
        var weights = user.Weights.Span;
        Span<double> ageWeight = stackalloc double[ModelCatalog.MaxAgeGroups];
        var colorWeight = new Dictionary<int, double>();
        var brands = new List<int>(products.Length);
        double total = 0;
        for (int i = 0; i < products.Length; i++)
        {
            int p = products[i];
            double w = weights[i];
            total += w;
            uint mask = catalog.AgeGroups[p];
            for (int bit = 0; mask != 0; bit++, mask >>= 1)
                if ((mask & 1) != 0) ageWeight[bit] += w;
            foreach (int color in catalog.Colors(p)) colorWeight[color] = colorWeight.GetValueOrDefault(color) + w;
            if (catalog.Brand[p] >= 0) brands.Add(catalog.Brand[p]);
        }

        uint ages = 0;
        for (int bit = 0; bit < ModelCatalog.MaxAgeGroups; bit++)
            if (total > 0 && ageWeight[bit] > 0 && ageWeight[bit] >= options.AgeGroupMinShare * total) ages |= 1u << bit;
        var colors = colorWeight.OrderByDescending(c => c.Value).ThenBy(c => c.Key)
            .Take(options.UserColors).Select(c => c.Key).Order().ToArray();
        brands.Sort();
        return new UserTraits(UserSeed.For(user.UserId), ages, colors, brands.Distinct().ToArray());
    }
}
