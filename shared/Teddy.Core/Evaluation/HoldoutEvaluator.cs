using Teddy.Catalog;
using Teddy.Serving;

namespace Teddy.Evaluation;

/// <summary>
/// Measures a candidate, trained on the hold-out's training part, by the lists it actually serves (shop rules
/// included) to the evaluated users, against each user's held-out products.
/// </summary>
public static class HoldoutEvaluator
{
    /// <summary>The users evaluated: every user with held-out products, or a seeded sample of <paramref name="maxUsers"/>.</summary>
    public static int[] Users(TemporalHoldout holdout, int maxUsers, ulong seed) =>
        DeterministicSample.Take(holdout.HeldOut.Keys.ToArray(), maxUsers, seed);

    public static AccuracyReport Evaluate(ServingModel model, string method, TemporalHoldout holdout, IReadOnlyList<int> users, int k) =>
        Evaluate(user => model.Recommend(new RecommendationRequest(model.Model.Users.Ids[user], k, method, CatalogFilter.None))
            .Items.Select(i => i.Index).ToArray(), model.Model.Catalog, holdout, users, k);

    /// <summary>
    /// The same measure from lists kept for the users <paramref name="lists"/> was made for (the same result as serving each
    /// request, with what the methods share computed once).
    /// </summary>
    public static AccuracyReport Evaluate(ServedLists lists, ServingModel model, string method, TemporalHoldout holdout, IReadOnlyList<int> users, int k) =>
        Measure(lists.Of(model, method), model.Model.Catalog, holdout, users, k);

    /// <summary>Measures any list source: <paramref name="recommend"/> gives a user index's top-k product indices.</summary>
    public static AccuracyReport Evaluate(Func<int, int[]> recommend, ModelCatalog catalog, TemporalHoldout holdout, IReadOnlyList<int> users, int k)
    {
        // Lists are built side by side (serving is thread-safe) and summed in the users' order, so the result is deterministic.
        var lists = new int[users.Count][];
        Parallel.For(0, users.Count, ParallelWork.Options(), i => lists[i] = recommend(users[i]));
        return Measure(lists, catalog, holdout, users, k);
    }

    /// <summary>Sums the lists' accuracy in the users' order (deterministic); lists[i] is users[i]'s top-k product indices.</summary>
    private static AccuracyReport Measure(int[][] lists, ModelCatalog catalog, TemporalHoldout holdout, IReadOnlyList<int> users, int k)
    {
        double precision = 0, recall = 0, ndcg = 0, map = 0, hits = 0, brandsPerList = 0;
        var recommendedProducts = new HashSet<int>();
        for (int i = 0; i < users.Count; i++)
        {
            int user = users[i];
            var products = lists[i];
            var accuracy = ListAccuracy.Of(products, holdout.HeldOut[user], k);
            precision += accuracy.Precision;
            recall += accuracy.Recall;
            ndcg += accuracy.Ndcg;
            map += accuracy.AveragePrecision;
            hits += accuracy.Hit;
            recommendedProducts.UnionWith(products);
            brandsPerList += products.Select(p => catalog.Brand[p]).Where(b => b >= 0).Distinct().Count();
        }
        int n = Math.Max(1, users.Count);
        return new AccuracyReport(k, users.Count,
            Round(precision / n), Round(recall / n), Round(ndcg / n), Round(map / n), Round(hits / n),
            Round((double)recommendedProducts.Count / Math.Max(1, catalog.Count)), Round(brandsPerList / n));
    }

    private static double Round(double value) => Math.Round(value, 6);
}
