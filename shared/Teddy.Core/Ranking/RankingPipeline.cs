using Teddy.Catalog;
using Teddy.Recommenders;

namespace Teddy.Ranking;

/// <summary>A product in a final list: its score after the shop rules, which models it came from, and whether it only filled a short list.</summary>
public readonly record struct RankedProduct(int Product, float Score, RecommendationSources Sources, bool IsFill);

/// <summary>
/// The one ranking pipeline every recommender's candidates go through: model scores are scaled by the list's
/// best score, multiplied by the shop rules' factors, then the list is filled for brand diversity in two phases — first
/// the best product of as many distinct brands as fit, then the remaining slots by score with at most
/// <see cref="RankingOptions.MaxPerBrand"/> per brand — preferring colours not yet in the list. Fill
/// candidates (popular products) are used only when the model's own cannot fill the list, and the brand
/// cap yields only when honouring it would leave the list short.
/// </summary>
public sealed class RankingPipeline(ModelCatalog catalog, RankingOptions options)
{
    public ShopRules Rules { get; } = new(catalog, options);
    public RankingOptions Options => options;

    /// <summary>How many candidates to ask a model for, for a list of <paramref name="count"/>.</summary>
    public int CandidateCount(int count) => Math.Max(count, count * options.CandidateMultiplier);

    public RankedProduct[] Rank(in UserHistory user, ReadOnlySpan<ScoredProduct> candidates, ReadOnlySpan<ScoredProduct> fill, int count)
    {
        var traits = UserTraits.Of(user, catalog, options);
        var main = Adjusted(candidates, traits, isFill: false);
        var extra = Adjusted(fill, traits, isFill: true);

        var selected = new List<Pending>(count);
        var brandCounts = new Dictionary<int, int>();
        var colorCounts = new Dictionary<int, int>();
        // Distinct brands first, then up to the cap, then (only if still short) regardless of the cap.
        foreach (int brandLimit in new[] { 1, Math.Max(1, options.MaxPerBrand), int.MaxValue })
        {
            Fill(main, selected, brandCounts, colorCounts, brandLimit, count);
            Fill(extra, selected, brandCounts, colorCounts, brandLimit, count);
            if (selected.Count == count) break;
        }
        return selected
            .OrderBy(p => p.IsFill).ThenByDescending(p => p.Score).ThenBy(p => p.Product)
            .Select(p => new RankedProduct(p.Product, (float)p.Score, p.Sources, p.IsFill))
            .ToArray();
    }

    private sealed class Pending(int product, double score, RecommendationSources sources, bool isFill)
    {
        public int Product { get; } = product;
        public double BaseScore { get; } = score;
        public double Score { get; set; } = score;
        public RecommendationSources Sources { get; } = sources;
        public bool IsFill { get; } = isFill;
        public bool Taken { get; set; }
    }

    /// <summary>
    /// Scales a candidate list by its best score, so the best is 1 and the others keep their ratio to it (the
    /// rules' factors then mean the same for every model), and applies the rule factors; drops what the
    /// rules exclude. Scores at or below zero (possible for SVD) keep a small floor, below every positive one.
    /// </summary>
    private List<Pending> Adjusted(ReadOnlySpan<ScoredProduct> candidates, UserTraits traits, bool isFill)
    {
        const double Floor = 0.01;
        var result = new List<Pending>(candidates.Length);
        if (candidates.IsEmpty) return result;
        float max = float.MinValue;
        foreach (var c in candidates) max = Math.Max(max, c.Score);
        foreach (var c in candidates)
        {
            if (Rules.Excludes(c.Product, traits)) continue;
            double normalised = max > 0 ? Math.Max(Floor, c.Score / max) : 1.0;
            result.Add(new Pending(c.Product, normalised * Rules.Factor(c.Product, traits), c.Sources, isFill));
        }
        return result;
    }

    /// <summary>Greedy fill: repeatedly takes the best remaining candidate the brand limit allows, with colour repeats discounted.</summary>
    private void Fill(List<Pending> pool, List<Pending> selected, Dictionary<int, int> brandCounts, Dictionary<int, int> colorCounts,
        int brandLimit, int count)
    {
        while (selected.Count < count)
        {
            Pending? best = null;
            double bestScore = double.MinValue;
            foreach (var candidate in pool)
            {
                if (candidate.Taken) continue;
                int brand = catalog.Brand[candidate.Product];
                if (brand >= 0 && brandCounts.GetValueOrDefault(brand) >= brandLimit) continue;
                double score = candidate.BaseScore * ColorVariety(candidate.Product, colorCounts);
                if (score > bestScore || (score == bestScore && best is not null && candidate.Product < best.Product))
                {
                    best = candidate;
                    bestScore = score;
                }
            }
            if (best is null) return;
            best.Taken = true;
            best.Score = bestScore;
            selected.Add(best);
            int chosenBrand = catalog.Brand[best.Product];
            if (chosenBrand >= 0) brandCounts[chosenBrand] = brandCounts.GetValueOrDefault(chosenBrand) + 1;
            if (MainColor(best.Product) is int color) colorCounts[color] = colorCounts.GetValueOrDefault(color) + 1;
        }
    }

    private double ColorVariety(int product, Dictionary<int, int> colorCounts) =>
        MainColor(product) is int color && colorCounts.GetValueOrDefault(color) is var repeats && repeats > 0
            ? Math.Pow(options.ColorRepeatPenalty, repeats)
            : 1.0;

    private int? MainColor(int product)
    {
        var colors = catalog.Colors(product);
        return colors.IsEmpty ? null : colors[0];
    }
}
