using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Teddy.Artifacts;
using Teddy.LinearAlgebra;

namespace Teddy.Recommenders;

/// <summary>
/// Content-based recommendations: a user's profile is the weighted mean of the TF-IDF vectors of the
/// products they interacted with, and a product's score is the cosine between the profile and its
/// (L2-normalised) vector. Scoring walks an inverted index (term → products), so it touches only the
/// products that share a term with the profile, not every product's row.
/// </summary>
public sealed class ContentRecommender : IRecommender, IHistoryContributions
{
    private readonly SparseFloatRows _products;  // product → terms
    private readonly SparseFloatRows _postings;  // term → products

    /// <summary>How many of a profile's strongest terms are scored (see <see cref="Strongest"/>); 300 leaves NDCG unchanged on the bench.</summary>
    public int MaxProfileTerms { get; }

    public string Method => RecommenderMethods.Content;

    public const int DefaultMaxProfileTerms = 300;

    public ContentRecommender(SparseFloatRows productVectors, int maxProfileTerms = DefaultMaxProfileTerms)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxProfileTerms, 1);
        _products = productVectors;
        _postings = productVectors.Transpose();
        MaxProfileTerms = maxProfileTerms;
    }

    /// <param name="productVectors">TF-IDF rows (products × terms), L2-normalised.</param>
    public static ContentRecommender Fit(CsrMatrix productVectors, int maxProfileTerms = DefaultMaxProfileTerms) =>
        new(SparseFloatRows.From(productVectors), maxProfileTerms);

    public bool Knows(in UserHistory user) => _products.AnyNonEmpty(user.Products.Span);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    public ScoredProduct[] Recommend(in UserHistory user, int count, ProductFilter filter) => Recommend(user, [count], filter)[0];

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    public ScoredProduct[][] Recommend(in UserHistory user, ReadOnlySpan<int> counts, ProductFilter filter)
    {
        float[] profile = RentProfile();
        int[] terms = ArrayPool<int>.Shared.Rent(_products.Columns);
        try
        {
            int termCount = BuildProfile(user, profile, terms);
            if (termCount == 0) return TopProducts.NoLists(counts.Length);
            double norm = 0;
            foreach (int t in terms.AsSpan(0, termCount)) norm += (double)profile[t] * profile[t];
            termCount = Strongest(profile, terms, termCount);
            return Score(profile, terms.AsSpan(0, termCount), norm, counts, filter, exclude: -1);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(profile);
            ArrayPool<int>.Shared.Return(terms);
        }
    }

    public ScoredProduct[] Similar(int product, int count, ProductFilter filter)
    {
        float[] profile = RentProfile();
        try
        {
            var terms = _products.RowIndices(product);
            var values = _products.RowValues(product);
            for (int i = 0; i < terms.Length; i++) profile[terms[i]] = values[i];
            return Score(profile, terms, norm: 1.0, [count], filter, exclude: product)[0]; // product rows are L2-normalised
        }
        finally
        {
            ArrayPool<float>.Shared.Return(profile);
        }
    }

    public string? WhyNoNeighbours(int product) => !_products.RowIndices(product).IsEmpty ? null
        : "its text has no word of the content model's vocabulary, so it has no content neighbours";

    /// <summary>
    /// Splits each product's score by history item: the profile is Σ_h w_h·x_h / Σw, scored over its strongest terms and
    /// divided by its whole norm (see <see cref="Recommend"/>), so product p's score is Σ_h (w_h / Σw)(x_h · x_p over
    /// those terms) / ‖profile‖, one share per history item h.
    /// </summary>
    public void Contributions(in UserHistory user, ReadOnlySpan<int> products, Span<double> contributions)
    {
        var history = user.Products.Span;
        var weights = user.Weights.Span;
        contributions[..(products.Length * history.Length)].Clear();
        float[] profile = RentProfile();
        float[] row = RentProfile();
        int[] terms = ArrayPool<int>.Shared.Rent(_products.Columns);
        try
        {
            int termCount = BuildProfile(user, profile, terms);
            if (termCount == 0) return;
            double norm = 0, totalWeight = 0;
            foreach (int t in terms.AsSpan(0, termCount)) norm += (double)profile[t] * profile[t];
            for (int h = 0; h < history.Length; h++)
                if (weights[h] > 0 && !_products.RowIndices(history[h]).IsEmpty) totalWeight += (float)weights[h];
            int kept = Strongest(profile, terms, termCount);
            // Terms the scoring dropped do not count: zero them, so profile[t] != 0 marks a scored term.
            foreach (int t in terms.AsSpan(kept, termCount - kept)) profile[t] = 0;
            double scale = 1.0 / (totalWeight * Math.Sqrt(norm));
            for (int i = 0; i < products.Length; i++)
            {
                var productTerms = _products.RowIndices(products[i]);
                var productValues = _products.RowValues(products[i]);
                for (int k = 0; k < productTerms.Length; k++)
                    if (profile[productTerms[k]] != 0) row[productTerms[k]] = productValues[k];
                for (int h = 0; h < history.Length; h++)
                {
                    if (weights[h] <= 0) continue;
                    var historyTerms = _products.RowIndices(history[h]);
                    var historyValues = _products.RowValues(history[h]);
                    double dot = 0;
                    for (int k = 0; k < historyTerms.Length; k++) dot += row[historyTerms[k]] * historyValues[k];
                    contributions[i * history.Length + h] = (float)weights[h] * dot * scale;
                }
                foreach (int t in productTerms) row[t] = 0;
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(profile);
            ArrayPool<float>.Shared.Return(row);
            ArrayPool<int>.Shared.Return(terms);
        }
    }

    /// <summary>
    /// Keeps the profile's <see cref="MaxProfileTerms"/> strongest terms (a heavy user's profile has thousands,
    /// most with tiny weights, and each costs a walk of its postings). Scores stay cosines against the whole
    /// profile's norm; the dropped terms' share of it is small.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    private int Strongest(float[] profile, int[] terms, int termCount)
    {
        if (termCount <= MaxProfileTerms) return termCount;
        float[] keys = ArrayPool<float>.Shared.Rent(termCount);
        try
        {
            for (int i = 0; i < termCount; i++) keys[i] = -profile[terms[i]];
            keys.AsSpan(0, termCount).Sort(terms.AsSpan(0, termCount));
            return MaxProfileTerms;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(keys);
        }
    }

    /// <summary>Pooled arrays come back dirty; the profile must start at zero.</summary>
    private float[] RentProfile()
    {
        float[] profile = ArrayPool<float>.Shared.Rent(_products.Columns);
        Array.Clear(profile, 0, _products.Columns);
        return profile;
    }

    /// <summary>
    /// Accumulates the weighted mean of the user's product vectors into <paramref name="profile"/> (dense over
    /// terms, zero on entry) and lists its non-zero terms; returns how many.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    private int BuildProfile(in UserHistory user, float[] profile, int[] terms)
    {
        var products = user.Products.Span;
        var weights = user.Weights.Span;
        int termCount = 0;
        double totalWeight = 0;
        for (int i = 0; i < products.Length; i++)
        {
            float weight = (float)weights[i];
            if (weight <= 0) continue;
            var rowTerms = _products.RowIndices(products[i]);
            if (rowTerms.IsEmpty) continue;
            totalWeight += weight;
            var rowValues = _products.RowValues(products[i]);
            for (int k = 0; k < rowTerms.Length; k++)
            {
                int t = rowTerms[k];
                if (profile[t] == 0) terms[termCount++] = t;
                profile[t] += weight * rowValues[k];
            }
        }
        if (termCount > 0)
        {
            float scale = (float)(1.0 / totalWeight);
            foreach (int t in terms.AsSpan(0, termCount)) profile[t] *= scale;
        }
        return termCount;
    }

    /// <summary>Cosine of every product with the profile, via the inverted index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    private ScoredProduct[][] Score(float[] profile, ReadOnlySpan<int> terms, double norm, ReadOnlySpan<int> counts, ProductFilter filter, int exclude)
    {
        float[] scores = ArrayPool<float>.Shared.Rent(_products.Rows);
        try
        {
            var dense = scores.AsSpan(0, _products.Rows);
            dense.Clear();
            // The hot loop: a scattered multiply-add per posting. Indices come from the model itself (every
            // posting names a product row), so the bounds checks are skipped.
            ref float accumulator = ref MemoryMarshal.GetReference(dense);
            ref int postingProduct = ref MemoryMarshal.GetArrayDataReference(_postings.Indices);
            ref float postingValue = ref MemoryMarshal.GetArrayDataReference(_postings.Values);
            foreach (int t in terms)
            {
                float weight = profile[t];
                int end = _postings.Pointers[t + 1];
                for (int k = _postings.Pointers[t]; k < end; k++)
                    Unsafe.Add(ref accumulator, Unsafe.Add(ref postingProduct, k)) += weight * Unsafe.Add(ref postingValue, k);
            }
            if (exclude >= 0) dense[exclude] = float.NaN;

            // Rank on the raw dot products (dividing by the profile's norm does not change the order), skip
            // products that share no term, and turn only the selected scores into cosines.
            var lists = TopProducts.Select(dense, counts, filter, RecommendationSources.Content, minimumExclusive: 0f);
            float inverseNorm = norm > 0 ? (float)(1.0 / Math.Sqrt(norm)) : 0f;
            foreach (var top in lists)
                for (int i = 0; i < top.Length; i++) top[i] = top[i] with { Score = top[i].Score * inverseNorm };
            return lists;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
        }
    }

    public void Write(ArtifactWriter writer)
    {
        writer.BeginSection(Method);
        writer.Write(MaxProfileTerms);
        _products.Write(writer);
        writer.EndSection();
    }

    public static ContentRecommender Read(ArtifactReader reader)
    {
        reader.BeginSection(RecommenderMethods.Content);
        int maxProfileTerms = reader.ReadInt32();
        var recommender = new ContentRecommender(SparseFloatRows.Read(reader), maxProfileTerms);
        reader.EndSection();
        return recommender;
    }
}
