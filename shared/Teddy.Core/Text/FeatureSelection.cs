namespace Teddy.Text;

/// <summary>
/// sklearn's choice of columns (<c>CountVectorizer._sort_features</c> then <c>_limit_features</c> with
/// <c>min_df=1</c>, <c>max_df=1.0</c>): put all terms in string order; if there are more than
/// <c>max_features</c>, keep the first <c>max_features</c> of <c>numpy.argsort(-total_counts)</c>, whose
/// tie order is numpy's unstable introsort's; number the kept terms in string order.
/// </summary>
internal static class FeatureSelection
{
    /// <summary>The kept trie nodes, in column order.</summary>
    public static int[] SelectColumns(CorpusTerms corpus, int maxFeatures)
    {
        int[] candidates = TermOrdering.NodesInTermOrder(corpus.Trie, corpus.Tokens);
        if (candidates.Length <= maxFeatures)
            return candidates;

        var negatedCounts = new long[candidates.Length];
        for (int i = 0; i < candidates.Length; i++)
            negatedCounts[i] = -corpus.TotalCounts[candidates[i]];
        int[] byCountDescending = NumpyArgsort.Argsort(negatedCounts);

        var kept = new bool[candidates.Length];
        for (int i = 0; i < maxFeatures; i++)
            kept[byCountDescending[i]] = true;
        var columns = new int[maxFeatures];
        int column = 0;
        for (int i = 0; i < candidates.Length; i++)
        {
            if (kept[i])
                columns[column++] = candidates[i];
        }
        return columns;
    }
}
