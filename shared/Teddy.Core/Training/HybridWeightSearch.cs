using System.Text.Json.Serialization;
using Teddy.Evaluation;
using Teddy.LinearAlgebra;
using Teddy.Ranking;
using Teddy.Recommenders;
using Teddy.Serving;

namespace Teddy.Training;

/// <summary>One searched hybrid setting: its collaborative part and weights, NDCG@k on the tuning users, coverage score on the protocol's users.</summary>
public sealed record HybridGridPoint(
    [property: JsonPropertyName("collaborative_part")] string CollaborativePart,
    [property: JsonPropertyName("content_weight")] double ContentWeight,
    [property: JsonPropertyName("collaborative_weight")] double CollaborativeWeight,
    [property: JsonPropertyName("tuning_ndcg_at_k")] double TuningNdcg,
    [property: JsonPropertyName("coverage_score")] double CoverageScore,
    [property: JsonPropertyName("eligible")] bool Eligible);

/// <summary>The hold-out's users split for the weight search: tuned on one half, reported (and every candidate evaluated) on the other.</summary>
public sealed record HoldoutUserSplit(int[] Tuning, int[] Reporting)
{
    /// <summary>
    /// Splits the hold-out's users into two disjoint halves, deterministically: the users (sorted) are shuffled by a
    /// SplitMix64 stream seeded from <paramref name="seed"/> and cut in the middle (the reporting half takes the odd one).
    /// Each half comes back sorted. The same users and seed always give the same halves.
    /// </summary>
    public static HoldoutUserSplit Of(IEnumerable<int> users, ulong seed)
    {
        var shuffled = users.Order().ToArray();
        new SplitMix64(seed ^ 0x4879_6272_6964_5475UL).Shuffle(shuffled.AsSpan()); // its own stream, not the evaluated sample's
        int half = shuffled.Length / 2;
        return new HoldoutUserSplit(shuffled[..half].Order().ToArray(), shuffled[half..].Order().ToArray());
    }
}

/// <summary>
/// The hybrid's weight search (issue 8): at each retrain, every content weight on a grid (0, step, …, 1, plus the configured
/// weight) with each fitted collaborative part (SVD, item-kNN, EASE) is scored by NDCG@k on the tuning users' held-out
/// products and by the coverage protocol's score; the chosen setting has the highest NDCG among those whose coverage score
/// reaches the selection's floor (ties: higher coverage, then the simpler setting: <see cref="TieRule"/>), or, when none
/// does, the highest coverage score (<see cref="Choose"/>). Every sum is taken in the users' order, so two runs on the same
/// data choose the same setting whatever the threads do. Cheap by construction: each part's candidate list is computed once per user and every grid point only
/// re-fuses the stored lists (<see cref="HybridRecommender.Fuse"/>) and runs them through the served ranking path
/// (<see cref="ServingModel.Rank"/>), so what is measured is exactly what the hybrid would serve; no model is refitted.
/// </summary>
public static class HybridWeightSearch
{
    /// <summary>The search is not run (the configured weights are kept) when the tuning half has fewer users than this.</summary>
    public const int MinTuningUsers = 10;

    public sealed record Result(HybridOptions Chosen, HybridGridPoint ChosenPoint, HybridGridPoint? FixedPoint, IReadOnlyList<HybridGridPoint> Grid, string Reason);

