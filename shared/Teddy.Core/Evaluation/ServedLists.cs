using Teddy.Ranking;
using Teddy.Recommenders;
using Teddy.Serving;

namespace Teddy.Evaluation;

/// <summary>
/// The top-k lists models fitted on one set of interactions would serve a fixed set of users (no recent events, no request
/// filter), for evaluating several methods and hybrid weights on the same users without redoing per user what they share:
/// each user's history, filter and traits are computed once, and each model's candidate list once per length — a hybrid's
/// part lists serve the hybrid with any weights, and the part's own shorter list is re-selected from the longer one
/// (<see cref="TopProducts.Reselect"/>) instead of scanning the catalog again. The lists are exactly what
/// <see cref="ServingModel.Recommend"/> returns (the same candidates, fill and <see cref="RankingPipeline.Rank(UserTraits, ReadOnlySpan{ScoredProduct}, ReadOnlySpan{ScoredProduct}, int, Learning.LearnedBrands?)"/>;
/// a test holds them equal), without the product views and explanations an evaluation does not read.
/// Not thread-safe: one caller asks for one method's lists at a time (each is computed in parallel over the users).
/// </summary>
public sealed class ServedLists
{
    private readonly ServingModel _model;
    private readonly int _k, _candidates;
    private readonly int[] _lengths; // the candidate-list lengths an evaluation asks a model for: its own, a hybrid part's
    private readonly UserHistory[] _users;
    private readonly ProductFilter[] _filters;
    private readonly UserTraits[] _traits;
    private readonly Dictionary<(IRecommender Model, int Count), Candidates> _lists = [];

    /// <summary>One model's candidates for every user at one length: null where the model does not know the user.</summary>
    private sealed record Candidates(ScoredProduct[]?[] Lists, Exception?[] Failures);

    /// <param name="model">Serves the users (models with other hybrid weights over the same fit may be passed to <see cref="Of"/>).</param>
    /// <param name="users">User indices of <paramref name="model"/>'s users.</param>
    /// <param name="k">The list length.</param>
    public ServedLists(ServingModel model, IReadOnlyList<int> users, int k)
    {
        _model = model;
        _k = k;
        _candidates = model.Pipeline.CandidateCount(k);
        _lengths = model.Recommender(RecommenderMethods.Hybrid) is HybridRecommender hybrid
            ? new[] { _candidates, HybridRecommender.PartCount(_candidates, hybrid.Options) }.Distinct().ToArray()
            : [_candidates];
        _users = new UserHistory[users.Count];
        _filters = new ProductFilter[users.Count];
        _traits = new UserTraits[users.Count];
        Parallel.For(0, users.Count, ParallelWork.Options(), i =>
        {
            var user = model.Model.Users.History(users[i]);
            _users[i] = user;
            _filters[i] = model.FilterFor(user, CatalogFilter.None);
            _traits[i] = UserTraits.Of(user, model.Model.Catalog, model.Pipeline.Options);
        });
    }

    /// <summary>
    /// Each user's top-k product indices from <paramref name="method"/> of <paramref name="model"/>: this object's model, or
    /// one over the same fit with other hybrid weights (<see cref="Recommenders.TrainedModel.WithHybrid"/>) and ranking.
    /// </summary>
    /// <exception cref="ArgumentException">The model has no such method, or is not over the same fit and ranking.</exception>
    public int[][] Of(ServingModel model, string method)
    {
        if (!ReferenceEquals(model.Model.Users, _model.Model.Users) || !ReferenceEquals(model.Model.Catalog, _model.Model.Catalog)
            || !ReferenceEquals(model.Pipeline.Options, _model.Pipeline.Options))
            throw new ArgumentException("The model must be over the same fit, catalog and ranking.", nameof(model));
        var recommender = model.Recommender(method)
            ?? throw new ArgumentException($"This model has no '{method}' recommender.", nameof(method));
        var popularity = model.Model.Popularity;
        var popular = List(popularity, _candidates);
        Candidates? content = null, collaborative = null, alone = null;
        if (recommender is HybridRecommender hybrid)
        {
            int parts = HybridRecommender.PartCount(_candidates, hybrid.Options);
            if (hybrid.Content is { } c) content = List(c, parts);
            if (hybrid.Collaborative is { } o) collaborative = List(o, parts);
        }
        else if (recommender != popularity) alone = List(recommender, _candidates);

        var lists = new int[_users.Length][];
        Parallel.For(0, _users.Length, ParallelWork.Options(), i =>
        {
            var user = _users[i];
            ScoredProduct[] scored;
            bool isPopularity = false;
            if (!recommender.Knows(user)) (scored, isPopularity) = (Required(popular, i), true);
            else if (recommender is HybridRecommender h)
                scored = h.Fuse(Part(content, i), Part(collaborative, i), _candidates, ServingModel.Normalised(h.TrainedWeights), out _);
            else if (alone is null) (scored, isPopularity) = (Required(popular, i), true);
            else scored = Required(alone, i);
            var fill = scored.Length >= _candidates || isPopularity ? [] : Required(popular, i);
            var ranked = model.Pipeline.Rank(_traits[i], scored, fill, _k);
            var products = new int[ranked.Length];
            for (int r = 0; r < ranked.Length; r++) products[r] = ranked[r].Product;
            lists[i] = products;
        });
        return lists;
    }

