using System.Runtime.CompilerServices;
using Teddy.Artifacts;
using Teddy.Catalog;
using Teddy.LinearAlgebra;

namespace Teddy.Recommenders;

/// <summary>
/// Brand-aware popularity for cold start. A product's popularity is its summed event weight over all users.
/// The pool the cold-start lists come from is the most popular products with at most
/// <see cref="PopularityOptions.PoolMaxPerBrand"/> per brand (so one big brand cannot fill it); each user
/// sees the pool in their own deterministic order (seeded by the MD5 of their id), which spreads exposure
/// across the pool instead of showing every newcomer the same list. Beyond the pool, products follow in
/// plain popularity order.
/// </summary>
public sealed class PopularityRecommender : IRecommender
{
    private readonly ModelCatalog _catalog;
    private readonly float[] _popularity;
    private readonly int[] _pool;          // brand-aware top products, most popular first
    private readonly int[] _byPopularity;  // every product with any popularity, most popular first

    public string Method => RecommenderMethods.Popular;

    private PopularityRecommender(ModelCatalog catalog, float[] popularity, int[] pool)
    {
        _catalog = catalog;
        _popularity = popularity;
        _pool = pool;
        _byPopularity = ByPopularity(popularity, catalog);
    }

    public ReadOnlySpan<float> Popularity => _popularity;
    public ReadOnlySpan<int> Pool => _pool;

    public static PopularityRecommender Fit(CsrMatrix interactions, ModelCatalog catalog, PopularityOptions options)
    {
        var popularity = new float[catalog.Count];
        for (int k = 0; k < interactions.NonZeros; k++)
            popularity[interactions.ColumnIndices[k]] += (float)interactions.Values[k];

        var perBrand = new Dictionary<int, int>();
        var pool = new List<int>(options.PoolSize);
        foreach (int p in ByPopularity(popularity, catalog))
        {
            if (pool.Count == options.PoolSize) break;
            int brand = catalog.Brand[p];
            if (brand >= 0)
            {
                int used = perBrand.GetValueOrDefault(brand);
                if (used >= options.PoolMaxPerBrand) continue;
                perBrand[brand] = used + 1;
            }
            pool.Add(p);
        }
        return new PopularityRecommender(catalog, popularity, pool.ToArray());
    }

    /// <summary>
    /// Every product, most popular first. Products nobody has interacted with yet follow, best-described first,
    /// so a shop with a catalog but no events still gets lists.
    /// </summary>
    private static int[] ByPopularity(float[] popularity, ModelCatalog catalog) =>
        Enumerable.Range(0, popularity.Length)
            .OrderByDescending(p => popularity[p]).ThenByDescending(p => catalog.Completeness[p]).ThenBy(p => p)
            .ToArray();

    public bool Knows(in UserHistory user) => true;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    public ScoredProduct[] Recommend(in UserHistory user, int count, ProductFilter filter)
    {
        // The user's permutation of the pool keeps the pool's popularity values, re-assigned by rank, so
        // scores stay on the popularity scale while the order is the user's own.
        var permuted = (int[])_pool.Clone();
        new SplitMix64(UserSeed.For(user.UserId)).Shuffle(permuted.AsSpan());

        var result = new List<ScoredProduct>(count);
        for (int rank = 0; rank < permuted.Length && result.Count < count; rank++)
        {
            int p = permuted[rank];
            if (filter.Allows(p)) result.Add(new ScoredProduct(p, _popularity[_pool[rank]], RecommendationSources.Popular));
        }
        if (result.Count < count)
        {
            // Beyond the pool, plain popularity order. A product the pool's brand cap passed over can be more popular
            // than the pool's last ones; it still comes after the pool, so its score is capped at the score above it
            // (scores never increase down the list).
            var inPool = new HashSet<int>(_pool);
            float ceiling = result.Count > 0 ? result[^1].Score : float.MaxValue;
            foreach (int p in _byPopularity)
            {
                if (result.Count == count) break;
                if (inPool.Contains(p) || !filter.Allows(p)) continue;
                ceiling = Math.Min(ceiling, _popularity[p]);
                result.Add(new ScoredProduct(p, ceiling, RecommendationSources.Popular));
            }
        }
        return result.ToArray();
    }

    /// <summary>Popularity has no notion of likeness; the closest honest answer is the most popular products of the same category.</summary>
    public ScoredProduct[] Similar(int product, int count, ProductFilter filter)
    {
        int category = _catalog.Category[product];
        return _byPopularity
            .Where(p => p != product && _catalog.Category[p] == category && filter.Allows(p))
            .Take(count)
            .Select(p => new ScoredProduct(p, _popularity[p], RecommendationSources.Popular))
            .ToArray();
    }

    /// <summary>Most popular products that pass the filter, in plain popularity order (used to fill short lists).</summary>
    public IEnumerable<ScoredProduct> MostPopular(ProductFilter filter) =>
        _byPopularity.Where(filter.Allows).Select(p => new ScoredProduct(p, _popularity[p], RecommendationSources.Popular));

    public void Write(ArtifactWriter writer)
    {
        writer.BeginSection(Method);
        writer.Write(_popularity);
        writer.Write(_pool);
        writer.EndSection();
    }

    public static PopularityRecommender Read(ArtifactReader reader, ModelCatalog catalog)
    {
        reader.BeginSection(RecommenderMethods.Popular);
        var recommender = new PopularityRecommender(catalog, reader.ReadArray<float>(), reader.ReadArray<int>());
        reader.EndSection();
        return recommender;
    }
}

public sealed class PopularityOptions
{
    /// <summary>How many popular products the cold-start lists are drawn from.</summary>
    public int PoolSize { get; set; } = 50;
    /// <summary>At most this many products of one brand in the pool.</summary>
    public int PoolMaxPerBrand { get; set; } = 2;
}