    /// <param name="holdoutModel">Models fitted on the hold-out's training part (NDCG on <paramref name="tuningUsers"/>).</param>
    /// <param name="coverageModel">Models as they will be served (the coverage protocol's lists for <paramref name="coverageUsers"/>).</param>
    /// <param name="settings">The hybrid settings: consensus bonus, candidate multiplier, grid step, the configured (fixed) weights.</param>
    /// <param name="floor">The absolute coverage score a setting must reach (the selection's floor used).</param>
    /// <returns>Null when no collaborative part and no content model is fitted (there is nothing to search).</returns>
    public static Result? Search(ServingModel holdoutModel, ServingModel coverageModel, TemporalHoldout holdout, IReadOnlyList<int> tuningUsers,
        IReadOnlyList<string> coverageUsers, HybridOptions settings, double floor, int k)
    {
        var grid = Grid(holdoutModel.Model, settings);
        if (grid.Count == 0) return null;

        var tuning = new double[grid.Count];
        var tuningLists = Lists(holdoutModel, tuningUsers.Select(u => holdoutModel.Model.Users.History(u)).ToArray(), k, settings);
        // One setting per task, its users' NDCGs added in the users' order by that task alone: the sum (and so the choice)
        // is the same however many threads run and whichever finishes first (a test runs the search under shuffled schedulers).
        Parallel.For(0, grid.Count, ParallelWork.Options(), g =>
        {
            double sum = 0;
            for (int i = 0; i < tuningUsers.Count; i++)
                sum += ListAccuracy.Of(Served(holdoutModel, tuningLists[i], grid[g], k), holdout.HeldOut[tuningUsers[i]], k).Ndcg;
            tuning[g] = tuningUsers.Count == 0 ? 0 : Math.Round(sum / tuningUsers.Count, 6);
        });

        var coverageLists = Lists(coverageModel, coverageUsers.Select(u => coverageModel.Model.Users.Find(u)).ToArray(), CoverageProtocol.Items, settings);
        var points = new HybridGridPoint[grid.Count];
        for (int g = 0; g < grid.Count; g++)
        {
            var shown = coverageLists.SelectMany(list => Served(coverageModel, list, grid[g], CoverageProtocol.Items));
            double coverage = Math.Round(CoverageProtocol.Score(coverageModel.Model.Catalog, shown), 6);
            points[g] = new HybridGridPoint(grid[g].CollaborativePart, grid[g].ContentWeight, grid[g].CollaborativeWeight, tuning[g], coverage, coverage >= floor);
        }

        int chosen = Choose(points);
        string reason = points[chosen].Eligible
            ? $"the highest NDCG@{k} on {tuningUsers.Count:N0} tuning users ({points[chosen].TuningNdcg:F4}) among {points.Count(p => p.Eligible)} of "
                + $"{points.Length} settings with coverage score ≥ the floor {floor:P1}"
            : $"no setting reaches the coverage floor {floor:P1}: the highest coverage score ({points[chosen].CoverageScore:P1})";
        if (points.Count(p => Preference.Compare(p, points[chosen]) == 0 && !ReferenceEquals(p, points[chosen])) is var tied and > 0)
            reason += $"; tied with {tied} other setting{(tied == 1 ? "" : "s")} on both, so the simpler one ({TieRule})";
        int fixedIndex = grid.FindIndex(o => o.CollaborativePart == settings.CollaborativePart && o.ContentWeight == settings.ContentWeight
            && o.CollaborativeWeight == settings.CollaborativeWeight);
        return new Result(grid[chosen], points[chosen], fixedIndex >= 0 ? points[fixedIndex] : null, points, reason);
    }

    /// <summary>
    /// How ties between settings equal in NDCG and coverage score are broken, as the report states it: one part serves with
    /// one scan instead of two, and content (a scan of the whole catalog's text) is the costlier part to serve.
    /// </summary>
    public const string TieRule = "a part alone before a blend, then the lower content weight, then the collaborative part in the order SVD, item-kNN, EASE";

    /// <summary>
    /// The index of the chosen setting: the eligible one (coverage score ≥ the floor) with the highest NDCG@k on the tuning
    /// users, ties to the higher coverage score; when none is eligible, the highest coverage score, ties to the higher NDCG.
    /// Equal on both (compared as reported, to 6 decimals), the simpler setting wins (<see cref="TieRule"/>), so the choice
    /// depends neither on the grid's order nor on float noise below the reported precision.
    /// </summary>
    /// <exception cref="ArgumentException">No points.</exception>
    public static int Choose(IReadOnlyList<HybridGridPoint> points)
    {
        if (points.Count == 0) throw new ArgumentException("The grid has no settings.", nameof(points));
        bool anyEligible = points.Any(p => p.Eligible);
        int chosen = -1;
        for (int g = 0; g < points.Count; g++)
        {
            if (anyEligible && !points[g].Eligible) continue;
            if (chosen < 0 || Preference.Compare(points[g], points[chosen]) < 0) chosen = g;
        }
        return chosen;
    }

    /// <summary>
    /// Orders settings best first: eligible before not; among eligible the higher NDCG then the higher coverage score, among
    /// the rest the higher coverage then the higher NDCG (both rounded to 6 decimals, as reported); then <see cref="TieRule"/>.
    /// A total order on distinct settings (the grid never holds one setting twice).
    /// </summary>
    public static readonly IComparer<HybridGridPoint> Preference = Comparer<HybridGridPoint>.Create((a, b) =>
    {
        if (a.Eligible != b.Eligible) return a.Eligible ? -1 : 1;
        double ndcgA = Math.Round(a.TuningNdcg, 6), ndcgB = Math.Round(b.TuningNdcg, 6);
        double coverageA = Math.Round(a.CoverageScore, 6), coverageB = Math.Round(b.CoverageScore, 6);
        int byNdcg = ndcgB.CompareTo(ndcgA), byCoverage = coverageB.CompareTo(coverageA);
        int measured = a.Eligible ? (byNdcg != 0 ? byNdcg : byCoverage) : (byCoverage != 0 ? byCoverage : byNdcg);
        if (measured != 0) return measured;
        int parts = Parts(a).CompareTo(Parts(b));
        if (parts != 0) return parts;
        int content = a.ContentWeight.CompareTo(b.ContentWeight);
        if (content != 0) return content;
        return PartOrder(a).CompareTo(PartOrder(b));
    });

    /// <summary>How many parts a setting blends: 1 when either weight is 0 (a part alone), else 2.</summary>
    private static int Parts(HybridGridPoint p) => p.ContentWeight == 0 || p.CollaborativeWeight == 0 ? 1 : 2;

