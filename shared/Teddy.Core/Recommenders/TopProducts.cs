using System.Runtime.CompilerServices;
using System.Buffers;

namespace Teddy.Recommenders;

/// <summary>
/// Selects the n best-scored allowed products from a dense score array with a bounded min-heap: O(P log n)
/// time, one n-sized allocation. Ties go to the lower product index, so results are deterministic.
/// <para>
/// With a <see cref="ProductFilter.BrandCap"/>, the n are the best with at most the cap per brand (each brand's best
/// kept in a few slots as the scan goes, then the best n of those), and only when fewer than n products qualify under
/// the cap is it lifted, the best remaining products completing the n — so a model whose top scores crowd into a few
/// brands still hands the ranking pipeline candidates of many brands (issue 8: the cap applied before the cut, not
/// after it), and a shop with few brands still gets full lists.
/// </para>
/// </summary>
public static class TopProducts
{
    /// <param name="minimumExclusive">Scores at or below this are not candidates (NaN never is).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    public static ScoredProduct[] Select(ReadOnlySpan<float> scores, int count, ProductFilter filter, float minimumExclusive = float.NegativeInfinity)
    {
        if (count <= 0) return [];
        if (filter.BrandCap is { } cap)
        {
            foreach (int perCandidate in BestPerCandidate)
                if (CappedFromBest(scores, default, count, perCandidate, cap, filter, minimumExclusive, exclude: -1) is { } best) return best;
            var capped = new CappedSelection(count, cap, filter);
            for (int p = 0; p < scores.Length; p++)
                if (scores[p] > minimumExclusive) capped.Offer(new ScoredProduct(p, scores[p])); // also skips NaN
            return capped.Result();
        }
        var heap = new ScoredProduct[count];
        int size = 0;
        for (int p = 0; p < scores.Length; p++)
        {
            float score = scores[p];
            if (!(score > minimumExclusive)) continue; // also skips NaN
            if (size == count && !Better(score, p, heap[0])) continue;
            if (!filter.Allows(p)) continue;
            Push(heap, ref size, new ScoredProduct(p, score));
        }
        return Drain(heap, size);
    }

    /// <summary>
    /// The same selection over scores of a subset of products: <paramref name="scores"/>[i] is the score of product
    /// <paramref name="products"/>[i] (ascending product indices, so ties still go to the lower product);
    /// <paramref name="exclude"/> (a product index, or -1) is never a candidate.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    public static ScoredProduct[] Select(ReadOnlySpan<float> scores, ReadOnlySpan<int> products, int count, ProductFilter filter, int exclude = -1)
    {
        if (count <= 0) return [];
        if (filter.BrandCap is { } cap)
        {
            foreach (int perCandidate in BestPerCandidate)
                if (CappedFromBest(scores, products, count, perCandidate, cap, filter, minimumExclusive: float.NaN, exclude) is { } best) return best;
            var capped = new CappedSelection(count, cap, filter);
            for (int i = 0; i < scores.Length; i++)
                if (!float.IsNaN(scores[i]) && products[i] != exclude) capped.Offer(new ScoredProduct(products[i], scores[i]));
            return capped.Result();
        }
        var heap = new ScoredProduct[count];
        int size = 0;
        for (int i = 0; i < scores.Length; i++)
        {
            float score = scores[i];
            int p = products[i];
            if (float.IsNaN(score) || p == exclude) continue;
            if (size == count && !Better(score, p, heap[0])) continue;
            if (!filter.Allows(p)) continue;
            Push(heap, ref size, new ScoredProduct(p, score));
        }
        return Drain(heap, size);
    }

    /// <summary>The same selection over a sparse candidate list (e.g. accumulated neighbour scores).</summary>
    public static ScoredProduct[] Select(IEnumerable<ScoredProduct> candidates, int count, ProductFilter filter)
    {
        if (count <= 0) return [];
        if (filter.BrandCap is { } cap)
        {
            var capped = new CappedSelection(count, cap, filter);
            foreach (var candidate in candidates)
                if (!float.IsNaN(candidate.Score)) capped.Offer(candidate);
            return capped.Result();
        }
        var heap = new ScoredProduct[count];
        int size = 0;
        foreach (var candidate in candidates)
        {
            if (float.IsNaN(candidate.Score)) continue;
            if (size == count && !Better(candidate.Score, candidate.Product, heap[0])) continue;
            if (!filter.Allows(candidate.Product)) continue;
            Push(heap, ref size, candidate);
        }
        return Drain(heap, size);
    }

