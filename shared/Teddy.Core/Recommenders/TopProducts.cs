using System.Buffers;
using System.Runtime.CompilerServices;

namespace Teddy.Recommenders;

/// <summary>
/// Selects the n best-scored allowed products from a dense score array with a bounded min-heap: O(P log n)
/// time, one n-sized allocation. Ties go to the lower product index, so results are deterministic.
/// <para>
/// With a <see cref="ProductFilter.BrandCap"/>, the n are the best with at most the cap per brand (each brand's best
/// kept in a few slots as the scan goes, then the best n of those), and only when fewer than n products qualify under
/// the cap is it lifted, the best remaining products completing the n — so a model whose top scores crowd into a few
/// brands still hands the ranking pipeline candidates of many brands (issue 8: the cap applied before the cut, not
/// after it), and a shop with few brands still gets full lists. A <see cref="ProductFilter.CategoryCap"/> works alike
/// per category (content's best scores crowd into the shopper's one category), and yields before the brand cap.
/// </para>
/// </summary>
public static class TopProducts
{
    /// <param name="minimumExclusive">Scores at or below this are not candidates (NaN never is).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    public static ScoredProduct[] Select(ReadOnlySpan<float> scores, int count, ProductFilter filter, float minimumExclusive = float.NegativeInfinity)
    {
        if (count <= 0) return [];
        if (filter.IsCapped)
        {
            foreach (int perCandidate in BestPerCandidate)
                if (CappedFromBest(scores, default, count, perCandidate, filter, minimumExclusive, exclude: -1) is { } best) return best;
            var capped = new CappedSelection(count, filter);
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

    /// <summary>Empty lists at <paramref name="lengths"/> lengths (a model that knows nothing of the user).</summary>
    public static ScoredProduct[][] NoLists(int lengths)
    {
        var lists = new ScoredProduct[lengths][];
        Array.Fill(lists, []);
        return lists;
    }

    /// <summary>
    /// <see cref="Select(ReadOnlySpan{float}, int, ProductFilter, float)"/> at several lengths over the same scores (element i
    /// for <paramref name="counts"/>[i]), each tagged with <paramref name="sources"/>: a model scores once and selects per length.
    /// </summary>
    public static ScoredProduct[][] Select(ReadOnlySpan<float> scores, ReadOnlySpan<int> counts, ProductFilter filter,
        RecommendationSources sources, float minimumExclusive = float.NegativeInfinity)
    {
        var lists = new ScoredProduct[counts.Length][];
        for (int i = 0; i < counts.Length; i++)
        {
            var top = Select(scores, counts[i], filter, minimumExclusive);
            for (int r = 0; r < top.Length; r++) top[r] = top[r] with { Sources = sources };
            lists[i] = top;
        }
        return lists;
    }

    /// <summary>
    /// <see cref="Select(ReadOnlySpan{float}, ReadOnlySpan{int}, int, ProductFilter, int)"/> at several lengths over the same
    /// scores (element i for <paramref name="counts"/>[i]), each tagged with <paramref name="sources"/>.
    /// </summary>
    public static ScoredProduct[][] Select(ReadOnlySpan<float> scores, ReadOnlySpan<int> products, ReadOnlySpan<int> counts,
        ProductFilter filter, RecommendationSources sources, int exclude = -1)
    {
        var lists = new ScoredProduct[counts.Length][];
        for (int i = 0; i < counts.Length; i++)
        {
            var top = Select(scores, products, counts[i], filter, exclude);
            for (int r = 0; r < top.Length; r++) top[r] = top[r] with { Sources = sources };
            lists[i] = top;
        }
        return lists;
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
        if (filter.IsCapped)
        {
            foreach (int perCandidate in BestPerCandidate)
                if (CappedFromBest(scores, products, count, perCandidate, filter, minimumExclusive: float.NaN, exclude) is { } best) return best;
            var capped = new CappedSelection(count, filter);
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
        if (filter.IsCapped)
        {
            var capped = new CappedSelection(count, filter);
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
    /// How many of the best products (per candidate wanted) the capped selection's fast path keeps: first a few, then, when
    /// those fall short under the caps, more. On the demo shop SVD and EASE need about 1.2 per candidate; content, whose
    /// best scores crowd into the shopper's brands and category (their names are in the text), needs 2–8 (up to 11 for a
    /// short list).
    /// </summary>
    internal static ReadOnlySpan<int> BestPerCandidate => [4, 16];

    /// <summary>
    /// The capped selection from the best products alone, when they suffice (the hot path: a catalog-wide scan per
    /// request): the <paramref name="perCandidate"/> × n best allowed products, through a <see cref="CappedSelection"/> of
    /// their own. Why that is the whole scan's result when its first phase fills the n: whether a product is
    /// brand-qualified, or among its category's best unbranded, or among the best n of the rest, depends only on the
    /// products better than it, which are all among the kept ones; so the products phase 1 can take from the kept ones are
    /// a best-first prefix of those it can take from all, and a phase that fills the n from a prefix takes the same n from
    /// the whole. One comparison with a bounded heap's worst rejects almost every product. When phase 1 falls short (a
    /// model crowded into few brands or one category), null: the caller keeps more, or runs the full selection; unless the
    /// heap holds every allowed product, when the kept ones' whole selection, the caps' lifting included, is the answer.
    /// </summary>
    /// <param name="products">The products the scores are of (ascending), or empty when scores[p] is product p's.</param>
    /// <param name="minimumExclusive">For a dense scan: scores at or below this are not candidates; over given products, only NaN is left out.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    private static ScoredProduct[]? CappedFromBest(ReadOnlySpan<float> scores, ReadOnlySpan<int> products, int count, int perCandidate,
        ProductFilter filter, float minimumExclusive, int exclude)
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
        bool all = size < kept || kept == scores.Length; // it holds every allowed product
        var selection = new CappedSelection(count, filter);
        foreach (var item in heap.AsSpan(0, size)) selection.Offer(item);
        ArrayPool<ScoredProduct>.Shared.Return(heap);
        return all ? selection.Result() : selection.FirstPhase();
    }

    /// <summary>
    /// One capped selection, in one pass over the scores. The definition (what <c>CappedSelectionTests</c> check against a
    /// brute force), for n products under a brand cap b and a category cap c (a product without a brand or category, or a
    /// cap that is off, is never limited by it):
    /// <list type="number">
    /// <item>A product is <i>brand-qualified</i> when fewer than b better allowed products share its brand. Best first, the
    /// brand-qualified products are taken while their category holds fewer than c of those taken, up to n.</item>
    /// <item>When that leaves fewer than n, the category cap is lifted: the best brand-qualified products not taken complete it.</item>
    /// <item>When still short, the brand cap is lifted too: the best of the rest.</item>
    /// </list>
    /// Each brand's best b allowed products are kept in slots (sorted, best first; b is small); unbranded products in a heap
    /// of c per category (or of n without a category) and, for phase 2, in a heap of n; and the uncapped best n (phase 3).
    /// Every product a phase can take is among them. The category cap is applied to them after the scan, so it costs little
    /// when the brand-capped best n already spread over categories (most lists) and a sort of the brand-qualified products
    /// when they crowd into one (content's).
    /// </summary>
    private sealed class CappedSelection
    {
        private readonly int _count, _brandCap, _categoryCap;
        private readonly int[]? _brands, _categories;
        private readonly int _brandCount, _categoryCount;
        private readonly ProductFilter _filter;
        private readonly ScoredProduct[]? _brandSlots, _categorySlots;
        private readonly int[]? _brandFilled, _categoryFilled;
        private readonly ScoredProduct[] _free, _unbranded, _uncapped;
        private int _freeSize, _unbrandedSize, _uncappedSize;

        public CappedSelection(int count, ProductFilter filter)
        {
            _count = count;
            _filter = filter;
            // Per-brand and per-category state is rented (a request's scan touches every brand, 16 KB at 666 brands): returned by Result.
            if (filter.BrandCap is { } brands)
            {
                _brands = brands.Brands;
                _brandCount = brands.BrandCount;
                _brandCap = Math.Max(1, Math.Min(brands.MaxPerBrand, count));
                _brandSlots = ArrayPool<ScoredProduct>.Shared.Rent(checked(_brandCount * _brandCap));
                _brandFilled = ArrayPool<int>.Shared.Rent(_brandCount);
                Array.Clear(_brandFilled, 0, _brandCount);
            }
            if (filter.CategoryCap is { } categories)
            {
                _categories = categories.Categories;
                _categoryCount = categories.CategoryCount;
                _categoryCap = categories.PerList(count);
                // Heaps of unbranded products per category: only unbranded products enter them.
                _categorySlots = ArrayPool<ScoredProduct>.Shared.Rent(checked(_categoryCount * _categoryCap));
                _categoryFilled = ArrayPool<int>.Shared.Rent(_categoryCount);
                Array.Clear(_categoryFilled, 0, _categoryCount);
            }
            _free = new ScoredProduct[count];
            _uncapped = new ScoredProduct[count];
            // Without a category cap the unbranded products are all in the free heap; without a brand cap every product is
            // unbranded, so the uncapped heap holds their best n.
            _unbranded = _categories is null ? _free : _brands is null ? _uncapped : new ScoredProduct[count];
        }

        private int BrandOf(int product) => _brands is null ? -1 : _brands[product];
        private int CategoryOf(int product) => _categories is null ? -1 : _categories[product];

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
        public void Offer(ScoredProduct item)
        {
            bool intoUncapped = _uncappedSize < _count || Better(item.Score, item.Product, _uncapped[0]);
            int brand = BrandOf(item.Product);
            bool intoBrand = false, intoCategory = false, intoFree = false, intoUnbranded = false;
            int category = -1;
            if (brand >= 0)
                intoBrand = _brandFilled![brand] < _brandCap || Better(item.Score, item.Product, _brandSlots![brand * _brandCap + _brandCap - 1]);
            else
            {
                category = CategoryOf(item.Product);
                if (category >= 0)
                    intoCategory = _categoryFilled![category] < _categoryCap || Better(item.Score, item.Product, _categorySlots![category * _categoryCap]);
                else intoFree = _freeSize < _count || Better(item.Score, item.Product, _free[0]);
                intoUnbranded = _categories is not null && _brands is not null && (_unbrandedSize < _count || Better(item.Score, item.Product, _unbranded[0]));
            }
            if (!intoUncapped && !intoBrand && !intoCategory && !intoFree && !intoUnbranded) return;
            if (!_filter.Allows(item.Product)) return;
            if (intoUncapped) Push(_uncapped, ref _uncappedSize, item);
            if (intoFree) Push(_free, ref _freeSize, item);
            if (intoUnbranded) Push(_unbranded, ref _unbrandedSize, item);
            if (intoCategory) Push(_categorySlots.AsSpan(category * _categoryCap, _categoryCap), ref _categoryFilled![category], item);
            if (!intoBrand) return;
            // Insert into the brand's slots, kept best first; the worst falls off when they are full.
            int start = brand * _brandCap, n = _brandFilled![brand], i = Math.Min(n, _brandCap - 1);
            if (n < _brandCap) _brandFilled[brand] = n + 1;
            while (i > 0 && Better(item.Score, item.Product, _brandSlots![start + i - 1]))
            {
                _brandSlots[start + i] = _brandSlots[start + i - 1];
                i--;
            }
            _brandSlots![start + i] = item;
        }

        /// <summary>The selection (see the class's definition). Returns the rented state: call once.</summary>
        public ScoredProduct[] Result() => Select(firstPhaseOnly: false)!;

        /// <summary>Phase 1's n when it fills them, else null (no cap is lifted). Returns the rented state: call once.</summary>
        public ScoredProduct[]? FirstPhase() => Select(firstPhaseOnly: true);

        [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
        private ScoredProduct[]? Select(bool firstPhaseOnly)
        {
            // The brand-qualified products: the brands' slots, and the unbranded ones a phase-1 pick can reach (in a rented array).
            int total = _freeSize;
            if (_brandSlots is not null) for (int b = 0; b < _brandCount; b++) total += _brandFilled![b];
            if (_categorySlots is not null) for (int c = 0; c < _categoryCount; c++) total += _categoryFilled![c];
            var rented = ArrayPool<ScoredProduct>.Shared.Rent(Math.Max(1, total));
            int at = 0;
            if (_brandSlots is not null)
                for (int b = 0; b < _brandCount; b++)
                    for (int i = 0; i < _brandFilled![b]; i++) rented[at++] = _brandSlots[b * _brandCap + i];
            if (_categorySlots is not null)
                for (int c = 0; c < _categoryCount; c++)
                    for (int i = 0; i < _categoryFilled![c]; i++) rented[at++] = _categorySlots[c * _categoryCap + i];
            _free.AsSpan(0, _freeSize).CopyTo(rented.AsSpan(at));
            var qualified = rented.AsSpan(0, total);
            ScoredProduct[]? result = PhaseOne(qualified);

            if (firstPhaseOnly && result.Length < _count) result = null;
            else if (result.Length < _count && _uncappedSize > result.Length)
            {
                // Too few to fill the n: the category cap yields first, then the brand cap; the best of the rest complete it
                // (they follow the capped ones).
                var taken = result.Select(r => r.Product).ToHashSet();
                var completed = new List<ScoredProduct>(_count);
                completed.AddRange(result);
                if (_categories is not null)
                {
                    var underBrandCap = new List<ScoredProduct>();
                    foreach (var item in qualified)
                        if (BrandOf(item.Product) >= 0 && !taken.Contains(item.Product)) underBrandCap.Add(item);
                    foreach (var item in _unbranded.AsSpan(0, _brands is null ? _uncappedSize : _unbrandedSize))
                        if (!taken.Contains(item.Product)) underBrandCap.Add(item);
                    var ordered = underBrandCap.ToArray();
                    BestFirst.Sort(ordered);
                    foreach (var item in ordered)
                    {
                        if (completed.Count == _count) break;
                        completed.Add(item);
                        taken.Add(item.Product);
                    }
                }
                if (completed.Count < _count)
                    completed.AddRange(Drain(_uncapped, _uncappedSize).Where(r => !taken.Contains(r.Product)).Take(_count - completed.Count));
                result = [.. completed];
                BestFirst.Sort(result);
            }
            ArrayPool<ScoredProduct>.Shared.Return(rented);
            if (_brandSlots is not null)
            {
                ArrayPool<ScoredProduct>.Shared.Return(_brandSlots);
                ArrayPool<int>.Shared.Return(_brandFilled!);
            }
            if (_categorySlots is not null)
            {
                ArrayPool<ScoredProduct>.Shared.Return(_categorySlots);
                ArrayPool<int>.Shared.Return(_categoryFilled!);
            }
            return result;
        }

        /// <summary>
        /// Phase 1 over the brand-qualified products: their best n, when no category holds more than c of them (then the
        /// greedy below would take exactly those); else best first, each taken while its category holds fewer than c.
        /// Sorts <paramref name="qualified"/> in place in the second case.
        /// </summary>
        private ScoredProduct[] PhaseOne(Span<ScoredProduct> qualified)
        {
            var heap = new ScoredProduct[_count];
            int size = 0;
            foreach (var item in qualified)
                if (size < _count || Better(item.Score, item.Product, heap[0])) Push(heap, ref size, item);
            var best = Drain(heap, size);
            if (_categories is null || best.Length <= _categoryCap) return best;

            int[] held = ArrayPool<int>.Shared.Rent(_categoryCount);
            try
            {
                var counts = held.AsSpan(0, _categoryCount);
                counts.Clear();
                bool crowded = false;
                foreach (var item in best)
                    if (CategoryOf(item.Product) is var c and >= 0 && ++counts[c] > _categoryCap) crowded = true;
                if (!crowded) return best;

                counts.Clear();
                BestFirst.Sort(qualified);
                int taken = 0;
                foreach (var item in qualified)
                {
                    if (taken == _count) break;
                    if (CategoryOf(item.Product) is var c and >= 0 && counts[c]++ >= _categoryCap) continue;
                    heap[taken++] = item; // the heap array is free again: reused for the result, already best first
                }
                return heap.AsSpan(0, taken).ToArray();
            }
            finally
            {
                ArrayPool<int>.Shared.Return(held);
            }
        }
    }

    private static bool Better(float score, int product, ScoredProduct than) =>
        score > than.Score || (score == than.Score && product < than.Product);

    private static void PushInto(ScoredProduct[] heap, int capacity, ref int size, ScoredProduct item) => Push(heap.AsSpan(0, capacity), ref size, item);

    /// <summary>Adds to a bounded min-heap (its worst item at the root) of capacity heap.Length, replacing the root when full.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    private static void Push(Span<ScoredProduct> heap, ref int size, ScoredProduct item)
    {
        if (size < heap.Length)
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
    private static void SiftDown(Span<ScoredProduct> heap, int i, int size)
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
