using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Teddy.Artifacts;
using Teddy.LinearAlgebra;

namespace Teddy.Recommenders;

/// <summary>
/// Collaborative filtering by truncated SVD of the weighted user-item matrix: a user's score for a product
/// is their row of U·S·Vᵀ. Serving keeps U·S per user and V per product as float rows padded to the SIMD
/// width, so scoring every product is one vectorised dot product each. The same scoring serves factors trained
/// elsewhere (<see cref="FromFactors"/>: Spark's ALS, method <c>als</c>), whose users and products without factors
/// are unknown to it rather than scored 0.
/// <para>
/// A history with events since training (<see cref="UserHistory.HasRecentEvents"/>) — a known shopper's new
/// views, or a new visitor's first ones — is scored by the standard SVD fold-in: A = U·S·Vᵀ with orthonormal V
/// gives A·V = U·S, so a user's U·S row is their interaction row times V, computed here from the history as the
/// training users' rows were (for an unchanged history it equals the stored row). Source: Sarwar et al.,
/// "Incremental SVD-based algorithms for highly scalable recommender systems" (2002). For imported factors it is an approximation (ALS's
/// user factors are not A·V), the same one its fold-in of new users makes.
/// </para>
/// </summary>
public sealed class CollaborativeRecommender : IRecommender, IHistoryContributions
{
    private readonly int _rank;
    private readonly int _stride;           // rank rounded up to a whole number of SIMD vectors
    private readonly float[] _singularValues;
    private readonly float[] _userFactors;  // users × stride: U·S
    private readonly float[] _itemFactors;  // products × stride: V
    private readonly float[] _itemNorms;    // ‖V_p·S‖, for similar items
    private readonly int _users, _products;
    private readonly string _method;

    public string Method => _method;
    public int Rank => _rank;
    public ReadOnlySpan<float> SingularValues => _singularValues;

    private CollaborativeRecommender(int rank, float[] singularValues, float[] userFactors, float[] itemFactors, int users, int products,
        string method = RecommenderMethods.Collaborative)
    {
        _method = method;
        _rank = rank;
        _stride = Stride(rank);
        _singularValues = singularValues;
        _userFactors = userFactors;
        _itemFactors = itemFactors;
        _users = users;
        _products = products;
        _itemNorms = new float[products];
        for (int p = 0; p < products; p++)
        {
            double sum = 0;
            for (int f = 0; f < rank; f++)
            {
                double v = itemFactors[p * _stride + f] * singularValues[f];
                sum += v * v;
            }
            _itemNorms[p] = (float)Math.Sqrt(sum);
        }
    }

    public static CollaborativeRecommender Fit(CsrMatrix userItems, TruncatedSvdOptions options)
    {
        int rank = Math.Min(options.Rank, Math.Min(userItems.Rows, userItems.Columns));
        var svd = TruncatedSvd.Compute(userItems, rank, options);
        return FromSvd(svd);
    }

    public static CollaborativeRecommender FromSvd(TruncatedSvdResult svd)
    {
        int rank = svd.Rank, stride = Stride(rank);
        var singular = Array.ConvertAll(svd.SingularValues, v => (float)v);
        var users = new float[svd.Rows * stride];
        for (int u = 0; u < svd.Rows; u++)
        {
            var row = svd.LeftRow(u);
            for (int f = 0; f < rank; f++) users[u * stride + f] = (float)(row[f] * svd.SingularValues[f]);
        }
        var items = new float[svd.Columns * stride];
        for (int p = 0; p < svd.Columns; p++)
        {
            var row = svd.RightRow(p);
            for (int f = 0; f < rank; f++) items[p * stride + f] = (float)row[f];
        }
        return new CollaborativeRecommender(rank, singular, users, items, svd.Rows, svd.Columns);
    }

    /// <summary>
    /// Factors trained elsewhere: score = user row · item row (no singular values: all 1). Rows are row-major,
    /// <paramref name="rank"/> floats each (users × rank, products × rank); an all-zero row means no factors.
    /// </summary>
    public static CollaborativeRecommender FromFactors(string method, int rank, float[] userFactors, float[] itemFactors, int users, int products)
    {
        var singular = new float[rank];
        Array.Fill(singular, 1f);
        return new CollaborativeRecommender(rank, singular, Padded(userFactors, users, rank), Padded(itemFactors, products, rank), users, products, method);
    }

