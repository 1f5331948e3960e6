namespace Teddy.Recommenders;

/// <summary>
/// Selects the n best-scored allowed products from a dense score array with a bounded min-heap: O(P log n)
/// time, one n-sized allocation. Ties go to the lower product index, so results are deterministic.
/// </summary>
public static class TopProducts
{
    /// <param name="minimumExclusive">Scores at or below this are not candidates (NaN never is).</param>
    public static ScoredProduct[] Select(ReadOnlySpan<float> scores, int count, ProductFilter filter, float minimumExclusive = float.NegativeInfinity)
    {
        if (count <= 0) return [];
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

    /// <summary>The same selection over a sparse candidate list (e.g. accumulated neighbour scores).</summary>
    public static ScoredProduct[] Select(IEnumerable<ScoredProduct> candidates, int count, ProductFilter filter)
    {
        if (count <= 0) return [];
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

    private static bool Better(float score, int product, ScoredProduct than) =>
        score > than.Score || (score == than.Score && product < than.Product);

    private static void Push(ScoredProduct[] heap, ref int size, ScoredProduct item)
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
