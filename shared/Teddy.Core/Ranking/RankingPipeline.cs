using System.Runtime.CompilerServices;
using Teddy.Catalog;
using Teddy.Learning;
using Teddy.Recommenders;

namespace Teddy.Ranking;

/// <summary>
/// A product in a final list: its score after the shop rules, which models it came from, whether it only filled a
/// short list, and the score the model (or the fill) gave it before the rules (<paramref name="ModelScore"/>, on the
/// model's own scale: for the hybrid, the fused score).
/// </summary>
public readonly record struct RankedProduct(int Product, float Score, RecommendationSources Sources, bool IsFill, float ModelScore = 0);

/// <summary>
/// The one ranking pipeline every recommender's candidates go through: model scores are scaled by the list's
/// best score, multiplied by the shop rules' factors (and the learned brand factor, when given), then the list is filled for brand diversity in two phases — first
/// the best product of as many distinct brands as fit, then the remaining slots by score with at most
/// <see cref="RankingOptions.MaxPerBrand"/> per brand — with at most <see cref="RankingOptions.MaxCategoryShare"/> of the
/// list per category, preferring colours not yet in the list. Fill candidates (popular products) are used only when the
/// model's own cannot fill the list, and the caps yield (the category cap first, then the brand cap) only when honouring
/// them would leave the list short.
/// Every list this returns names each product at most once (a product both the model and the fill offer
/// counts as the model's; when too few products qualify the list is shorter), and its scores never increase
/// down the list: model items come first, best first, and fill items follow, scaled so the best of them
/// scores no more than the last model item.
/// </summary>
public sealed class RankingPipeline(ModelCatalog catalog, RankingOptions options)
{
    public ShopRules Rules { get; } = new(catalog, options);
    public RankingOptions Options => options;

    /// <summary>
    /// The per-brand cap a model's candidates are selected under (<see cref="RankingOptions.MaxPerBrand"/>, null when it is
    /// off or <see cref="RankingOptions.CapCandidateBrands"/> is false). Why: the brand-first fill can only spread a list
    /// over the brands its candidates hold; a model whose best scores crowd into the shopper's few brands (content: brand
    /// names are in the text) handed it 60 candidates of ~19 brands, so lists repeated brands after the cut. Capping
    /// while selecting digs past the crowded brands instead.
    /// </summary>
    public BrandCap? CandidateBrandCap() =>
        options.CapCandidateBrands && options.MaxPerBrand is > 0 and < int.MaxValue && catalog.BrandNames.Length > 0
            ? new BrandCap(catalog.Brand, catalog.BrandNames.Length, options.MaxPerBrand)
            : null;

    /// <summary>
    /// The per-category cap a model's candidates are selected under (<see cref="RankingOptions.MaxCategoryShare"/> of the
    /// candidates; null when it is 1 or the catalog has no categories). Why: content's best scores crowd into the shopper's
    /// one category (its words are in the text), so its 3k candidates were often all of one category and the list could
    /// hold no other, whatever the ranking did; the list's own cap (<see cref="RankingOptions.MaxCategoryShare"/> of k) needs
    /// candidates of other categories to act.
    /// </summary>
    public CategoryCap? CandidateCategoryCap() =>
        options.MaxCategoryShare is > 0 and < 1 && catalog.CategoryPaths.Length > 0
            ? new CategoryCap(catalog.Category, catalog.CategoryPaths.Length, options.MaxCategoryShare)
            : null;

    /// <summary>How many candidates to ask a model for, for a list of <paramref name="count"/>.</summary>
    public int CandidateCount(int count) => Math.Max(count, count * options.CandidateMultiplier);

    public RankedProduct[] Rank(in UserHistory user, ReadOnlySpan<ScoredProduct> candidates, ReadOnlySpan<ScoredProduct> fill, int count) =>
        Rank(UserTraits.Of(user, catalog, options), candidates, fill, count);

