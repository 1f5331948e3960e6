using System.Buffers;

namespace Teddy.Recommenders;

/// <summary>
/// A recommender whose score for a product is a sum over the user's history (content: the profile is the weighted
/// mean of the history's TF-IDF vectors; item-kNN: Σ weight × similarity; SVD: U·S = A·V, so the score is
/// Σ_h a_uh (V_h · V_p); EASE: Σ_h x_h·B[h, p]). It can split a score into one share per history item: what explanations cite ("Because you
/// viewed …"). Meant for the few products of a final list, not for scoring.
/// </summary>
public interface IHistoryContributions
{
    /// <summary>
    /// <paramref name="contributions"/>[i × H + h] = the share of the model's score for <paramref name="products"/>[i]
    /// owed to the user's history item h (<see cref="UserHistory.Products"/>[h]), H = the history's length; the shares of
    /// one product sum to the score <see cref="IRecommender.Recommend"/> gives it (up to float rounding). Zero for
    /// every share when the model does not score the user from their history.
    /// </summary>
    void Contributions(in UserHistory user, ReadOnlySpan<int> products, Span<double> contributions);
}

public static class HistoryContributions
{
    /// <summary>
    /// For each of <paramref name="products"/>, the product index of the history item with the largest positive share
    /// of its score, or -1 when no share is positive.
    /// </summary>
    public static void StrongestContributors(this IHistoryContributions model, in UserHistory user, ReadOnlySpan<int> products, Span<int> contributors)
    {
        var history = user.Products.Span;
        int h = history.Length;
        contributors.Fill(-1);
        if (h == 0 || products.IsEmpty) return;
        double[] shares = ArrayPool<double>.Shared.Rent(products.Length * h);
        try
        {
            var span = shares.AsSpan(0, products.Length * h);
            span.Clear();
            model.Contributions(user, products, span);
            for (int i = 0; i < products.Length; i++)
            {
                double best = 0;
                for (int k = 0; k < h; k++)
                    if (span[i * h + k] > best) (best, contributors[i]) = (span[i * h + k], history[k]);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(shares);
        }
    }
}