    /// <summary>A hybrid part's list: [] where it does not know the user or failed (the hybrid then stands on the other part).</summary>
    private static ScoredProduct[] Part(Candidates? part, int user) =>
        part is null || part.Failures[user] is not null ? [] : part.Lists[user] ?? [];

    /// <summary>A model's own list (it knows the user): its failure is the request's, as when serving.</summary>
    private static ScoredProduct[] Required(Candidates candidates, int user) =>
        candidates.Failures[user] is { } failure ? throw new InvalidOperationException("A model failed while listing candidates.", failure)
            : candidates.Lists[user] ?? [];

    /// <summary>
    /// The model's candidates for every user at this length: kept, re-selected from a longer list, or computed. Under a
    /// category cap, where a shorter list cannot be re-selected from a longer one, a model that scores once and selects
    /// computes every length this evaluation asks for (<see cref="_lengths"/>) from one scoring of each user.
    /// </summary>
    private Candidates List(IRecommender model, int count)
    {
        if (_lists.TryGetValue((model, count), out var kept)) return kept;
        int longerCount = _lists.Keys.Where(key => ReferenceEquals(key.Model, model) && key.Count > count && Reselectable(model, key.Count, count))
            .Select(key => key.Count).DefaultIfEmpty(0).Min();
        var longer = longerCount > 0 ? _lists[(model, longerCount)] : null;
        int[] lengths = longer is null && ScoresOnce(model) && _model.Pipeline.CandidateCategoryCap() is not null
            ? [count, .. _lengths.Where(l => l != count && !_lists.ContainsKey((model, l)))]
            : [count];
        var lists = new ScoredProduct[]?[lengths.Length][];
        for (int j = 0; j < lengths.Length; j++) lists[j] = new ScoredProduct[]?[_users.Length];
        var failures = new Exception?[_users.Length];
        Parallel.For(0, _users.Length, ParallelWork.Options(), i =>
        {
            if (longer is not null)
            {
                failures[i] = longer.Failures[i];
                lists[0][i] = longer.Lists[i] is { } list ? TopProducts.Reselect(list, longerCount, count, _filters[i].BrandCap) : null;
                return;
            }
            try
            {
                if (!model.Knows(_users[i])) return;
                if (lengths.Length == 1) lists[0][i] = model.Recommend(_users[i], count, _filters[i]);
                else
                {
                    var all = model.Recommend(_users[i], lengths, _filters[i]);
                    for (int j = 0; j < lengths.Length; j++) lists[j][i] = all[j];
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                failures[i] = e;
            }
        });
        for (int j = 1; j < lengths.Length; j++) _lists[(model, lengths[j])] = new Candidates(lists[j], failures);
        return _lists[(model, count)] = new Candidates(lists[0], failures);
    }

    /// <summary>Whether the model scores the catalog once per user and then selects (so lists of several lengths cost one scoring).</summary>
    private static bool ScoresOnce(IRecommender model) =>
        model is ContentRecommender or CollaborativeRecommender or ItemKnnRecommender or EaseRecommender;

    /// <summary>
    /// Whether the model's lists are brand-capped selections of its scores (so a longer one yields a shorter one). Not
    /// under a category cap: its share of a list depends on the list's length, so a longer list's picks are not the shorter's.
    /// </summary>
    private bool Reselectable(IRecommender model, int longer, int count) =>
        ScoresOnce(model) && _model.Pipeline.CandidateCategoryCap() is null
        && TopProducts.SameCap(_model.Pipeline.CandidateBrandCap(), longer, count);
}