    /// <summary>
    /// Ranks for a user whose traits are already known, with the brands' learned click-through factors
    /// (<paramref name="brands"/>, null for none): one more rule factor, so it moves a brand up or down but never
    /// excludes it. <paramref name="capCategories"/> false leaves the category cap out (similar-items lists, where the
    /// anchor's category is part of the likeness asked for).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    public RankedProduct[] Rank(UserTraits traits, ReadOnlySpan<ScoredProduct> candidates, ReadOnlySpan<ScoredProduct> fill, int count,
        LearnedBrands? brands = null, bool capCategories = true)
    {
        var pool = new Candidate[candidates.Length + fill.Length];
        var pooled = new HashSet<int>(pool.Length);
        int mainCount = Adjust(candidates, traits, brands, isFill: false, pool, 0, pooled);
        int poolCount = Adjust(fill, traits, brands, isFill: true, pool, mainCount, pooled);

        var selected = new List<int>(count);
        var brandCounts = new Dictionary<int, int>(count);
        var categoryCounts = new Dictionary<int, int>(count);
        var colorCounts = new Dictionary<int, int>(count);
        // Distinct brands first, then up to the brand cap — both within the category cap —; only if still short the same two
        // regardless of the category cap, then regardless of both; within each phase the model's own candidates before the fill.
        int categoryCap = capCategories ? CategoryLimit(count) : int.MaxValue, brandCap = Math.Max(1, options.MaxPerBrand);
        foreach (var (brandLimit, categoryLimit) in (ReadOnlySpan<(int, int)>)[(1, categoryCap), (brandCap, categoryCap), (1, int.MaxValue),
            (brandCap, int.MaxValue), (int.MaxValue, int.MaxValue)])
        {
            var limits = new Limits(brandLimit, categoryLimit);
            Fill(pool, 0, mainCount, selected, brandCounts, categoryCounts, colorCounts, limits, count);
            Fill(pool, mainCount, poolCount, selected, brandCounts, categoryCounts, colorCounts, limits, count);
            if (selected.Count == count) break;
        }

        var result = new RankedProduct[selected.Count];
        for (int i = 0; i < result.Length; i++)
        {
            ref var c = ref pool[selected[i]];
            result[i] = new RankedProduct(c.Product, (float)c.Score, c.Sources, c.IsFill, c.ModelScore);
        }
        Array.Sort(result, static (a, b) =>
            a.IsFill != b.IsFill ? a.IsFill.CompareTo(b.IsFill)
            : a.Score != b.Score ? b.Score.CompareTo(a.Score)
            : a.Product.CompareTo(b.Product));
        ScaleFillBelowModel(result);
        return result;
    }

    /// <summary>The most products of one category in a list of <paramref name="count"/> (<see cref="RankingOptions.MaxCategoryShare"/>; unlimited at 1).</summary>
    public int CategoryLimit(int count) =>
        options.MaxCategoryShare < 1 ? CategoryCap.PerList(options.MaxCategoryShare, count) : int.MaxValue;

    private readonly record struct Limits(int PerBrand, int PerCategory);

    /// <summary>
    /// Fill items rank after the model's own, but their scores are normalised on their own list, so the best of
    /// them could show a higher score than the model items above it. They are scaled by one factor (their order
    /// and ratios kept) so the first fill item scores at most the last model item: scores never increase down a list.
    /// </summary>
    private static void ScaleFillBelowModel(RankedProduct[] sorted)
    {
        int firstFill = Array.FindIndex(sorted, r => r.IsFill);
        if (firstFill <= 0) return; // no fill, or nothing but fill
        float floor = sorted[firstFill - 1].Score, best = sorted[firstFill].Score;
        if (best <= floor) return;
        float scale = floor > 0 ? floor / best : 0f;
        for (int i = firstFill; i < sorted.Length; i++)
            sorted[i] = sorted[i] with { Score = Math.Min(floor, sorted[i].Score * scale) }; // Min: float rounding must not lift one above
    }

    private struct Candidate
    {
        public int Product;
        public int Brand;
        public int Category;        // -1 when the product has no category
        public int MainColor;       // -1 when the product has no colour
        public double BaseScore;    // normalised model score × rule factors
        public double Score;        // BaseScore with the colour-variety discount at the time it was chosen
        public float ModelScore;    // the model's own score, before normalising and the rules
        public RecommendationSources Sources;
        public bool IsFill;
        public bool Taken;
    }

    /// <summary>
    /// Scales a candidate list by its best score, so the best is 1 and the others keep their ratio to it (the
    /// rules' factors then mean the same for every model), and applies the rule factors; drops what the
    /// rules exclude. Scores at or below zero (possible for SVD) keep a small floor, below every positive one.
    /// A product already in the pool (the model's own, or earlier in the same list) is not added again, nor is
    /// a score that is not a finite number. Returns the next free slot of <paramref name="pool"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    private int Adjust(ReadOnlySpan<ScoredProduct> candidates, UserTraits traits, LearnedBrands? brands, bool isFill, Candidate[] pool, int next,
        HashSet<int> pooled)
    {
        const double Floor = 0.01;
        float max = float.MinValue;
        foreach (var c in candidates) if (float.IsFinite(c.Score)) max = Math.Max(max, c.Score);
        foreach (var c in candidates)
        {
            if (!float.IsFinite(c.Score) || (uint)c.Product >= (uint)catalog.Count) continue;
            if (Rules.Excludes(c.Product, traits) || !pooled.Add(c.Product)) continue;
            double normalised = max > 0 ? Math.Max(Floor, c.Score / max) : 1.0;
            var colors = catalog.Colors(c.Product);
            pool[next++] = new Candidate
            {
                Product = c.Product,
                Brand = catalog.Brand[c.Product],
                Category = catalog.Category[c.Product],
                MainColor = colors.IsEmpty ? -1 : colors[0],
                BaseScore = normalised * Rules.Factor(c.Product, traits) * Rules.LearnedBrandFactor(c.Product, brands),
                ModelScore = c.Score,
                Sources = c.Sources,
                IsFill = isFill,
            };
        }
        return next;
    }

    /// <summary>Greedy fill from pool[from..to): repeatedly takes the best candidate the brand and category limits allow, colour repeats discounted.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    private void Fill(Candidate[] pool, int from, int to, List<int> selected, Dictionary<int, int> brandCounts,
        Dictionary<int, int> categoryCounts, Dictionary<int, int> colorCounts, Limits limits, int count)
    {
        while (selected.Count < count)
        {
            int best = -1;
            double bestScore = double.MinValue;
            for (int i = from; i < to; i++)
            {
                ref var candidate = ref pool[i];
                if (candidate.Taken) continue;
                if (candidate.Brand >= 0 && brandCounts.GetValueOrDefault(candidate.Brand) >= limits.PerBrand) continue;
                if (candidate.Category >= 0 && categoryCounts.GetValueOrDefault(candidate.Category) >= limits.PerCategory) continue;
                double score = candidate.BaseScore;
                if (candidate.MainColor >= 0 && colorCounts.GetValueOrDefault(candidate.MainColor) is var repeats and > 0)
                    score *= Math.Pow(options.ColorRepeatPenalty, repeats);
                if (score > bestScore || (score == bestScore && candidate.Product < pool[best].Product))
                {
                    best = i;
                    bestScore = score;
                }
            }
            if (best < 0) return;
            ref var chosen = ref pool[best];
            chosen.Taken = true;
            chosen.Score = bestScore;
            selected.Add(best);
            if (chosen.Brand >= 0) brandCounts[chosen.Brand] = brandCounts.GetValueOrDefault(chosen.Brand) + 1;
            if (chosen.Category >= 0) categoryCounts[chosen.Category] = categoryCounts.GetValueOrDefault(chosen.Category) + 1;
            if (chosen.MainColor >= 0) colorCounts[chosen.MainColor] = colorCounts.GetValueOrDefault(chosen.MainColor) + 1;
        }
    }
}
