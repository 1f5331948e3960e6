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
/// after it), and a shop with few brands still gets full lists. A <see cref="ProductFilter.CategoryCap"/> works alike
/// per category (content's best scores crowd into the shopper's one category), and yields before the brand cap.
/// </para>
/// </summary>
public static class TopProducts
{
    /// <param name="minimumExclusive">Scores at or below this are not candidates (NaN never is).</param>
    public static ScoredProduct[] Select(ReadOnlySpan<float> scores, int count, ProductFilter filter, float minimumExclusive = float.NegativeInfinity)
    {
        if (count <= 0) return [];
        if (filter.IsCapped)
        {
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

    /// <summary>
    /// The same selection over scores of a subset of products: <paramref name="scores"/>[i] is the score of product
    /// <paramref name="products"/>[i] (ascending product indices, so ties still go to the lower product);
    /// <paramref name="exclude"/> (a product index, or -1) is never a candidate.
    /// </summary>
    public static ScoredProduct[] Select(ReadOnlySpan<float> scores, ReadOnlySpan<int> products, int count, ProductFilter filter, int exclude = -1)
    {
        if (count <= 0) return [];
        if (filter.IsCapped)
        {
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
    /// One capped selection, in one pass. The definition (what <c>CappedSelectionTests</c> check against a brute force):
    /// <list type="number">
    /// <item>A product <i>qualifies</i> when fewer than the brand cap b better allowed products share its brand and fewer than
    /// the category cap c better allowed products share its category (a product without a brand, or a cap that is off,
    /// never limits): the best n qualifying products are taken.</item>
    /// <item>When fewer than n qualify, the category cap is lifted: the best of the rest whose brand is under b complete it.</item>
    /// <item>When still short, the brand cap is lifted too: the best of the rest.</item>
    /// </list>
    /// Each brand's best b allowed products are kept in slots (sorted, best first; b is small), each category's best c in a
    /// heap of c (c may be tens), the
    /// products neither cap limits in a heap of n, the unbranded ones in a heap of n (phase 2) and the uncapped best n
    /// (phase 3): every product a phase can take is among them.
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
                _categorySlots = ArrayPool<ScoredProduct>.Shared.Rent(checked(_categoryCount * _categoryCap));
                _categoryFilled = ArrayPool<int>.Shared.Rent(_categoryCount);
                Array.Clear(_categoryFilled, 0, _categoryCount);
            }
            _free = new ScoredProduct[count];
            _unbranded = new ScoredProduct[count];
            _uncapped = new ScoredProduct[count];
        }

        private int BrandOf(int product) => _brands is null ? -1 : _brands[product];
        private int CategoryOf(int product) => _categories is null ? -1 : _categories[product];

        public void Offer(ScoredProduct item)
        {
            bool intoUncapped = _uncappedSize < _count || Better(item.Score, item.Product, _uncapped[0]);
            int brand = BrandOf(item.Product), category = CategoryOf(item.Product);
            bool intoBrand = brand >= 0 && IntoSlots(_brandSlots!, _brandFilled!, _brandCap, brand, item);
            bool intoUnbranded = brand < 0 && (_unbrandedSize < _count || Better(item.Score, item.Product, _unbranded[0]));
            bool intoCategory = category >= 0
                && (_categoryFilled![category] < _categoryCap || Better(item.Score, item.Product, _categorySlots![category * _categoryCap]));
            bool intoFree = brand < 0 && category < 0 && (_freeSize < _count || Better(item.Score, item.Product, _free[0]));
            if (!intoUncapped && !intoBrand && !intoUnbranded && !intoCategory && !intoFree) return;
            if (!_filter.Allows(item.Product)) return;
            if (intoUncapped) Push(_uncapped, ref _uncappedSize, item);
            if (intoUnbranded) Push(_unbranded, ref _unbrandedSize, item);
            if (intoFree) Push(_free, ref _freeSize, item);
            if (intoBrand) Insert(_brandSlots!, _brandFilled!, _brandCap, brand, item);
            if (intoCategory) Push(_categorySlots.AsSpan(category * _categoryCap, _categoryCap), ref _categoryFilled![category], item);
        }

        private static bool IntoSlots(ScoredProduct[] slots, int[] filled, int cap, int group, ScoredProduct item) =>
            filled[group] < cap || Better(item.Score, item.Product, slots[group * cap + cap - 1]);

        /// <summary>Inserts into the group's slots, kept best first; the worst falls off when they are full.</summary>
        private static void Insert(ScoredProduct[] slots, int[] filled, int cap, int group, ScoredProduct item)
        {
            int start = group * cap, n = filled[group], i = Math.Min(n, cap - 1);
            if (n < cap) filled[group] = n + 1;
            while (i > 0 && Better(item.Score, item.Product, slots[start + i - 1]))
            {
                slots[start + i] = slots[start + i - 1];
                i--;
            }
            slots[start + i] = item;
        }

        /// <summary>Whether an allowed product that was offered is among its group's best (the group's slots hold it).</summary>
        private static bool InSlots(ScoredProduct[] slots, int[] filled, int cap, int group, ScoredProduct item) =>
            filled[group] < cap || !Better(slots[group * cap + cap - 1].Score, slots[group * cap + cap - 1].Product, item);

        public ScoredProduct[] Result()
        {
            // Phase 1: the qualifying products — in their category's slots and under the brand cap, in their brand's slots
            // without a category, or limited by neither.
            var heap = new ScoredProduct[_count];
            int size = 0;
            void Consider(ScoredProduct item, ref int size)
            {
                if (size < _count || Better(item.Score, item.Product, heap[0])) Push(heap, ref size, item);
            }
            if (_categorySlots is not null)
                for (int c = 0; c < _categoryCount; c++)
                    for (int i = 0; i < _categoryFilled![c]; i++)
                    {
                        var item = _categorySlots[c * _categoryCap + i];
                        int brand = BrandOf(item.Product);
                        if (brand < 0 || InSlots(_brandSlots!, _brandFilled!, _brandCap, brand, item)) Consider(item, ref size);
                    }
            if (_brandSlots is not null)
                for (int b = 0; b < _brandCount; b++)
                    for (int i = 0; i < _brandFilled![b]; i++)
                        if (_brandSlots[b * _brandCap + i] is var item && CategoryOf(item.Product) < 0) Consider(item, ref size);
            for (int i = 0; i < _freeSize; i++) Consider(_free[i], ref size);
            var result = Drain(heap, size);

            if (result.Length < _count && _uncappedSize > result.Length)
            {
                // Too few qualify to fill the n: the category cap yields first, then the brand cap; the best of the rest
                // complete it (they follow the capped ones).
                var taken = result.Select(r => r.Product).ToHashSet();
                var underBrandCap = new List<ScoredProduct>();
                if (_brandSlots is not null)
                    for (int b = 0; b < _brandCount; b++)
                        for (int i = 0; i < _brandFilled![b]; i++) underBrandCap.Add(_brandSlots[b * _brandCap + i]);
                underBrandCap.AddRange(_unbranded.AsSpan(0, _unbrandedSize));
                var phase2 = underBrandCap.Where(r => !taken.Contains(r.Product)).ToArray();
                BestFirst.Sort(phase2);
                var completed = new List<ScoredProduct>(_count);
                completed.AddRange(result);
                foreach (var item in phase2)
                {
                    if (completed.Count == _count) break;
                    completed.Add(item);
                    taken.Add(item.Product);
                }
                if (completed.Count < _count)
                    completed.AddRange(Drain(_uncapped, _uncappedSize).Where(r => !taken.Contains(r.Product)).Take(_count - completed.Count));
                result = [.. completed];
                BestFirst.Sort(result);
            }
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
    }

    private static bool Better(float score, int product, ScoredProduct than) =>
        score > than.Score || (score == than.Score && product < than.Product);

    /// <summary>Adds to a bounded min-heap (its worst item at the root) of capacity heap.Length, replacing the root when full.</summary>
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
