using System.Runtime.CompilerServices;
using System.Buffers;
using Teddy.Artifacts;
using Teddy.LinearAlgebra;

namespace Teddy.Recommenders;

/// <summary>
/// Item-based nearest neighbours with BM25 weighting (after benfred/implicit's BM25Recommender): each
/// item's vector over users is BM25-weighted (saturating repeated interactions, discounting very active
/// users, normalising for item popularity), item–item similarity is the dot product of those vectors,
/// and each item keeps its <see cref="ItemKnnOptions.Neighbours"/> most similar items. A user's score for a
/// product is the sum, over the products they interacted with, of their weight times the similarity.
/// A strong, cheap baseline for implicit feedback; also the co-occurrence half of "similar items".
/// </summary>
public sealed class ItemKnnRecommender : IRecommender, IHistoryContributions
{
    private readonly SparseFloatRows _neighbours; // item → its most similar items

    public string Method => RecommenderMethods.ItemKnn;

    public ItemKnnRecommender(SparseFloatRows neighbours) => _neighbours = neighbours;

    public static ItemKnnRecommender Fit(CsrMatrix userItems, ItemKnnOptions options)
    {
        var weighted = Bm25Weighted(userItems.Transpose(), options.K1, options.B); // items × users
        var byUser = weighted.Transpose();                                           // users × items
        int items = weighted.Rows, k = options.Neighbours;

        var neighbourLists = new (int[] Items, float[] Similarity)[items];
        Parallel.For(0, items, ParallelWork.Options(), () => (new float[items], new List<int>(1024)), (i, _, scratch) =>
        {
            var (accumulator, touched) = scratch;
            var users = weighted.RowColumns(i);
            var userWeights = weighted.RowValues(i);
            for (int a = 0; a < users.Length; a++)
            {
                var others = byUser.RowColumns(users[a]);
                var otherWeights = byUser.RowValues(users[a]);
                double wi = userWeights[a];
                for (int b = 0; b < others.Length; b++)
                {
                    int j = others[b];
                    if (j == i) continue;
                    if (accumulator[j] == 0) touched.Add(j);
                    accumulator[j] += (float)(wi * otherWeights[b]);
                }
            }
            var best = TopProducts.Select(touched.Select(j => new ScoredProduct(j, accumulator[j])), k, ProductFilter.None);
            neighbourLists[i] = (best.Select(s => s.Product).ToArray(), best.Select(s => s.Score).ToArray());
            foreach (int j in touched) accumulator[j] = 0;
            touched.Clear();
            return scratch;
        }, _ => { });

        var pointers = new int[items + 1];
        for (int i = 0; i < items; i++) pointers[i + 1] = pointers[i] + neighbourLists[i].Items.Length;
        var indices = new int[pointers[items]];
        var values = new float[pointers[items]];
        for (int i = 0; i < items; i++)
        {
            neighbourLists[i].Items.CopyTo(indices, pointers[i]);
            neighbourLists[i].Similarity.CopyTo(values, pointers[i]);
        }
        return new ItemKnnRecommender(new SparseFloatRows(items, pointers, indices, values));
    }

    /// <summary>
    /// BM25 weights of an items × users matrix, as implicit's <c>bm25_weight</c>: idf over users
    /// (log N − log(1 + items the user touched)), length normalisation over each item's total weight.
    /// </summary>
    internal static CsrMatrix Bm25Weighted(CsrMatrix itemUsers, double k1, double b)
    {
        int items = itemUsers.Rows;
        var itemsPerUser = new int[itemUsers.Columns];
        foreach (int u in itemUsers.ColumnIndices) itemsPerUser[u]++;
        double logN = Math.Log(items);
        var idf = itemsPerUser.Select(n => logN - Math.Log(1 + n)).ToArray();

        var rowSums = new double[items];
        for (int i = 0; i < items; i++) foreach (double v in itemUsers.RowValues(i)) rowSums[i] += v;
        double averageLength = items == 0 ? 0 : rowSums.Average();

        var values = new double[itemUsers.NonZeros];
        for (int i = 0; i < items; i++)
        {
            double lengthNorm = (1 - b) + (averageLength > 0 ? b * rowSums[i] / averageLength : 0);
            for (int k = itemUsers.RowPointers[i]; k < itemUsers.RowPointers[i + 1]; k++)
            {
                double x = itemUsers.Values[k];
                values[k] = x * (k1 + 1) / (k1 * lengthNorm + x) * idf[itemUsers.ColumnIndices[k]];
            }
        }
        return new CsrMatrix(items, itemUsers.Columns, itemUsers.RowPointers, itemUsers.ColumnIndices, values);
    }

