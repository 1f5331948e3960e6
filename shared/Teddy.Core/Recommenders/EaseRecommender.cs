using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Teddy.Artifacts;
using Teddy.LinearAlgebra;

namespace Teddy.Recommenders;

/// <summary>
/// EASE, "Embarrassingly Shallow Autoencoders for Sparse Data" (Steck, WWW 2019): an item–item weight matrix B
/// learnt in closed form. With X the user × product matrix of summed event weights (not binarised) restricted to the
/// <see cref="EaseOptions.MaxItems"/> most-interacted products, G = XᵀX + λI, P = G⁻¹ and
/// B[i, j] = −P[i, j] / P[j, j] (B[j, j] = 0: no product predicts itself). A user's score for product j is
/// Σ_i x_ui·B[i, j]; products outside the modelled set get no score (the ranking's popular fill covers short lists).
/// Parity with numpy's closed form is tested on the SVD fixture's matrix (TestData/reference/ease).
/// Fitting is O(nnz·h + n³) for n modelled products (the inverse: <see cref="SpdInverse"/>); serving adds one
/// n-float row of B per product in the user's history and selects the top n; B is n² floats.
/// </summary>
public sealed class EaseRecommender : IRecommender, IHistoryContributions
{
    private readonly int[] _items;     // slot → product index, ascending
    private readonly int[] _slotOf;    // product index → slot, or -1 when not modelled
    private readonly float[] _weights; // slots × slots, row-major: _weights[i * n + j] = B[i, j]

    public string Method => RecommenderMethods.Ease;
    /// <summary>The L2 regularisation λ the model was fitted with.</summary>
    public double Lambda { get; }
    /// <summary>Products the model scores (the most-interacted ones), ascending product index.</summary>
    public ReadOnlySpan<int> Items => _items;
    public int ItemCount => _items.Length;

    /// <param name="products">Products in the catalog (the length of the product axis).</param>
    /// <param name="items">Modelled products, ascending, each below <paramref name="products"/>.</param>
    /// <param name="weights">B, items × items row-major.</param>
    /// <exception cref="ArgumentException">The shapes do not agree, or the items are not ascending products.</exception>
    public EaseRecommender(int products, int[] items, float[] weights, double lambda)
    {
        if (weights.Length != (long)items.Length * items.Length)
            throw new ArgumentException("B must be items × items.", nameof(weights));
        _slotOf = new int[products];
        Array.Fill(_slotOf, -1);
        for (int slot = 0; slot < items.Length; slot++)
        {
            if ((uint)items[slot] >= (uint)products || (slot > 0 && items[slot] <= items[slot - 1]))
                throw new ArgumentException("Modelled items must be ascending product indices within the catalog.", nameof(items));
            _slotOf[items[slot]] = slot;
        }
        _items = items;
        _weights = weights;
        Lambda = lambda;
    }

    /// <summary>B[i, j] for modelled products i and j (by product index); NaN when either is not modelled.</summary>
    public float Weight(int fromProduct, int toProduct) =>
        _slotOf[fromProduct] is var i and >= 0 && _slotOf[toProduct] is var j and >= 0 ? _weights[i * _items.Length + j] : float.NaN;

    /// <summary>
    /// Fits EASE with λ = <see cref="EaseOptions.RelativeLambda"/> × the mean of diag(XᵀX) over the modelled products
    /// (the mean squared weight a modelled product has received), so the same setting regularises alike as a shop's
    /// data grows (see docs/benchmarks.md).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">RelativeLambda is not a positive finite number, or MaxItems is outside [1, <see cref="EaseOptions.LargestMaxItems"/>].</exception>
    public static EaseRecommender Fit(CsrMatrix userItems, EaseOptions options, ParallelOptions? parallel = null)
    {
        if (!(options.RelativeLambda > 0) || double.IsInfinity(options.RelativeLambda))
            throw new ArgumentOutOfRangeException(nameof(options), options.RelativeLambda, "The relative λ must be a positive finite number.");
        return Fit(userItems, lambda: null, options.RelativeLambda, options.MaxItems, parallel);
    }