    private bool Imported => _method != RecommenderMethods.Collaborative;

    private static int Stride(int rank) => (rank + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;

    public bool Knows(in UserHistory user) => user.HasRecentEvents
        ? HasFactors(user)
        : user.IsKnown && user.Index < _users && !user.IsEmpty
            && (!Imported || _userFactors.AsSpan(user.Index * _stride, _stride).ContainsAnyExcept(0f));

    public ScoredProduct[] Recommend(in UserHistory user, int count, ProductFilter filter) => Recommend(user, [count], filter)[0];

    /// <inheritdoc/>
    public ScoredProduct[][] Recommend(in UserHistory user, ReadOnlySpan<int> counts, ProductFilter filter)
    {
        if (!Knows(user)) return TopProducts.NoLists(counts.Length);
        if (user.HasRecentEvents)
        {
            Span<float> folded = stackalloc float[_stride];
            FoldIn(user, folded);
            return ScoreAll(folded, counts, filter, exclude: -1, normalise: false);
        }
        var userRow = _userFactors.AsSpan(user.Index * _stride, _stride);
        return ScoreAll(userRow, counts, filter, exclude: -1, normalise: false);
    }

    /// <summary>Whether some product of the history with a positive weight has latent factors (appeared in training).</summary>
    private bool HasFactors(in UserHistory user)
    {
        var products = user.Products.Span;
        var weights = user.Weights.Span;
        for (int i = 0; i < products.Length; i++)
            if (weights[i] > 0 && (uint)products[i] < (uint)_products && _itemNorms[products[i]] > 0) return true;
        return false;
    }

    /// <summary>The user's U·S row from their history: Σ weight × V_p over the history's products (the SVD fold-in).</summary>
    private void FoldIn(in UserHistory user, Span<float> row)
    {
        row.Clear();
        var products = user.Products.Span;
        var weights = user.Weights.Span;
        for (int i = 0; i < products.Length; i++)
        {
            int p = products[i];
            if ((uint)p >= (uint)_products) continue;
            float weight = (float)weights[i];
            var factors = _itemFactors.AsSpan(p * _stride, _stride);
            for (int f = 0; f < _rank; f++) row[f] += weight * factors[f];
        }
    }

    /// <summary>
    /// Splits each product's score into a_uh · (V_h · V_p), one term per history item: the SVD of the interactions A the
    /// model was fitted on gives U·S = A·V, so a user's score U_u·S·V_p is Σ_h a_uh (V_h · V_p) (up to the SVD's
    /// tolerance). Nothing for a user the model was not fitted on.
    /// </summary>
    public void Contributions(in UserHistory user, ReadOnlySpan<int> products, Span<double> contributions)
    {
        var history = user.Products.Span;
        var weights = user.Weights.Span;
        contributions[..(products.Length * history.Length)].Clear();
        if (!Knows(user)) return;
        for (int i = 0; i < products.Length; i++)
        {
            var target = _itemFactors.AsSpan(products[i] * _stride, _stride);
            for (int h = 0; h < history.Length; h++)
                if ((uint)history[h] < (uint)_products)
                    contributions[i * history.Length + h] = weights[h] * Dot(_itemFactors.AsSpan(history[h] * _stride, _stride), target);
        }
    }

    private double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int f = 0; f < _rank; f++) sum += (double)a[f] * b[f];
        return sum;
    }

    public string? WhyNoNeighbours(int product) => _itemNorms[product] != 0 ? null
        : $"the {RecommenderMethods.DisplayName(Method)} model has no factors for it (no interactions in its training data), so it has no neighbours";

    public ScoredProduct[] Similar(int product, int count, ProductFilter filter)
    {
        if (_itemNorms[product] == 0) return [];
        Span<float> query = stackalloc float[_stride];
        var row = _itemFactors.AsSpan(product * _stride, _stride);
        for (int f = 0; f < _rank; f++) query[f] = row[f] * _singularValues[f] * _singularValues[f] / _itemNorms[product];
        return ScoreAll(query, [count], filter, exclude: product, normalise: true)[0];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    private ScoredProduct[][] ScoreAll(ReadOnlySpan<float> query, ReadOnlySpan<int> counts, ProductFilter filter, int exclude, bool normalise)
    {
        float[] scores = ArrayPool<float>.Shared.Rent(_products);
        try
        {
            var dense = scores.AsSpan(0, _products);
            DotAll(query, dense);
            if (normalise)
                for (int p = 0; p < _products; p++) dense[p] = _itemNorms[p] > 0 ? dense[p] / _itemNorms[p] : float.NaN;
            if (exclude >= 0) dense[exclude] = float.NaN;
            if (Imported) // a product without imported factors is unknown to this model, not a 0 score
                for (int p = 0; p < _products; p++)
                    if (_itemNorms[p] == 0) dense[p] = float.NaN;
            return TopProducts.Select(dense, counts, filter, RecommendationSources.Collaborative);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
        }
    }

    /// <summary>
    /// scores[p] = query · V_p for every product: the hot loop of collaborative scoring. Rows are padded to
    /// whole SIMD vectors, so each dot product is a handful of multiply-adds with no remainder loop, and two
    /// accumulators hide the add latency.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    private void DotAll(ReadOnlySpan<float> query, Span<float> scores)
    {
        int width = Vector<float>.Count, vectors = _stride / width;
        Span<Vector<float>> q = stackalloc Vector<float>[vectors];
        for (int v = 0; v < vectors; v++) q[v] = new Vector<float>(query.Slice(v * width, width));
        ref float items = ref MemoryMarshal.GetArrayDataReference(_itemFactors);
        for (int p = 0; p < scores.Length; p++)
        {
            ref float row = ref Unsafe.Add(ref items, p * _stride);
            var even = Vector<float>.Zero;
            var odd = Vector<float>.Zero;
            int v = 0;
            for (; v + 1 < vectors; v += 2)
            {
                even += q[v] * Vector.LoadUnsafe(ref row, (nuint)(v * width));
                odd += q[v + 1] * Vector.LoadUnsafe(ref row, (nuint)((v + 1) * width));
            }
            if (v < vectors) even += q[v] * Vector.LoadUnsafe(ref row, (nuint)(v * width));
            scores[p] = Vector.Sum(even + odd);
        }
    }

    public void Write(ArtifactWriter writer)
    {
        writer.BeginSection(Method);
        writer.Write(_rank);
        writer.Write(_users);
        writer.Write(_products);
        writer.Write(_singularValues);
        writer.Write(Unpadded(_userFactors, _users));
        writer.Write(Unpadded(_itemFactors, _products));
        writer.EndSection();
    }

    public static CollaborativeRecommender Read(ArtifactReader reader, string method = RecommenderMethods.Collaborative)
    {
        reader.BeginSection(method);
        int rank = reader.ReadInt32(), users = reader.ReadInt32(), products = reader.ReadInt32();
        var singular = reader.ReadArray<float>();
        var userFactors = Padded(reader.ReadArray<float>(), users, rank);
        var itemFactors = Padded(reader.ReadArray<float>(), products, rank);
        reader.EndSection();
        return new CollaborativeRecommender(rank, singular, userFactors, itemFactors, users, products, method);
    }

    // The file stores rank-wide rows; SIMD padding depends on the machine that loads it.
    private float[] Unpadded(float[] padded, int rows)
    {
        var result = new float[rows * _rank];
        for (int r = 0; r < rows; r++) padded.AsSpan(r * _stride, _rank).CopyTo(result.AsSpan(r * _rank));
        return result;
    }

    private static float[] Padded(float[] rowsByRank, int rows, int rank)
    {
        int stride = Stride(rank);
        var result = new float[rows * stride];
        for (int r = 0; r < rows; r++) rowsByRank.AsSpan(r * rank, rank).CopyTo(result.AsSpan(r * stride));
        return result;
    }
}