    public bool Knows(in UserHistory user) => _neighbours.AnyNonEmpty(user.Products.Span);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    public ScoredProduct[] Recommend(in UserHistory user, int count, ProductFilter filter) => Recommend(user, [count], filter)[0];

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    public ScoredProduct[][] Recommend(in UserHistory user, ReadOnlySpan<int> counts, ProductFilter filter)
    {
        float[] scores = ArrayPool<float>.Shared.Rent(_neighbours.Rows);
        try
        {
            var dense = scores.AsSpan(0, _neighbours.Rows);
            dense.Fill(float.NaN); // NaN: not a neighbour of anything the user has, so not a candidate
            var products = user.Products.Span;
            var weights = user.Weights.Span;
            for (int i = 0; i < products.Length; i++)
            {
                float weight = (float)weights[i];
                var neighbours = _neighbours.RowIndices(products[i]);
                var similarity = _neighbours.RowValues(products[i]);
                for (int k = 0; k < neighbours.Length; k++)
                {
                    ref float score = ref dense[neighbours[k]];
                    score = float.IsNaN(score) ? weight * similarity[k] : score + weight * similarity[k];
                }
            }
            return TopProducts.Select(dense, counts, filter, RecommendationSources.ItemKnn);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
        }
    }

    /// <summary>Splits each product's score Σ_h weight_h × similarity(h, p) into its terms, one per history item.</summary>
    public void Contributions(in UserHistory user, ReadOnlySpan<int> products, Span<double> contributions)
    {
        var history = user.Products.Span;
        var weights = user.Weights.Span;
        for (int i = 0; i < products.Length; i++)
            for (int h = 0; h < history.Length; h++)
            {
                int at = _neighbours.RowIndices(history[h]).IndexOf(products[i]);
                contributions[i * history.Length + h] = at < 0 ? 0 : (float)weights[h] * _neighbours.RowValues(history[h])[at];
            }
    }

    public ScoredProduct[] Similar(int product, int count, ProductFilter filter)
    {
        var neighbours = _neighbours.RowIndices(product);
        var similarity = _neighbours.RowValues(product);
        var candidates = new ScoredProduct[neighbours.Length];
        for (int k = 0; k < neighbours.Length; k++) candidates[k] = new ScoredProduct(neighbours[k], similarity[k], RecommendationSources.ItemKnn);
        return TopProducts.Select(candidates, count, filter);
    }

    public string? WhyNoNeighbours(int product) => (uint)product < (uint)_neighbours.Rows && !_neighbours.RowIndices(product).IsEmpty ? null
        : "no shopper in the training data interacted with it and another product, so it has no item-kNN neighbours";

    public void Write(ArtifactWriter writer)
    {
        writer.BeginSection(Method);
        _neighbours.Write(writer);
        writer.EndSection();
    }

    public static ItemKnnRecommender Read(ArtifactReader reader)
    {
        reader.BeginSection(RecommenderMethods.ItemKnn);
        var recommender = new ItemKnnRecommender(SparseFloatRows.Read(reader));
        reader.EndSection();
        return recommender;
    }
}

public sealed class ItemKnnOptions
{
    /// <summary>Similar items kept per item.</summary>
    public int Neighbours { get; set; } = 50;
    /// <summary>
    /// BM25 saturation: larger lets repeated interactions count for more. 1.2 (the text-retrieval default)
    /// rather than implicit's 100, which suits play counts, not a few weighted shop events; see docs/benchmarks.md.
    /// </summary>
    public double K1 { get; set; } = 1.2;
    /// <summary>
    /// BM25 length normalisation in [0, 1]: how much an item's total activity is normalised away. Lower is
    /// more accurate and less diverse; 0.5 keeps the promoted model above the coverage floor (docs/benchmarks.md).
    /// </summary>
    public double B { get; set; } = 0.5;
}