    /// <summary>Fits EASE with an absolute λ (as Steck's paper and numpy's reference state it).</summary>
    /// <exception cref="ArgumentOutOfRangeException">λ is not a positive finite number, or maxItems is outside [1, <see cref="EaseOptions.LargestMaxItems"/>].</exception>
    public static EaseRecommender Fit(CsrMatrix userItems, double lambda, int maxItems, ParallelOptions? parallel = null)
    {
        if (!(lambda > 0) || double.IsInfinity(lambda))
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "λ must be a positive finite number.");
        return Fit(userItems, lambda, relativeLambda: 0, maxItems, parallel);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static EaseRecommender Fit(CsrMatrix userItems, double? lambda, double relativeLambda, int maxItems, ParallelOptions? parallel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxItems, EaseOptions.LargestMaxItems);
        int[] items = MostInteracted(userItems, maxItems);
        int n = items.Length;
        var slotOf = new int[userItems.Columns];
        Array.Fill(slotOf, -1);
        for (int slot = 0; slot < n; slot++) slotOf[items[slot]] = slot;

        double[] gram = Gram(userItems, slotOf, n, parallel);
        double diagonal = 0;
        for (int i = 0; i < n; i++) diagonal += gram[(long)i * n + i];
        double l = lambda ?? relativeLambda * (n == 0 ? 1 : diagonal / n);
        for (int i = 0; i < n; i++) gram[(long)i * n + i] += l;
        SpdInverse.InvertInPlace(gram, n, parallel);

