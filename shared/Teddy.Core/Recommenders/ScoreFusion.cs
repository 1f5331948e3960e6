using System.Runtime.CompilerServices;
namespace Teddy.Recommenders;

/// <summary>
/// Fuses two candidate lists on one scale: each list is min-max normalised into [0, 1] and weighted, a
/// product's weighted scores are summed, and a product both lists return earns a bonus. When one list is
/// empty the other stands alone at full weight. Used by the hybrid and by similar items.
/// </summary>
public static class ScoreFusion
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    public static ScoredProduct[] Fuse(ScoredProduct[] first, double firstWeight, ScoredProduct[] second, double secondWeight,
        double bothBonus, int count)
    {
        if (first.Length == 0 && second.Length == 0) return [];
        // Both lists normalised into one array, sorted by product so a product in both lists is adjacent.
        var all = new ScoredProduct[first.Length + second.Length];
        Normalise(first, second.Length == 0 ? 1f : (float)firstWeight, all.AsSpan(0, first.Length));
        Normalise(second, first.Length == 0 ? 1f : (float)secondWeight, all.AsSpan(first.Length));
        var products = System.Buffers.ArrayPool<int>.Shared.Rent(all.Length);
        for (int i = 0; i < all.Length; i++) products[i] = all[i].Product;
        products.AsSpan(0, all.Length).Sort(all.AsSpan()); // integer keys: no comparison delegate
        System.Buffers.ArrayPool<int>.Shared.Return(products);

        int fused = 0;
        for (int i = 0; i < all.Length; i++)
        {
            if (fused > 0 && all[fused - 1].Product == all[i].Product)
            {
                var earlier = all[fused - 1];
                all[fused - 1] = new ScoredProduct(earlier.Product, earlier.Score + all[i].Score + (float)bothBonus, earlier.Sources | all[i].Sources);
            }
            else all[fused++] = all[i];
        }
        var result = all.AsSpan(0, fused);
        BestFirst.Sort(result);
        return result[..Math.Min(count, fused)].ToArray();
    }

    /// <summary>Min-max normalises a list into [0, 1] and weights it; a list of equal scores normalises to 1.</summary>
    private static void Normalise(ScoredProduct[] list, float weight, Span<ScoredProduct> into)
    {
        if (list.Length == 0) return;
        float max = float.MinValue, min = float.MaxValue;
        foreach (var item in list)
        {
            max = Math.Max(max, item.Score);
            min = Math.Min(min, item.Score);
        }
        float range = max - min;
        for (int i = 0; i < list.Length; i++)
            into[i] = list[i] with { Score = weight * (range > 0 ? (list[i].Score - min) / range : 1f) };
    }
}
