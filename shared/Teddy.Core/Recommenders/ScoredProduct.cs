using System.Runtime.CompilerServices;
namespace Teddy.Recommenders;

/// <summary>Which models contributed to a recommended product (a hybrid's items may have several).</summary>
[Flags]
public enum RecommendationSources : byte
{
    None = 0,
    Content = 1,
    Collaborative = 2,
    ItemKnn = 4,
    Popular = 8,
    Ease = 16,
}

/// <summary>A product index with a model's score for it (higher is better) and the models behind it.</summary>
public readonly record struct ScoredProduct(int Product, float Score, RecommendationSources Sources = RecommendationSources.None);

/// <summary>
/// Sorts scored products best first: the higher score, then the lower product index (NaN last). Each item gets one
/// 64-bit key — the score's bits made to order as numbers do, inverted, then the product index — and the keys are sorted
/// as plain integers with the items alongside: the same order as comparing the fields, without a comparison delegate
/// per step (these sorts run several times per request).
/// </summary>
public static class BestFirst
{
    /// <summary>Sorts in place; products must be distinct (they are in every candidate list).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    public static void Sort(Span<ScoredProduct> items)
    {
        if (items.Length < 2) return;
        ulong[]? rented = null;
        Span<ulong> keys = items.Length <= 512 ? stackalloc ulong[items.Length] : (rented = System.Buffers.ArrayPool<ulong>.Shared.Rent(items.Length));
        keys = keys[..items.Length];
        for (int i = 0; i < items.Length; i++) keys[i] = Key(items[i]);
        keys.Sort(items);
        if (rented is not null) System.Buffers.ArrayPool<ulong>.Shared.Return(rented);
    }

    /// <summary>Ascending key order is best-first order.</summary>
    internal static ulong Key(ScoredProduct item)
    {
        float score = item.Score;
        uint ascending;
        if (float.IsNaN(score)) ascending = 0; // below every number, as float.CompareTo ranks NaN
        else
        {
            uint bits = BitConverter.SingleToUInt32Bits(score == 0f ? 0f : score); // -0 and +0 are one score
            ascending = (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
        }
        return (ulong)~ascending << 32 | (uint)item.Product;
    }
}