    /// <summary>The collaborative part's place in SVD, item-kNN, EASE; content alone (weight 1) uses no part, so it counts as first.</summary>
    private static int PartOrder(HybridGridPoint p)
    {
        if (p.CollaborativeWeight == 0) return -1;
        for (int i = 0; i < HybridOptions.CollaborativeParts.Count; i++)
            if (HybridOptions.CollaborativeParts[i] == p.CollaborativePart) return i;
        return int.MaxValue;
    }

    /// <summary>
    /// The searched settings: content weight 0, step, …, 1 (collaborative weight 1 − it) for each fitted collaborative part,
    /// the content-only setting once (it does not depend on the part), and the configured setting when its part is fitted.
    /// Without a content model only "the part alone" per part remains; without any part, only content alone.
    /// </summary>
    public static List<HybridOptions> Grid(TrainedModel model, HybridOptions settings)
    {
        int steps = (int)Math.Round(1 / settings.TuningStep);
        var weights = Enumerable.Range(0, steps + 1).Select(i => Math.Round(Math.Min(1, i * settings.TuningStep), 6)).Distinct().ToList();
        if (weights[^1] < 1) weights.Add(1);
        var parts = HybridOptions.CollaborativeParts.Where(p => model.CollaborativePart(p) is not null).ToArray();
        var grid = new List<HybridOptions>();
        foreach (string part in parts)
            foreach (double w in weights)
                if (w < 1 && (w == 0 || model.Content is not null)) grid.Add(settings.With(w, part));
        if (model.Content is not null)
            grid.Add(settings.With(1, parts.Contains(settings.CollaborativePart) || parts.Length == 0 ? settings.CollaborativePart : parts[0]));
        if (parts.Contains(settings.CollaborativePart) && (model.Content is not null || settings.ContentWeight == 0)
            && !grid.Any(o => o.CollaborativePart == settings.CollaborativePart && o.ContentWeight == settings.ContentWeight && o.CollaborativeWeight == settings.CollaborativeWeight))
            grid.Add(new HybridOptions
            {
                ContentWeight = settings.ContentWeight, CollaborativeWeight = settings.CollaborativeWeight, ConsensusBonus = settings.ConsensusBonus,
                CandidateMultiplier = settings.CandidateMultiplier, CollaborativePart = settings.CollaborativePart, Tuning = settings.Tuning,
                TuningStep = settings.TuningStep, TuningUsers = settings.TuningUsers,
            });
        return grid;
    }

    /// <summary>One user's part lists, computed once: content's, each collaborative part's, and popularity's (the cold-start list).</summary>
    private sealed record PartLists(UserHistory User, UserTraits Traits, ProductFilter Filter, ScoredProduct[]? Content, Dictionary<string, ScoredProduct[]?> Parts, ScoredProduct[] Popular);

    private static PartLists[] Lists(ServingModel model, UserHistory[] users, int k, HybridOptions settings)
    {
        int candidates = model.Pipeline.CandidateCount(k);
        int partCount = HybridRecommender.PartCount(candidates, settings);
        var trained = model.Model;
        var lists = new PartLists[users.Length];
        Parallel.For(0, users.Length, ParallelWork.Options(), i =>
        {
            var user = users[i];
            var filter = model.FilterFor(user, CatalogFilter.None);
            // Null: the part does not know the user (the hybrid then stands on the other part, or falls back to popularity).
            ScoredProduct[]? Of(IRecommender? part) => part is not null && part.Knows(user) ? part.Recommend(user, partCount, filter) : null;
            var parts = HybridOptions.CollaborativeParts.ToDictionary(p => p, p => Of(trained.CollaborativePart(p)));
            lists[i] = new PartLists(user, UserTraits.Of(user, trained.Catalog, model.Pipeline.Options), filter, Of(trained.Content), parts, trained.Popularity.Recommend(user, candidates, filter));
        });
        return lists;
    }

    /// <summary>The product indices the hybrid with <paramref name="options"/> would serve this user: as <see cref="HybridRecommender"/> and <see cref="ServingModel.Recommend"/> do.</summary>
    private static int[] Served(ServingModel model, PartLists lists, HybridOptions options, int k)
    {
        var content = options.ContentWeight > 0 ? lists.Content : null;
        var collaborative = options.CollaborativeWeight > 0 ? lists.Parts[options.CollaborativePart] : null;
        var ranked = content is null && collaborative is null
            ? model.Rank(lists.User, lists.Traits, lists.Filter, lists.Popular, scoredIsPopularity: true, k)
            : model.Rank(lists.User, lists.Traits, lists.Filter,
                HybridRecommender.Fuse(content ?? [], collaborative ?? [], options, model.Pipeline.CandidateCount(k)), scoredIsPopularity: false, k);
        return ranked.Select(r => r.Product).ToArray();
    }
}
