using System.Runtime.CompilerServices;
namespace Teddy.Evaluation;

/// <summary>
/// Top-k accuracy of one recommendation list against the products a user actually went on to interact with
/// (binary relevance). Definitions follow Microsoft Recommenders / ml_metrics:
/// precision = hits / k; recall = hits / |relevant|; NDCG = DCG / ideal DCG with gain 1/log2(rank + 1);
/// AP = mean of precision@i over the ranks i of hits, divided by min(|relevant|, k); hit = any hit.
/// </summary>
public readonly record struct ListAccuracy(double Precision, double Recall, double Ndcg, double AveragePrecision, double Hit)
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot: never run unoptimised (tier 0 lasts while a starting host jits)
    public static ListAccuracy Of(ReadOnlySpan<int> recommended, ReadOnlySpan<int> relevantSorted, int k)
    {
        if (relevantSorted.IsEmpty) throw new ArgumentException("A user with nothing relevant cannot be evaluated.", nameof(relevantSorted));
        int n = Math.Min(k, recommended.Length);
        int hits = 0;
        double dcg = 0, precisionSum = 0;
        for (int i = 0; i < n; i++)
        {
            if (relevantSorted.BinarySearch(recommended[i]) < 0) continue;
            hits++;
            dcg += 1.0 / Math.Log2(i + 2);
            precisionSum += (double)hits / (i + 1);
        }
        double ideal = 0;
        for (int i = 0; i < Math.Min(k, relevantSorted.Length); i++) ideal += 1.0 / Math.Log2(i + 2);
        return new ListAccuracy(
            (double)hits / k,
            (double)hits / relevantSorted.Length,
            dcg / ideal,
            precisionSum / Math.Min(relevantSorted.Length, k),
            hits > 0 ? 1 : 0);
    }
}