    /// <summary>
    /// The selection of <paramref name="count"/> from a longer one, without scanning again: <paramref name="selected"/> is what
    /// a Select of more than <paramref name="count"/> returned (best first) for the same scores and filter, and the result is
    /// what a Select of <paramref name="count"/> returns. Without a cap that is the first n. Under a cap, the longer list
    /// holds every product the capped n can contain (each brand's best under the cap come before that brand's others) and,
    /// when it had to lift the cap, the best of the rest; so taking it in order, each product while its brand is under the
    /// cap, then completing in order, gives the same n. Only while the cap per brand is the same for both lengths
    /// (<see cref="SameCap"/>); the list's order is kept (scores a model rescaled after selecting may tie where they did not).
    /// </summary>
    /// <exception cref="ArgumentException">The cap per brand differs between the two lengths.</exception>
    internal static ScoredProduct[] Reselect(ScoredProduct[] selected, int selectedFor, int count, BrandCap? cap)
    {
        if (!SameCap(cap, selectedFor, count)) throw new ArgumentException("The cap per brand differs between the two lengths.", nameof(count));
        if (count <= 0) return [];
        if (selected.Length <= count && (cap is null || selected.Length < selectedFor)) return selected;
        if (cap is null) return selected[..count];
        int perBrand = Math.Max(1, Math.Min(cap.MaxPerBrand, count));
        var taken = new Dictionary<int, int>();
        var chosen = new bool[selected.Length];
        int picked = 0;
        for (int i = 0; i < selected.Length && picked < count; i++)
        {
            int brand = cap.Brands[selected[i].Product];
            if (brand >= 0 && taken.GetValueOrDefault(brand) >= perBrand) continue;
            if (brand >= 0) taken[brand] = taken.GetValueOrDefault(brand) + 1;
            chosen[i] = true;
            picked++;
        }
        // Short under the cap: the best of the rest complete it; either way the list's own order is kept.
        for (int i = 0; i < selected.Length && picked < count; i++)
            if (!chosen[i]) { chosen[i] = true; picked++; }
        var result = new ScoredProduct[picked];
        for (int i = 0, j = 0; i < selected.Length; i++)
            if (chosen[i]) result[j++] = selected[i];
        return result;
    }

    /// <summary>Whether selections of the two lengths cap brands alike (a cap per brand above the shorter length is lowered to it).</summary>
    internal static bool SameCap(BrandCap? cap, int oneCount, int otherCount) =>
        cap is null || Math.Max(1, Math.Min(cap.MaxPerBrand, oneCount)) == Math.Max(1, Math.Min(cap.MaxPerBrand, otherCount));

    /// <summary>
    /// How many of the best products (per candidate wanted) the brand-capped selection's fast path keeps: first a few, then,
    /// when those fall short under the cap, more. On the demo shop SVD and EASE need about 1.2 per candidate; content, whose
    /// best scores crowd into the shopper's brands (brand names are in the text), needs 2–8 (up to 11 for a short list).
    /// </summary>
    internal static ReadOnlySpan<int> BestPerCandidate => [4, 16];