        var model = new EaseRecommender(userItems.Columns, items, Weights(gram, n, parallel), l);
        Workspace.Release(gram);
        return model;
    }

    /// <summary>
    /// Up to <paramref name="max"/> products with the most users (ties: lower index), only products someone interacted
    /// with, returned in ascending product order.
    /// </summary>
    internal static int[] MostInteracted(CsrMatrix userItems, int max)
    {
        var users = new int[userItems.Columns];
        foreach (int column in userItems.ColumnIndices.AsSpan(0, userItems.NonZeros)) users[column]++;
        var chosen = Enumerable.Range(0, userItems.Columns).Where(p => users[p] > 0)
            .OrderByDescending(p => users[p]).ThenBy(p => p).Take(max).ToArray();
        Array.Sort(chosen);
        return chosen;
    }

    /// <summary>
    /// XᵀX over the modelled products (dense n × n, lower triangle filled, upper zero; the inverse reads only the lower):
    /// O(Σ_u h_u²) for h_u of the user's products modelled. Row a is Σ over the users who have product a, in user order, of
    /// x_ua·x_ub for their modelled products b ≤ a: accumulated in a row-sized buffer that stays in cache (not scattered
    /// over the whole matrix) and written once. Rows are independent, so the cores share them in any order and every sum
    /// is added in the same order: deterministic.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double[] Gram(CsrMatrix userItems, int[] slotOf, int n, ParallelOptions? parallel)
    {
        // The users' modelled products, by user (slots ascend with products, so within a user too) …
        var pointers = new int[userItems.Rows + 1];
        var slots = new int[userItems.NonZeros];
        var values = new double[userItems.NonZeros];
        var perSlot = new int[n + 1];
        int count = 0;
        for (int user = 0; user < userItems.Rows; user++)
        {
            var columns = userItems.RowColumns(user);
            var weights = userItems.RowValues(user);
            for (int k = 0; k < columns.Length; k++)
            {
                if (slotOf[columns[k]] is not (var slot and >= 0)) continue;
                slots[count] = slot;
                values[count++] = weights[k];
                perSlot[slot + 1]++;
            }
            pointers[user + 1] = count;
        }
        // … and by product: for each slot, its users in ascending order and where the slot sits in each user's list.
        for (int slot = 0; slot < n; slot++) perSlot[slot + 1] += perSlot[slot];
        var holders = new int[count];
        var positions = new int[count];
        var next = perSlot[..n];
        for (int user = 0; user < userItems.Rows; user++)
            for (int at = pointers[user]; at < pointers[user + 1]; at++)
            {
                int to = next[slots[at]]++;
                holders[to] = user;
                positions[to] = at;
            }

        var gram = Workspace.Take(checked(n * n)); // every element is written below
        Parallel.For(0, n, parallel ?? ParallelWork.Options(), () => new double[n], (row, _, buffer) =>
        {
            GramRow(row, n, perSlot, holders, positions, pointers, slots, values, buffer, gram);
            return buffer;
        }, _ => { });
        return gram;
    }

    /// <summary>Row <paramref name="row"/> of XᵀX: the lower part summed user by user, the upper part zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // runs once per fit: tiered compilation's first tier would run it unoptimised
    private static void GramRow(int row, int n, int[] perSlot, int[] holders, int[] positions, int[] pointers, int[] slots, double[] values,
        double[] buffer, double[] gram)
    {
        var sums = buffer.AsSpan(0, row + 1);
        sums.Clear();
        for (int h = perSlot[row]; h < perSlot[row + 1]; h++)
        {
            int user = holders[h], at = positions[h];
            double va = values[at];
            // The user's products before this one in their list are exactly their modelled products b ≤ row.
            for (int b = pointers[user]; b <= at; b++) sums[slots[b]] += va * values[b];
        }
        var target = gram.AsSpan(row * n, n);
        sums.CopyTo(target);
        target[(row + 1)..].Clear();
    }

    /// <summary>
    /// The last fit's XᵀX buffer (72 MB at n = 3,000), kept weakly for the next fit of the same size: a retrain fits EASE on
    /// the hold-out's training part and then on all the data, and fresh memory costs far more than reused memory (each new
    /// page faults in; ~15 µs a page on this project's machine, ~0.3 s for this buffer). The GC may take it whenever it
    /// likes; then the next fit allocates anew.
    /// </summary>
    private static class Workspace
    {
        private static readonly WeakReference<double[]?> s_kept = new(null);
        private static readonly Lock s_lock = new();

        public static double[] Take(int length)
        {
            lock (s_lock)
            {
                if (s_kept.TryGetTarget(out var kept) && kept is not null && kept.Length == length)
                {
                    s_kept.SetTarget(null);
                    return kept;
                }
            }
            return GC.AllocateUninitializedArray<double>(length);
        }

        public static void Release(double[] buffer)
        {
            lock (s_lock) s_kept.SetTarget(buffer);
        }
    }

    /// <summary>B[i, j] = −P[i, j] / P[j, j] as floats, zero diagonal, from P = G⁻¹ (both triangles).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float[] Weights(double[] inverse, int n, ParallelOptions? parallel)
    {
        var weights = GC.AllocateUninitializedArray<float>(checked(n * n)); // every element is written below
        var inverseDiagonal = new double[n];
        for (int j = 0; j < n; j++) inverseDiagonal[j] = 1 / inverse[(long)j * n + j];
        Parallel.For(0, n, parallel ?? ParallelWork.Options(), i => WeightsRow(inverse, inverseDiagonal, n, i, weights));
        return weights;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WeightsRow(double[] inverse, double[] inverseDiagonal, int n, int i, float[] weights)
    {
        long row = (long)i * n;
        for (int j = 0; j < n; j++) weights[row + j] = i == j ? 0f : (float)(-inverse[row + j] * inverseDiagonal[j]);
    }

    public bool Knows(in UserHistory user)
    {
        foreach (int product in user.Products.Span)
            if ((uint)product < (uint)_slotOf.Length && _slotOf[product] >= 0) return true;
        return false;
    }

    public ScoredProduct[] Recommend(in UserHistory user, int count, ProductFilter filter) => Recommend(user, [count], filter)[0];

    /// <inheritdoc/>
    public ScoredProduct[][] Recommend(in UserHistory user, ReadOnlySpan<int> counts, ProductFilter filter)
    {
        int n = _items.Length;
        float[] rented = ArrayPool<float>.Shared.Rent(n);
        try
        {
            var scores = rented.AsSpan(0, n);
            scores.Clear();
            bool any = false;
            var products = user.Products.Span;
            var weights = user.Weights.Span;
            for (int k = 0; k < products.Length; k++)
            {
                if ((uint)products[k] >= (uint)_slotOf.Length || _slotOf[products[k]] is not (var slot and >= 0)) continue;
                AddScaled((float)weights[k], _weights.AsSpan(slot * n, n), scores);
                any = true;
            }
            return any ? TopProducts.Select(scores, _items, counts, filter, RecommendationSources.Ease) : TopProducts.NoLists(counts.Length);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// Products most like <paramref name="product"/> by EASE: the largest entries of B's row for it, B[j, ·] — what EASE
    /// recommends to a shopper whose history is this product alone (their score for i is Σ_j x_j·B[j, i]), so a product's
    /// neighbours and a shopper's list mean the same thing, as item-kNN's "viewed with" does. (B's column, B[·, j], would
    /// rank the products that predict this one; B is not symmetric: B[i, j] = −P[i, j] / P[j, j].) Only modelled products
    /// have neighbours, and only modelled products are neighbours.
    /// </summary>
    public ScoredProduct[] Similar(int product, int count, ProductFilter filter)
    {
        if ((uint)product >= (uint)_slotOf.Length || _slotOf[product] is not (var slot and >= 0)) return [];
        int n = _items.Length;
        return TopProducts.Select(_weights.AsSpan(slot * n, n), _items, [count], filter, RecommendationSources.Ease, exclude: product)[0];
    }

    /// <summary>
    /// Splits each product's score into its exact terms, one per history item: the score of p is Σ_h x_h·B[h, p] (see
    /// <see cref="Recommend"/>), so history item h contributes x_h·B[h, p] — 0 when h or p is not modelled. A term may be
    /// negative (B holds negative weights: a product that predicts p's absence).
    /// </summary>
    public void Contributions(in UserHistory user, ReadOnlySpan<int> products, Span<double> contributions)
    {
        var history = user.Products.Span;
        var weights = user.Weights.Span;
        int h = history.Length, n = _items.Length;
        for (int k = 0; k < h; k++)
        {
            int from = (uint)history[k] < (uint)_slotOf.Length ? _slotOf[history[k]] : -1;
            for (int i = 0; i < products.Length; i++)
            {
                int to = (uint)products[i] < (uint)_slotOf.Length ? _slotOf[products[i]] : -1;
                contributions[i * h + k] = from >= 0 && to >= 0 ? (float)weights[k] * _weights[(long)from * n + to] : 0;
            }
        }
    }

    /// <summary>Whether EASE models the product (it is one of the <see cref="EaseOptions.MaxItems"/> most-interacted).</summary>
    public bool Models(int product) => (uint)product < (uint)_slotOf.Length && _slotOf[product] >= 0;

    public string? WhyNoNeighbours(int product) => Models(product) ? null
        : $"EASE models only the {_items.Length:N0} most-interacted products (Teddy__Training__Ease__MaxItems) and this is not one of them, so it has no EASE neighbours";

    /// <summary>scores += weight × row, vectorised.</summary>
    private static void AddScaled(float weight, ReadOnlySpan<float> row, Span<float> scores)
    {
        var s = MemoryMarshal.Cast<float, Vector<float>>(scores);
        var r = MemoryMarshal.Cast<float, Vector<float>>(row);
        var w = new Vector<float>(weight);
        for (int i = 0; i < s.Length; i++) s[i] = Vector.FusedMultiplyAdd(w, r[i], s[i]);
        for (int i = s.Length * Vector<float>.Count; i < scores.Length; i++) scores[i] += weight * row[i];
    }

    public void Write(ArtifactWriter writer)
    {
        writer.BeginSection(Method);
        writer.Write(Lambda);
        writer.Write(_slotOf.Length);
        writer.Write(_items);
        writer.Write(_weights);
        writer.EndSection();
    }

    /// <exception cref="InvalidArtifactException">The section's shapes do not agree.</exception>
    public static EaseRecommender Read(ArtifactReader reader)
    {
        reader.BeginSection(RecommenderMethods.Ease);
        double lambda = reader.ReadDouble();
        int products = reader.ReadInt32();
        var items = reader.ReadArray<int>();
        var weights = reader.ReadArray<float>();
        reader.EndSection();
        try
        {
            return new EaseRecommender(products, items, weights, lambda);
        }
        catch (ArgumentException e)
        {
            throw new InvalidArtifactException($"The EASE section is inconsistent: {e.Message}");
        }
    }
}

/// <summary>Settings under <c>Teddy:Training:Ease</c>.</summary>
public sealed class EaseOptions
{
    /// <summary>
    /// The L2 regularisation λ added to XᵀX's diagonal, as a multiple of that diagonal's mean over the modelled
    /// products (positive). Relative, so one value suits a shop at any size: 2 was best on the demo shop at 1× and
    /// 10× (λ ≈ 5,500 and 33,000 there; docs/benchmarks.md). Larger λ leans towards co-occurrence counts (popular
    /// products), smaller towards rarer exact associations.
    /// </summary>
    public double RelativeLambda { get; set; } = 2.0;
    /// <summary>
    /// The most-interacted products EASE models (n): fitting costs O(n³) time and 8n² bytes, the model 4n² bytes
    /// (3,000: about 1 s on 2 cores and a 34 MiB B). Products beyond them get no EASE score.
    /// </summary>
    public int MaxItems { get; set; } = 3000;

    /// <summary>The largest MaxItems allowed: 20,000 products need a 3.2 GB gram matrix and about 8 × 10¹² flops to invert.</summary>
    public const int LargestMaxItems = 20_000;
}
