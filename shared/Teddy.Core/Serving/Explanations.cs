using System.Globalization;
using Teddy.Catalog;
using Teddy.Learning;
using Teddy.Ranking;
using Teddy.Recommenders;

namespace Teddy.Serving;

/// <summary>
/// Each final item's <c>reason</c>: one short sentence a shopper understands, derived from what actually scored the
/// item, never from something that did not contribute. Computed for the final k items only.
/// <para>The main clause, first that applies:</para>
/// <list type="number">
/// <item>A personal model scored it from the shopper's history: the history product whose term in the model's score
/// is the largest (<see cref="IHistoryContributions"/>, the largest positive share) — content and EASE "Because you viewed X"
/// (EASE's score is Σ over the history of B[h, p], so the share is exact), item-kNN "Shoppers who viewed X also viewed this",
/// collaborative "Shoppers who liked X also liked this". A hybrid item is explained by its content part when content
/// contributed to it, else by its collaborative part (SVD, item-kNN or EASE, in that part's words).</item>
/// <item>The familiar-brand reward raised it: "More from B, a brand you like".</item>
/// <item>Brand learning raised it (its brand is <c>high_ctr</c>): "Shoppers often pick B".</item>
/// <item>A popular product (cold start or fill) whose age groups the age rule matched with the shopper's: "Popular for toddlers".</item>
/// <item>The discount boost raised it: "20% off" (and then no suffix).</item>
/// <item>A popular product: "Trending now".</item>
/// </list>
/// When the discount boost raised an item whose main clause is another, " — 20% off" is appended.
/// Similar-items lists name the anchor: "Similar to X" (content), "Often viewed with X" (item-kNN), "Shoppers who
/// liked X also liked this" (collaborative), "Popular in Puzzles" (popularity: the anchor's category).
/// </summary>
public sealed class Explanations(ModelCatalog catalog, ShopRules rules)
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>Reasons for a shopper's list made by <paramref name="recommender"/> (the popularity model for cold start).</summary>
    public string[] ForUser(IReadOnlyList<RankedProduct> ranked, IRecommender recommender, in UserHistory user, UserTraits traits,
        LearnedBrands? brands)
    {
        var contributors = new int[ranked.Count];
        var parts = new RecommendationSources[ranked.Count];
        Array.Fill(contributors, -1);
        if (recommender is HybridRecommender hybrid)
        {
            // Content explains the items it contributed to; the collaborative part (SVD, item-kNN or EASE: its items carry
            // that model's source) the rest of the hybrid's own.
            Attribute(hybrid.Content, RecommendationSources.Content, ranked, user, contributors, parts,
                r => (r.Sources & RecommendationSources.Content) != 0);
            if (hybrid.Collaborative is { } collaborative)
            {
                var source = SourceOf(collaborative.Method);
                Attribute(collaborative, source, ranked, user, contributors, parts, r => (r.Sources & source) != 0);
            }
        }
        else if (recommender is IHistoryContributions)
            Attribute(recommender, SourceOf(recommender.Method), ranked, user, contributors, parts, _ => true);

        var reasons = new string[ranked.Count];
        for (int i = 0; i < reasons.Length; i++)
        {
            var item = ranked[i];
            int p = item.Product;
            string? main = contributors[i] >= 0 ? HistoryClause(parts[i], catalog.Titles[contributors[i]]) : null;
            bool popular = item.IsFill || item.Sources == RecommendationSources.Popular;
            main ??= BrandClause(p, traits, brands)
                ?? (popular ? AgeClause(p, traits) : null);
            reasons[i] = WithDiscount(main, p, popular ? "Trending now" : "Picked for your tastes");
        }
        return reasons;
    }

    /// <summary>Reasons for products similar to <paramref name="anchor"/>, from the sources that put each in the list.</summary>
    public string[] ForSimilar(IReadOnlyList<RankedProduct> ranked, int anchor)
    {
        string title = catalog.Titles[anchor];
        var reasons = new string[ranked.Count];
        for (int i = 0; i < reasons.Length; i++)
        {
            var item = ranked[i];
            string? main = item.IsFill || item.Sources == RecommendationSources.Popular ? CategoryClause(item.Product)
                : (item.Sources & RecommendationSources.Content) != 0 ? $"Similar to {title}"
                : (item.Sources & RecommendationSources.ItemKnn) != 0 ? $"Often viewed with {title}"
                : (item.Sources & (RecommendationSources.Collaborative | RecommendationSources.Ease)) != 0 ? $"Shoppers who liked {title} also liked this"
                : null;
            reasons[i] = WithDiscount(main, item.Product, "Trending now");
        }
        return reasons;
    }

    private void Attribute(IRecommender? part, RecommendationSources source, IReadOnlyList<RankedProduct> ranked, in UserHistory user,
        int[] contributors, RecommendationSources[] parts, Func<RankedProduct, bool> explains)
    {
        if (part is not IHistoryContributions history) return;
        var at = new List<int>(ranked.Count);
        for (int i = 0; i < ranked.Count; i++)
            if (!ranked[i].IsFill && contributors[i] < 0 && explains(ranked[i])) at.Add(i);
        if (at.Count == 0) return;
        var products = at.Select(i => ranked[i].Product).ToArray();
        var found = new int[products.Length];
        history.StrongestContributors(user, products, found);
        for (int k = 0; k < at.Count; k++)
            if (found[k] >= 0) (contributors[at[k]], parts[at[k]]) = (found[k], source);
    }

    /// <summary>The source flag a model's items carry (the imported ALS scores as the collaborative model does).</summary>
    private static RecommendationSources SourceOf(string method) => method switch
    {
        RecommenderMethods.Content => RecommendationSources.Content,
        RecommenderMethods.ItemKnn => RecommendationSources.ItemKnn,
        RecommenderMethods.Ease => RecommendationSources.Ease,
        _ => RecommendationSources.Collaborative,
    };

    private static string HistoryClause(RecommendationSources part, string title) => part switch
    {
        RecommendationSources.Content or RecommendationSources.Ease => $"Because you viewed {title}",
        RecommendationSources.Collaborative => $"Shoppers who liked {title} also liked this",
        _ => $"Shoppers who viewed {title} also viewed this",
    };

    private string? BrandClause(int product, UserTraits traits, LearnedBrands? brands)
    {
        string brand = catalog.BrandName(product);
        if (brand.Length == 0) return null;
        if (rules.Options.FamiliarBrandBoost > 0 && rules.IsFamiliarBrand(product, traits)) return $"More from {brand}, a brand you like";
        if (rules.LearnedBrandFactor(product, brands) > 1) return $"Shoppers often pick {brand}";
        return null;
    }

    /// <summary>The age rule contributed when it is on (a demotion below 1, or the filter) and the ages matched.</summary>
    private string? AgeClause(int product, UserTraits traits)
    {
        bool ruleOn = rules.Options.AgeMismatch == AgeMismatch.Filter || rules.Options.AgeMismatchFactor < 1;
        if (!ruleOn || !rules.IsAgeMatch(product, traits)) return null;
        uint shared = catalog.AgeGroups[product] & traits.AgeGroups;
        int bit = System.Numerics.BitOperations.TrailingZeroCount(shared);
        return bit < catalog.AgeGroupNames.Length ? $"Popular for {AgeLabel(catalog.AgeGroupNames[bit])}" : null;
    }

    private string CategoryClause(int product)
    {
        string path = catalog.CategoryPath(product);
        int last = path.LastIndexOf('>');
        string leaf = (last >= 0 ? path[(last + 1)..] : path).Trim();
        return leaf.Length > 0 ? $"Popular in {leaf}" : "Trending now";
    }

    /// <summary>The main clause with the discount appended when the discount boost raised the item; the discount alone, or the fallback, without one.</summary>
    private string WithDiscount(string? main, int product, string fallback)
    {
        int percent = rules.DiscountFactor(product) > 1 ? (int)Math.Round(catalog.DiscountPercent[product], MidpointRounding.AwayFromZero) : 0;
        string? discount = percent >= 1 ? string.Format(Culture, "{0}% off", percent) : null;
        return (main, discount) switch
        {
            ({ } m, { } d) => $"{m} — {d}",
            ({ } m, null) => m,
            (null, { } d) => d,
            _ => fallback,
        };
    }

    /// <summary>The Retail API's age groups as a shopper reads them.</summary>
    public static string AgeLabel(string ageGroup) => ageGroup.ToLowerInvariant() switch
    {
        "newborn" => "newborns",
        "infant" => "infants",
        "toddler" => "toddlers",
        "kids" => "kids",
        "adult" => "adults",
        _ => ageGroup,
    };
}