    /// <summary>
    /// The brand-capped selection from the best products alone, when they suffice (the hot path: a catalog-wide scan
    /// per request). The capped n are what taking products best-first, each while its brand is under the cap, yields
    /// (<see cref="CappedSelection"/> keeps each brand's best in slots instead, to the same result); so when the
    /// <see cref="BestPerCandidate"/> × n best allowed products already yield n that way, the products below them
    /// cannot change the result, and one comparison with a bounded heap's worst rejects almost every product. When
    /// they do not (a model crowded into few brands), null: the caller keeps more, or runs the full selection. When the heap
    /// holds every allowed product, the cap's lifting is done here too, exactly as <see cref="CappedSelection.Result"/> does.
    /// </summary>
    /// <param name="products">The products the scores are of (ascending), or empty when scores[p] is product p's.</param>
    /// <param name="minimumExclusive">For a dense scan: scores at or below this are not candidates; over given products, only NaN is left out.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    private static ScoredProduct[]? CappedFromBest(ReadOnlySpan<float> scores, ReadOnlySpan<int> products, int count, int perCandidate,
        BrandCap cap, ProductFilter filter, float minimumExclusive, int exclude)
    {
        int kept = (int)Math.Min((long)count * perCandidate, scores.Length);
        if (kept == 0) return [];
        var heap = ArrayPool<ScoredProduct>.Shared.Rent(kept);
        int size = 0;
        bool dense = products.IsEmpty;
        for (int i = 0; i < scores.Length; i++)
        {
            float score = scores[i];
            if (dense ? !(score > minimumExclusive) : float.IsNaN(score)) continue; // a dense scan's minimum also skips NaN
            int p = dense ? i : products[i];
            if (size == kept && !Better(score, p, heap[0])) continue;
            if (p == exclude || !filter.Allows(p)) continue;
            PushInto(heap, kept, ref size, new ScoredProduct(p, score));
        }
        bool all = size < kept; // the heap never filled: it holds every allowed product
        var best = heap.AsSpan(0, size);
        BestFirst.Sort(best);
        int perBrand = Math.Max(1, Math.Min(cap.MaxPerBrand, count));
        int[] taken = ArrayPool<int>.Shared.Rent(cap.BrandCount);
        Array.Clear(taken, 0, cap.BrandCount);
        var result = new ScoredProduct[Math.Min(count, size)];
        int picked = 0;
        bool[]? used = all ? new bool[best.Length] : null;
        for (int i = 0; i < best.Length && picked < count; i++)
        {
            int brand = cap.Brands[best[i].Product];
            if (brand >= 0 && taken[brand] >= perBrand) continue;
            if (brand >= 0) taken[brand]++;
            result[picked++] = best[i];
            if (used is not null) used[i] = true;
        }
        ArrayPool<int>.Shared.Return(taken);
        ScoredProduct[]? selected = null;
        if (picked == result.Length) selected = result;
        else if (all)
        {
            // Too few brands to fill the n under the cap: the best of the rest complete it, and the whole is in score order.
            for (int i = 0; i < best.Length && picked < result.Length; i++)
                if (!used![i]) result[picked++] = best[i];
            BestFirst.Sort(result);
            selected = result;
        }
        ArrayPool<ScoredProduct>.Shared.Return(heap);
        return selected;
    }

    /// <summary>
    /// One brand-capped selection: every brand's best <see cref="BrandCap.MaxPerBrand"/> allowed products in slots (sorted,
    /// best first), the unbranded ones in a heap of n, and beside them the uncapped best n, which completes the result
    /// when the cap leaves it short (the best products outside the capped n are always among the uncapped best n).
    /// </summary>
    private sealed class CappedSelection
    {
        private readonly int _count, _cap;
        private readonly BrandCap _brands;
        private readonly ProductFilter _filter;
        private readonly ScoredProduct[] _slots;
        private readonly int[] _filled;
        private readonly ScoredProduct[] _unbranded, _uncapped;
        private int _unbrandedSize, _uncappedSize;

        public CappedSelection(int count, BrandCap brands, ProductFilter filter)
        {
            _count = count;
            _cap = Math.Max(1, Math.Min(brands.MaxPerBrand, count));
            _brands = brands;
            _filter = filter;
            // Per-brand state is rented (a request's scan touches every brand, 16 KB at 666 brands): returned by Result.
            _slots = ArrayPool<ScoredProduct>.Shared.Rent(checked(brands.BrandCount * _cap));
            _filled = ArrayPool<int>.Shared.Rent(brands.BrandCount);
            Array.Clear(_filled, 0, brands.BrandCount);
            _unbranded = new ScoredProduct[count];
            _uncapped = new ScoredProduct[count];
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
        public void Offer(ScoredProduct item)
        {
            bool intoUncapped = _uncappedSize < _count || Better(item.Score, item.Product, _uncapped[0]);
            int brand = _brands.Brands[item.Product];
            bool intoBrand;
            if (brand < 0)
                intoBrand = _unbrandedSize < _count || Better(item.Score, item.Product, _unbranded[0]);
            else
            {
                int filled = _filled[brand];
                intoBrand = filled < _cap || Better(item.Score, item.Product, _slots[brand * _cap + _cap - 1]);
            }
            if (!intoUncapped && !intoBrand) return;
            if (!_filter.Allows(item.Product)) return;
            if (intoUncapped) Push(_uncapped, ref _uncappedSize, item);
            if (!intoBrand) return;
            if (brand < 0)
            {
                Push(_unbranded, ref _unbrandedSize, item);
                return;
            }
            // Insert into the brand's slots, kept best first; the worst falls off when they are full.
            int start = brand * _cap, n = _filled[brand], i = Math.Min(n, _cap - 1);
            if (n < _cap) _filled[brand] = n + 1;
            while (i > 0 && Better(item.Score, item.Product, _slots[start + i - 1]))
            {
                _slots[start + i] = _slots[start + i - 1];
                i--;
            }
            _slots[start + i] = item;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
        public ScoredProduct[] Result()
        {
            var heap = new ScoredProduct[_count];
            int size = 0;
            for (int b = 0; b < _brands.BrandCount; b++)
                for (int i = 0; i < _filled[b]; i++)
                {
                    var item = _slots[b * _cap + i];
                    if (size < _count || Better(item.Score, item.Product, heap[0])) Push(heap, ref size, item);
                }
            ArrayPool<ScoredProduct>.Shared.Return(_slots);
            ArrayPool<int>.Shared.Return(_filled);
            for (int i = 0; i < _unbrandedSize; i++)
                if (size < _count || Better(_unbranded[i].Score, _unbranded[i].Product, heap[0])) Push(heap, ref size, _unbranded[i]);
            var result = Drain(heap, size);
            if (result.Length == _count || _uncappedSize == result.Length) return result;
            // Too few brands to fill the n under the cap: the best of the rest complete it (they follow the capped ones).
            var taken = result.Select(r => r.Product).ToHashSet();
            ScoredProduct[] completed = [.. result, .. Drain(_uncapped, _uncappedSize).Where(r => !taken.Contains(r.Product)).Take(_count - result.Length)];
            Array.Sort(completed, (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Product.CompareTo(b.Product));
            return completed;
        }
    }

    private static bool Better(float score, int product, ScoredProduct than) =>
        score > than.Score || (score == than.Score && product < than.Product);

    private static void Push(ScoredProduct[] heap, ref int size, ScoredProduct item) => PushInto(heap, heap.Length, ref size, item);

    /// <summary>Push onto a min-heap (worst at the root) of at most <paramref name="capacity"/> items in <paramref name="heap"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    private static void PushInto(ScoredProduct[] heap, int capacity, ref int size, ScoredProduct item)
    {
        if (size < capacity)
        {
            int i = size++;
            heap[i] = item;
            while (i > 0)
            {
                int parent = (i - 1) / 2;
                if (!Better(heap[parent].Score, heap[parent].Product, heap[i])) break;
                (heap[parent], heap[i]) = (heap[i], heap[parent]);
                i = parent;
            }
            return;
        }
        heap[0] = item;
        SiftDown(heap, 0, size);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    private static void SiftDown(ScoredProduct[] heap, int i, int size)
    {
        while (true)
        {
            int left = 2 * i + 1, right = left + 1, worst = i;
            if (left < size && Better(heap[worst].Score, heap[worst].Product, heap[left])) worst = left;
            if (right < size && Better(heap[worst].Score, heap[worst].Product, heap[right])) worst = right;
            if (worst == i) return;
            (heap[worst], heap[i]) = (heap[i], heap[worst]);
            i = worst;
        }
    }

    private static ScoredProduct[] Drain(ScoredProduct[] heap, int size)
    {
        var result = heap.AsSpan(0, size).ToArray();
        BestFirst.Sort(result);
        return result;
    }
}
