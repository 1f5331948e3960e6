using CsCheck;
using Teddy.Recommenders;

namespace Teddy.Core.Tests.Recommenders;

public class TopProductsTests
{
    [Fact]
    public void Selects_the_best_allowed_products_in_score_order_with_ties_to_the_lower_index()
    {
        float[] scores = [0.5f, 0.9f, float.NaN, 0.9f, 0.1f, 0.7f];
        var filter = new ProductFilter([true, true, true, true, true, false]);
        var top = TopProducts.Select(scores, 3, filter);
        Assert.Equal([1, 3, 0], top.Select(t => t.Product));
    }

    [Fact]
    public void Exclusions_are_honoured_and_short_inputs_give_short_lists()
    {
        float[] scores = [0.5f, 0.9f, 0.3f];
        var top = TopProducts.Select(scores, 10, new ProductFilter(null, new[] { 1 }));
        Assert.Equal([0, 2], top.Select(t => t.Product));
    }
}

/// <summary>
/// Candidates selected under a per-brand cap (issue 8's diversity fix): the best n with at most the cap per brand, the cap
/// lifted only to fill n when too few brands qualify — checked against a brute force on random inputs, for each selection form.
/// </summary>
public class BrandCappedSelectionTests
{
    /// <summary>The definition: best-first, take a product while its brand is under the cap; then, if short, the best of the rest.</summary>
    private static int[] BruteForce(float[] scores, int[] brands, bool[] allowed, int count, int cap)
    {
        var order = Enumerable.Range(0, scores.Length).Where(p => allowed[p] && !float.IsNaN(scores[p]))
            .OrderByDescending(p => scores[p]).ThenBy(p => p).ToArray();
        var taken = new List<int>();
        var perBrand = new Dictionary<int, int>();
        foreach (int p in order)
        {
            if (taken.Count == count) break;
            if (brands[p] >= 0 && perBrand.GetValueOrDefault(brands[p]) >= cap) continue;
            taken.Add(p);
            if (brands[p] >= 0) perBrand[brands[p]] = perBrand.GetValueOrDefault(brands[p]) + 1;
        }
        foreach (int p in order)
        {
            if (taken.Count == count) break;
            if (!taken.Contains(p)) taken.Add(p);
        }
        return taken.OrderByDescending(p => scores[p]).ThenBy(p => p).ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Equals_the_definition_on_random_inputs(int seed)
    {
        var random = new Random(seed);
        for (int round = 0; round < 60; round++)
        {
            int products = random.Next(1, 200), brandCount = random.Next(1, 12), count = random.Next(1, 40), cap = random.Next(1, 4);
            // Few distinct scores, so ties (broken by the lower product) are exercised too; some products have no brand.
            var scores = Enumerable.Range(0, products).Select(_ => random.Next(10) == 0 ? float.NaN : random.Next(20) / 4f).ToArray();
            var brands = Enumerable.Range(0, products).Select(_ => random.Next(6) == 0 ? -1 : random.Next(brandCount)).ToArray();
            var allowed = Enumerable.Range(0, products).Select(_ => random.Next(5) > 0).ToArray();
            var filter = new ProductFilter(allowed, default, new BrandCap(brands, brandCount, cap));
            var expected = BruteForce(scores, brands, allowed, count, cap);

            Assert.Equal(expected, TopProducts.Select(scores, count, filter).Select(t => t.Product));
            var all = Enumerable.Range(0, products).ToArray();
            Assert.Equal(expected, TopProducts.Select(scores, all, count, filter).Select(t => t.Product));
            Assert.Equal(expected, TopProducts.Select(all.Select(p => new ScoredProduct(p, scores[p])), count, filter).Select(t => t.Product));
        }
    }

    /// <summary>
    /// Catalog-sized scans, where the selection first keeps only the best few products per candidate and falls back to the
    /// full selection when those do not yield n under the cap: many brands (the fast path), few or one brand (the fallback),
    /// most products unbranded, a strict minimum, and exclusions.
    /// </summary>
    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Equals_the_definition_on_catalog_sized_inputs_whichever_path_selects(int seed)
    {
        var random = new Random(seed);
        for (int round = 0; round < 40; round++)
        {
            int products = random.Next(1, 4_000), count = random.Next(1, 100), cap = random.Next(1, 4);
            int brandCount = random.Next(4) switch { 0 => 1, 1 => random.Next(2, 10), _ => random.Next(10, 700) };
            double unbranded = random.Next(3) == 0 ? 0.9 : 0.05;
            // Scores with many ties and a share of zeros and NaN; the dense scan's minimum 0 leaves the zeros out.
            var scores = Enumerable.Range(0, products).Select(_ => random.Next(20) switch
            {
                0 => float.NaN, < 4 => 0f, _ => random.Next(200) / 8f,
            }).ToArray();
            var brands = Enumerable.Range(0, products).Select(_ => random.NextDouble() < unbranded ? -1 : random.Next(brandCount)).ToArray();
            var allowed = Enumerable.Range(0, products).Select(_ => random.Next(10) > 0).ToArray();
            var excluded = Enumerable.Range(0, products).Where(_ => random.Next(30) == 0).ToArray();
            var filter = new ProductFilter(allowed, excluded, new BrandCap(brands, brandCount, cap));
            var permitted = allowed.Select((a, p) => a && Array.BinarySearch(excluded, p) < 0).ToArray();

            var expected = BruteForce(scores, brands, permitted, count, cap);
            var all = Enumerable.Range(0, products).ToArray();
            Assert.Equal(expected, TopProducts.Select(all.Select(p => scores[p]).ToArray(), all, count, filter).Select(t => t.Product));
            var positive = BruteForce(scores.Select(s => s > 0 ? s : float.NaN).ToArray(), brands, permitted, count, cap);
            var dense = TopProducts.Select(scores, count, filter, minimumExclusive: 0f);
            Assert.Equal(positive, dense.Select(t => t.Product));
            Assert.Equal(positive.Select(p => scores[p]), dense.Select(t => t.Score));
        }
    }

    /// <summary>A shorter selection re-selected from a longer one's result equals selecting it from all the scores.</summary>
    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    public void Reselecting_a_longer_selection_equals_selecting_the_shorter_one(int seed)
    {
        var random = new Random(seed);
        for (int round = 0; round < 200; round++)
        {
            int products = random.Next(1, 600), cap = random.Next(1, 4), count = random.Next(cap, 40), longer = count + random.Next(1, 60);
            int brandCount = random.Next(3) switch { 0 => 1, 1 => random.Next(2, 8), _ => random.Next(8, 200) };
            var scores = Enumerable.Range(0, products).Select(_ => random.Next(15) == 0 ? float.NaN : random.Next(100) / 8f).ToArray();
            var brands = Enumerable.Range(0, products).Select(_ => random.Next(8) == 0 ? -1 : random.Next(brandCount)).ToArray();
            var allowed = Enumerable.Range(0, products).Select(_ => random.Next(6) > 0).ToArray();
            var brandCap = random.Next(5) == 0 ? null : new BrandCap(brands, brandCount, cap);
            var filter = new ProductFilter(allowed, default, brandCap);

            var expected = TopProducts.Select(scores, count, filter);
            var reselected = TopProducts.Reselect(TopProducts.Select(scores, longer, filter), longer, count, brandCap);
            Assert.Equal(expected.Select(t => (t.Product, t.Score)), reselected.Select(t => (t.Product, t.Score)));
        }
    }

    [Fact]
    public void Reselecting_under_a_cap_lowered_differently_is_refused()
    {
        var cap = new BrandCap([0, 0, 0], 1, 3);
        Assert.True(TopProducts.SameCap(cap, 3, 10));
        Assert.False(TopProducts.SameCap(cap, 2, 10));
        Assert.Throws<ArgumentException>(() => TopProducts.Reselect([], 10, 2, cap));
    }

    [Fact]
    public void A_model_crowded_into_one_brand_still_yields_candidates_of_many_brands()
    {
        // Brand 0 holds the 50 best scores; brands 1..20 one product each, below them.
        var scores = Enumerable.Range(0, 70).Select(p => p < 50 ? 2f - p / 100f : 1f - p / 1000f).ToArray();
        var brands = Enumerable.Range(0, 70).Select(p => p < 50 ? 0 : p - 49).ToArray();
        var capped = TopProducts.Select(scores, 12, new ProductFilter(null, default, new BrandCap(brands, 21, 2)));
        Assert.Equal([0, 1, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59], capped.Select(t => t.Product));
        Assert.Equal(11, capped.Select(t => brands[t.Product]).Distinct().Count());
        // Without the cap the same 12 are all brand 0.
        Assert.Single(TopProducts.Select(scores, 12, ProductFilter.None).Select(t => brands[t.Product]).Distinct());
    }

    [Fact]
    public void With_too_few_brands_the_cap_yields_so_the_candidates_are_not_short()
    {
        float[] scores = [0.9f, 0.8f, 0.7f, 0.6f, 0.5f, 0.4f];
        int[] brands = [0, 0, 0, 1, 1, 1];
        var top = TopProducts.Select(scores, 5, new ProductFilter(null, default, new BrandCap(brands, 2, 1)));
        Assert.Equal([0, 1, 2, 3, 4], top.Select(t => t.Product)); // the 2 capped ones, then the best 3 of the rest, in score order
    }
}

/// <summary>
/// Candidates selected under a per-category cap beside the brand cap (content's best scores crowd into one category): the
/// definition of <c>TopProducts</c>' capped selection — a product is brand-qualified when fewer than b better allowed products
/// share its brand; best first, brand-qualified products are taken while their category holds fewer than c of those taken, up
/// to n; then, if short, the best brand-qualified ones left; then the best of the rest — checked against a brute force on
/// random inputs, for each selection form.
/// </summary>
public class CategoryCappedSelectionTests
{
    private static int[] BruteForce(float[] scores, int[] brands, int[] categories, bool[] allowed, int count, int? brandCap, double? categoryShare)
    {
        var order = Enumerable.Range(0, scores.Length).Where(p => allowed[p] && !float.IsNaN(scores[p]))
            .OrderByDescending(p => scores[p]).ThenBy(p => p).ToArray();
        int b = brandCap is { } cap ? Math.Max(1, Math.Min(cap, count)) : int.MaxValue;
        int c = categoryShare is { } share ? CategoryCap.PerList(share, count) : int.MaxValue;
        var brandQualified = Enumerable.Range(0, order.Length)
            .Where(i => brandCap is null || brands[order[i]] < 0 || order.Take(i).Count(q => brands[q] == brands[order[i]]) < b)
            .Select(i => order[i]).ToArray();
        var taken = new List<int>();
        foreach (int p in brandQualified)
        {
            if (taken.Count == count) break;
            if (categoryShare is null || categories[p] < 0 || taken.Count(q => categories[q] == categories[p]) < c) taken.Add(p);
        }
        foreach (int p in brandQualified)
        {
            if (taken.Count == count) break;
            if (!taken.Contains(p)) taken.Add(p);
        }
        foreach (int p in order)
        {
            if (taken.Count == count) break;
            if (!taken.Contains(p)) taken.Add(p);
        }
        return taken.OrderByDescending(p => scores[p]).ThenBy(p => p).ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Equals_the_definition_on_random_inputs(int seed)
    {
        var random = new Random(seed);
        double[] shares = [0.1, 0.3, 0.5, 0.7, 0.95];
        for (int round = 0; round < 60; round++)
        {
            int products = random.Next(1, 200), brandCount = random.Next(1, 12), categoryCount = random.Next(1, 8), count = random.Next(1, 40);
            int? brandCap = random.Next(4) == 0 ? null : random.Next(1, 4);
            double? share = random.Next(5) == 0 ? null : shares[random.Next(shares.Length)];
            if (brandCap is null && share is null) share = 0.5;
            // Few distinct scores, so ties (broken by the lower product) are exercised too; some products have no brand or no category.
            var scores = Enumerable.Range(0, products).Select(_ => random.Next(10) == 0 ? float.NaN : random.Next(20) / 4f).ToArray();
            var brands = Enumerable.Range(0, products).Select(_ => random.Next(6) == 0 ? -1 : random.Next(brandCount)).ToArray();
            var categories = Enumerable.Range(0, products).Select(_ => random.Next(8) == 0 ? -1 : random.Next(categoryCount)).ToArray();
            var allowed = Enumerable.Range(0, products).Select(_ => random.Next(5) > 0).ToArray();
            var filter = new ProductFilter(allowed, default, brandCap is { } cap ? new BrandCap(brands, brandCount, cap) : null,
                share is { } s ? new CategoryCap(categories, categoryCount, s) : null);
            var expected = BruteForce(scores, brands, categories, allowed, count, brandCap, share);

            Assert.Equal(expected, TopProducts.Select(scores, count, filter).Select(t => t.Product));
            var all = Enumerable.Range(0, products).ToArray();
            Assert.Equal(expected, TopProducts.Select(scores, all, count, filter).Select(t => t.Product));
            Assert.Equal(expected, TopProducts.Select(all.Select(p => new ScoredProduct(p, scores[p])), count, filter).Select(t => t.Product));
        }
    }

    /// <summary>
    /// Catalog-sized inputs, where the fast path (the best 4n or 16n through a selection of their own) decides most lists and
    /// crowded ones fall through to the whole scan: both caps, scores crowded into a few categories or brands or not.
    /// </summary>
    [Theory]
    [InlineData(21)]
    [InlineData(22)]
    [InlineData(23)]
    [InlineData(24)]
    public void Equals_the_definition_on_catalog_sized_inputs_whichever_path_selects(int seed)
    {
        var random = new Random(seed);
        double[] shares = [0.1, 0.3, 0.5, 0.7, 0.95];
        for (int round = 0; round < 30; round++)
        {
            int products = random.Next(1, 4_000), count = random.Next(1, 100), categoryCount = random.Next(3) == 0 ? random.Next(1, 4) : random.Next(4, 60);
            int brandCount = random.Next(4) switch { 0 => 1, 1 => random.Next(2, 10), _ => random.Next(10, 700) };
            int? brandCap = random.Next(4) == 0 ? null : random.Next(1, 4);
            double share = shares[random.Next(shares.Length)];
            double unbranded = random.Next(3) == 0 ? 0.9 : 0.05;
            // Crowded rounds: the best scores go to one category (as content's do, its words being in the text).
            bool crowded = random.Next(2) == 0;
            var categories = Enumerable.Range(0, products).Select(_ => random.Next(10) == 0 ? -1 : random.Next(categoryCount)).ToArray();
            var scores = Enumerable.Range(0, products).Select(p => random.Next(20) switch
            {
                0 => float.NaN, < 4 => 0f, _ => random.Next(200) / 8f + (crowded && categories[p] == 0 ? 25f : 0f),
            }).ToArray();
            var brands = Enumerable.Range(0, products).Select(_ => random.NextDouble() < unbranded ? -1 : random.Next(brandCount)).ToArray();
            var allowed = Enumerable.Range(0, products).Select(_ => random.Next(10) > 0).ToArray();
            var excluded = Enumerable.Range(0, products).Where(_ => random.Next(30) == 0).ToArray();
            var filter = new ProductFilter(allowed, excluded, brandCap is { } cap ? new BrandCap(brands, brandCount, cap) : null,
                new CategoryCap(categories, categoryCount, share));
            var permitted = allowed.Select((a, p) => a && Array.BinarySearch(excluded, p) < 0).ToArray();

            var expected = BruteForce(scores, brands, categories, permitted, count, brandCap, share);
            var all = Enumerable.Range(0, products).ToArray();
            Assert.Equal(expected, TopProducts.Select(all.Select(p => scores[p]).ToArray(), all, count, filter).Select(t => t.Product));
            var positive = BruteForce(scores.Select(s => s > 0 ? s : float.NaN).ToArray(), brands, categories, permitted, count, brandCap, share);
            var dense = TopProducts.Select(scores, count, filter, minimumExclusive: 0f);
            Assert.Equal(positive, dense.Select(t => t.Product));
            Assert.Equal(positive.Select(p => scores[p]), dense.Select(t => t.Score));
        }
    }

    [Fact]
    public void A_model_crowded_into_one_category_still_yields_candidates_of_other_categories()
    {
        // Category 0 holds the 40 best scores (40 brands); categories 1..3 ten products each below them.
        var scores = Enumerable.Range(0, 70).Select(p => p < 40 ? 2f - p / 100f : 1f - p / 1000f).ToArray();
        var categories = Enumerable.Range(0, 70).Select(p => p < 40 ? 0 : 1 + (p - 40) % 3).ToArray();
        var filter = new ProductFilter(null, default, null, new CategoryCap(categories, 4, 0.5));
        var capped = TopProducts.Select(scores, 20, filter);
        Assert.Equal(20, capped.Length);
        Assert.Equal(10, capped.Count(t => categories[t.Product] == 0));           // ⌈0.5 × 20⌉, its best ten
        Assert.Equal(Enumerable.Range(0, 10), capped.Where(t => categories[t.Product] == 0).Select(t => t.Product).Order());
        Assert.Equal(Enumerable.Range(40, 10), capped.Where(t => categories[t.Product] != 0).Select(t => t.Product).Order());
        Assert.Single(TopProducts.Select(scores, 20, ProductFilter.None).Select(t => categories[t.Product]).Distinct());
    }

    [Fact]
    public void With_one_category_the_cap_yields_so_the_candidates_are_not_short()
    {
        // A category filter (or a one-category shop): every allowed product is of one category.
        var scores = Enumerable.Range(0, 30).Select(p => 1f - p / 100f).ToArray();
        var categories = new int[30];
        var top = TopProducts.Select(scores, 12, new ProductFilter(null, default, null, new CategoryCap(categories, 1, 0.5)));
        Assert.Equal(Enumerable.Range(0, 12), top.Select(t => t.Product));
    }

    [Theory]
    [InlineData(0.5, 20, 10)]
    [InlineData(0.7, 20, 14)]
    [InlineData(0.7, 10, 7)]
    [InlineData(0.3, 10, 3)]
    [InlineData(0.7, 5, 4)]
    [InlineData(0.1, 3, 1)]
    [InlineData(1.0, 7, 7)]
    public void The_cap_is_the_share_of_the_list_rounded_up(double share, int count, int expected) =>
        Assert.Equal(expected, CategoryCap.PerList(share, count));
}

public class BestFirstTests
{
    private static readonly Comparison<ScoredProduct> ByFields = (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Product.CompareTo(b.Product);

    [Fact]
    public void Sorts_as_comparing_score_then_product_does_for_any_scores()
    {
        // Scores drawn to collide (ties, ±0, negatives, infinities, subnormals), products distinct as in every candidate list.
        var score = Gen.OneOf(Gen.Float, Gen.Int[-3, 3].Select(i => i / 2f),
            Gen.OneOf(0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue));
        Gen.Select(score.Where(s => !float.IsNaN(s)).Array[0, 700], Gen.Int[0, 1000]).Sample((scores, seed) =>
        {
            var random = new Random(seed);
            var products = Enumerable.Range(0, 5_000).OrderBy(_ => random.Next()).Take(scores.Length).ToArray();
            var items = scores.Select((s, i) => new ScoredProduct(products[i], s)).ToArray();
            var expected = items.ToArray();
            Array.Sort(expected, ByFields);
            BestFirst.Sort(items);
            Assert.Equal(expected.Select(e => (e.Product, e.Score)), items.Select(i => (i.Product, i.Score)));
        });
    }

    [Fact]
    public void Not_a_number_sorts_last()
    {
        ScoredProduct[] items = [new(3, float.NaN), new(1, float.NegativeInfinity), new(2, 0.5f), new(0, float.NaN)];
        BestFirst.Sort(items);
        Assert.Equal([2, 1], items.Take(2).Select(i => i.Product));
        Assert.All(items.Skip(2), i => Assert.True(float.IsNaN(i.Score)));
    }
}
