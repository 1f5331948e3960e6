using Teddy.Artifacts;
using Teddy.Learning;
using Teddy.Ranking;
using Teddy.Recommenders;

namespace Teddy.Serving;

/// <summary>
/// One loaded model version, ready to answer: it picks the recommender, builds the request's filter,
/// asks for candidates, runs them through the ranking pipeline and fills short lists from popular
/// products. Immutable, so requests share it freely and a swap to a new version is one reference write.
/// <para>
/// With <see cref="ServingLearning"/>, what shoppers' clicks taught applies too: hybrid lists fuse with weights drawn by
/// Thompson sampling (<see cref="ThompsonWeights"/>, the trained weights as the prior), brands' click-through
/// categories move their products up or down (<see cref="LearnedBrands"/>), and the list says which weights it used and
/// why. Without it (evaluation, the benchmark's latency table) the trained weights apply and brands are not moved.
/// </para>
/// </summary>
public sealed class ServingModel
{
    private readonly IReadOnlyDictionary<string, IRecommender> _recommenders;
    private readonly CatalogFilters _filters;
    private readonly ServingLearning? _learning;
    private readonly HybridRecommender? _hybrid;
    private readonly ThompsonWeights? _banditStart;
    private readonly CandidateCache _candidates;
    private volatile LearningView? _view;
    /// <summary>The brand cap every model's candidates are selected under (null when the shop's cap is off).</summary>
    private readonly BrandCap? _brandCap;
    /// <summary>The category cap every model's candidates are selected under (null when the shop's cap is off).</summary>
    private readonly CategoryCap? _categoryCap;

    public string Version { get; }
    public ModelMetadata Metadata { get; }
    public TrainedModel Model { get; }
    public RankingPipeline Pipeline { get; }
    public Explanations Explanations { get; }

    /// <param name="candidateCacheUsers">Shoppers whose candidate lists this model keeps (<see cref="CandidateCache"/>); 0: none.</param>
    public ServingModel(ModelMetadata metadata, TrainedModel model, RankingOptions ranking, Action<string, Exception>? onPartFailure = null,
        ServingLearning? learning = null, int candidateCacheUsers = 0)
    {
        Version = metadata.Version;
        Metadata = metadata;
        Model = model;
        Pipeline = new RankingPipeline(model.Catalog, ranking);
        Explanations = new Explanations(model.Catalog, Pipeline.Rules);
        _recommenders = model.Recommenders(onPartFailure);
        _filters = new CatalogFilters(model.Catalog, ranking.UnknownAvailabilityInStock);
        _brandCap = Pipeline.CandidateBrandCap();
        _categoryCap = Pipeline.CandidateCategoryCap();
        _learning = learning;
        _hybrid = _recommenders.GetValueOrDefault(RecommenderMethods.Hybrid) as HybridRecommender;
        // The prior is solved numerically from the trained weights: here, while the model loads in the background.
        _banditStart = _hybrid is { Content: not null, Collaborative: not null } ? learning?.StartFor(_hybrid.TrainedWeights) : null;
        _candidates = new CandidateCache(candidateCacheUsers);
    }

    /// <summary>This model's candidate cache: shoppers kept, hits and misses since it loaded.</summary>
    public CandidateCacheStatus CandidateCache => _candidates.Status;

    /// <summary>
    /// What the current learning snapshot means for this model; null without <see cref="ServingLearning"/>. Rebuilt
    /// only when the snapshot changes (a reference comparison per request).
    /// </summary>
    public LearningView? Learning
    {
        get
        {
            if (_learning is null) return null;
            var snapshot = _learning.State.Current;
            var view = _view;
            if (view is not null && ReferenceEquals(view.Snapshot, snapshot)) return view;
            view = LearningView.Build(snapshot, _banditStart, _hybrid?.TrainedWeights ?? new HybridWeights(0.5, 0.5),
                Model.Catalog.BrandNames, _learning.Brands);
            _view = view;
            return view;
        }
    }

    /// <summary>
    /// From when a shopper's recorded events are not in this model (so real-time personalisation folds them in): the
    /// time its retrain read the events table, less <paramref name="writeMargin"/> (a write acknowledged later may have
    /// started before the read: counting such an event twice is better than missing it); every recorded event when the
    /// model read none.
    /// </summary>
    public DateTimeOffset RecentEventsSince(TimeSpan writeMargin) =>
        Metadata.RecordedEvents is { } read ? read.ReadAt - writeMargin : DateTimeOffset.MinValue;

    /// <summary>Whether the product counts as in stock under this model's settings.</summary>
    public bool IsInStock(int product) => _filters.IsInStock(product);

    public bool Supports(string method) => _recommenders.ContainsKey(method);

    /// <summary>The recommender that serves <paramref name="method"/> (the hybrid assembled from its parts), or null when this model has none.</summary>
    public IRecommender? Recommender(string method) => _recommenders.GetValueOrDefault(method);

    public RecommendationList Recommend(RecommendationRequest request)
    {
        string method = request.Method ?? Model.PromotedMethod;
        if (!_recommenders.TryGetValue(method, out var recommender))
            throw new ArgumentException($"This model has no '{method}' recommender.", nameof(request));

        var user = Model.Users.Find(request.UserId);
        int[] justBought = [];
        // Events since training fold into a per-request history; what was just bought is never offered again.
        if (request.Recent is { Count: > 0 } recent) user = RecentHistory.Merge(user, recent, Model.Catalog, out justBought);
        var mask = _filters.AllowMask(request.Filter, Pipeline.Options.InStockOnly);
        var filter = new ProductFilter(mask, Pipeline.Options.ExcludeInteracted ? RecentHistory.Union(user.Products, justBought) : justBought, _brandCap, _categoryCap);
        // The personal models' lists depend on the shopper's history and the filter only: kept per shopper (see CandidateCache).
        bool[]? cacheable = _filters.IsShared(mask) ? mask : null;
        var recentEvents = request.Recent ?? [];

        // A user the chosen model knows nothing about gets the cold-start list, and the list says why.
        var requested = recommender;
        if (!recommender.Knows(user)) recommender = Model.Popularity;
        var learning = Learning;
        int candidates = Pipeline.CandidateCount(request.Count);
        ScoredProduct[] scored;
        var weights = WeightsUsed.None;
        if (recommender is HybridRecommender hybrid)
        {
            var drawn = learning?.Weights(_learning!.Random) ?? Normalised(hybrid.TrainedWeights);
            var lists = _candidates.GetOrCompute(request.UserId, recentEvents, hybrid.Method, candidates, cacheable, (hybrid, user, candidates, filter),
                static s => s.hybrid.Parts(s.user, s.candidates, s.filter) is var (content, collaborative) ? [content, collaborative] : []);
            scored = hybrid.Fuse(lists[0], lists[1], candidates, drawn, out var parts);
            weights = hybrid.Content is null || hybrid.Collaborative is null
                ? WeightsUsed.OnePartTrained(hybrid, parts)
                : WeightsUsed.For(parts, drawn, dynamic: learning?.Bandit is not null, learning?.HybridReason);
        }
        else if (recommender == Model.Popularity) scored = recommender.Recommend(user, candidates, filter); // cheap: a ranked pool
        else scored = _candidates.GetOrCompute(request.UserId, recentEvents, recommender.Method, candidates, cacheable, (recommender, user, candidates, filter),
            static s => [s.recommender.Recommend(s.user, s.candidates, s.filter)])[0];
        var fill = request.Strict || scored.Length >= candidates || recommender == Model.Popularity
            ? []
            : Model.Popularity.Recommend(user, candidates, filter);

        var traits = UserTraits.Of(user, Model.Catalog, Pipeline.Options);
        var ranked = Pipeline.Rank(traits, scored, fill, request.Count, learning?.Brands);
        var reasons = Explanations.ForUser(ranked, recommender, user, traits, learning?.Brands);
        bool hybridScores = recommender is HybridRecommender;
        var items = new RecommendedProduct[ranked.Length];
        for (int i = 0; i < items.Length; i++) items[i] = View(ranked[i], recommender.Method, reasons[i], hybridScores, learning?.Brands);
        var (listMethod, fallback) = UserFallback(requested, recommender, user, ranked);
        return new RecommendationList(request.UserId, user.IsKnown, listMethod,
            RecommenderMethods.DisplayName(listMethod), Version, items)
        {
            RequestedMethod = method,
            FallbackReason = fallback,
            RecentEvents = user.RecentEvents,
            Weights = weights.Weights,
            DynamicWeights = weights.Dynamic,
            // An empty list is explained by the request, not by the weights.
            OptimizationReason = items.Length == 0
                ? "No product matches this request's filters (and what the shopper has already interacted with is left out)."
                : weights.Reason ?? NotHybridReason(recommender, method),
        };
    }

    /// <summary>
    /// The method that made a shopper's list and, when it is not the requested model alone, why: the cold-start list for a
    /// shopper the model does not know, popular products for a shopper it knows but had nothing for (the list's method is
    /// then <c>popular</c>), or popular products filling some places (the method stays; those items are typed <c>popular</c>).
    /// </summary>
    private (string Method, string? Reason) UserFallback(IRecommender requested, IRecommender used, in UserHistory user, RankedProduct[] ranked)
    {
        if (requested == Model.Popularity) return (used.Method, null);
        string name = RecommenderMethods.DisplayName(requested.Method);
        if (used == Model.Popularity)
            return (used.Method, user.IsEmpty
                ? $"No events of this shopper are known (neither in the model's training data nor since), so the {name} model cannot personalise: popular products make the list."
                : requested is EaseRecommender ease
                    ? $"None of the {user.Products.Length:N0} products this shopper interacted with is among the {ease.ItemCount:N0} most-interacted products EASE models, so EASE knows nothing of their tastes: popular products make the list."
                    : $"The {name} model knows nothing of the products this shopper interacted with: popular products make the list.");
        int fill = 0;
        foreach (var r in ranked) if (r.IsFill) fill++;
        if (fill == 0) return (used.Method, null);
        if (fill == ranked.Length)
            return (RecommenderMethods.Popular,
                $"The {name} model had no products for this shopper that pass the request's filters: popular products make the list.");
        return (used.Method, $"Popular products fill {fill} of the {ranked.Length} places: the {name} model's own ran short under the request's "
            + "filters and the brand and category caps.");
    }

    /// <summary>
    /// The method that made a similar-items list and, when the requested one did not make it alone, why (as
    /// <see cref="UserFallback"/>): <paramref name="why"/> is the model's own reason for having no neighbours of the anchor.
    /// </summary>
    private static (string Method, string? Reason) SimilarFallback(string requested, string name, string? why, RankedProduct[] ranked)
    {
        if (requested == RecommenderMethods.Popular) return (requested, null);
        int fill = 0;
        foreach (var r in ranked) if (r.IsFill) fill++;
        if (fill == 0) return (requested, null);
        if (fill == ranked.Length)
            return (RecommenderMethods.Popular, why is not null
                ? $"{char.ToUpperInvariant(why[0])}{why[1..]}: popular products of its category make the list."
                : $"{name} found no products like this one that pass the request's filters: popular products of its category make the list.");
        return (requested, $"Popular products of its category fill {fill} of the {ranked.Length} places: {name}'s own products like this one "
            + "ran short under the request's filters and the brand cap.");
    }

    /// <summary>The trained weights a hybrid list fuses with when no learned ones apply (scaled to sum to 1).</summary>
    internal static HybridWeights Normalised(HybridWeights w) =>
        w.Content + w.Collaborative is var total and > 0 ? new HybridWeights(w.Content / total, w.Collaborative / total) : new HybridWeights(0.5, 0.5);

    private static string NotHybridReason(IRecommender recommender, string asked) =>
        recommender.Method == RecommenderMethods.Popular && asked != RecommenderMethods.Popular
            ? "Popular products (no personal model knows this shopper yet); part weights apply to hybrid lists only."
            : $"The {RecommenderMethods.DisplayName(recommender.Method)} model made this list alone; part weights apply to hybrid lists only.";

    /// <summary>The weights a hybrid list really fused with, whether they were drawn, and why.</summary>
    private readonly record struct WeightsUsed(HybridWeights? Weights, bool Dynamic, string? Reason)
    {
        public static WeightsUsed None => default;

        /// <summary>
        /// A hybrid that asks one part only (the other was not trained, or the weight search gave it weight 0): its
        /// weights are fixed, and the reason says so rather than blaming this shopper.
        /// </summary>
        public static WeightsUsed OnePartTrained(HybridRecommender hybrid, RecommendationSources parts)
        {
            if (parts == RecommendationSources.None)
                return new(null, false, "The hybrid's part had no products for this request: popular products fill the list where any match it.");
            bool content = hybrid.Content is not null;
            string part = content ? "content" : $"collaborative ({RecommenderMethods.DisplayName(hybrid.Options.CollaborativePart)})";
            string why = (content ? hybrid.Options.CollaborativeWeight : hybrid.Options.ContentWeight) == 0
                ? "the weight search on the hold-out gave the other part weight 0"
                : "the other part could not be trained on this data";
            return new(content ? new HybridWeights(1, 0) : new HybridWeights(0, 1), false,
                $"This hybrid is its {part} part alone: {why}, so the weights are fixed.");
        }

        public static WeightsUsed For(RecommendationSources parts, HybridWeights drawn, bool dynamic, string? reason) => parts switch
        {
            RecommendationSources.Content => new(new HybridWeights(1, 0), false,
                "Only the content part had products for this shopper (collaborative filtering does not know them yet), so it made the list alone."),
            RecommendationSources.Collaborative => new(new HybridWeights(0, 1), false,
                "Only the collaborative part had products for this shopper, so it made the list alone."),
            RecommendationSources.None => new(null, false, "Neither hybrid part had products for this request: popular products fill the list where any match it."),
            _ => new(drawn, dynamic, reason ?? "Adaptive weights are not configured: the trained weights are used."),
        };
    }

    /// <summary>The request's filter for this user: stock and the request's filters, minus the user's history when the shop excludes it.</summary>
    public ProductFilter FilterFor(in UserHistory user, CatalogFilter request) =>
        new(_filters.AllowMask(request, Pipeline.Options.InStockOnly), Pipeline.Options.ExcludeInteracted ? user.Products : default, _brandCap, _categoryCap);

    /// <summary>
    /// The one path from a model's candidates to a served list: popular products fill a short list (unless
    /// <paramref name="strict"/>, or the candidates are popularity's own), and the ranking pipeline applies the
    /// shop rules and diversity. <paramref name="scored"/> is what the model returned for
    /// <see cref="RankingPipeline.CandidateCount"/>(<paramref name="count"/>) candidates. The hybrid's weight search
    /// replays lists through this, so what it measures is what is served.
    /// </summary>
    public RankedProduct[] Rank(in UserHistory user, ProductFilter filter, ScoredProduct[] scored, bool scoredIsPopularity, int count, bool strict = false) =>
        Rank(user, null, filter, scored, scoredIsPopularity, count, strict);

    /// <summary>The same, with the user's traits when the caller ranks many lists for one user (null: computed here).</summary>
    public RankedProduct[] Rank(in UserHistory user, UserTraits? traits, ProductFilter filter, ScoredProduct[] scored, bool scoredIsPopularity,
        int count, bool strict = false)
    {
        int candidates = Pipeline.CandidateCount(count);
        var fill = strict || scored.Length >= candidates || scoredIsPopularity
            ? []
            : Model.Popularity.Recommend(user, candidates, filter);
        return Pipeline.Rank(traits ?? UserTraits.Of(user, Model.Catalog, Pipeline.Options), scored, fill, count);
    }

    /// <summary>
    /// The candidates a method's model supplies for a list of <paramref name="count"/> before the shop rules (popularity's
    /// for a user the model does not know): for diagnostics of what the ranking pipeline had to choose from.
    /// </summary>
    public ScoredProduct[] Candidates(string userId, int count, string method)
    {
        if (!_recommenders.TryGetValue(method, out var recommender))
            throw new ArgumentException($"This model has no '{method}' recommender.", nameof(method));
        var user = Model.Users.Find(userId);
        if (!recommender.Knows(user)) recommender = Model.Popularity;
        return recommender.Recommend(user, Pipeline.CandidateCount(count), FilterFor(user, CatalogFilter.None));
    }

    /// <summary>
    /// Products like this one: content similarity blended with co-occurrence in user histories (item-kNN), or
    /// the requested recommender's own likeness, through the same rules and filters. Lists are seeded by the
    /// product, so they are stable. A variant's id stands for its primary product (variants are not products of
    /// their own, so a list never names a sibling). When the requested method has no products like this one (EASE models
    /// only the most-interacted products; a product nobody viewed with another has no item-kNN neighbours) popular products
    /// of its category make or fill the list, and the list says so (<see cref="SimilarList.Method"/>,
    /// <see cref="SimilarList.FallbackReason"/>). Null when the id names no product or variant.
    /// </summary>
    /// <exception cref="ArgumentException">The request names a method this model has no recommender for.</exception>
    public SimilarList? Similar(SimilarRequest request, double contentWeight)
    {
        if (!Model.Catalog.TryResolve(request.ProductId, out int product, out _)) return null;
        IRecommender? recommender = null;
        if (request.Method is { } method && !_recommenders.TryGetValue(method, out recommender))
            throw new ArgumentException($"This model has no '{method}' recommender.", nameof(request));
        // The anchor itself is never similar to itself, whichever model is asked.
        // No category cap: the anchor's category is part of the likeness asked for (the brand cap still spreads the list).
        var filter = new ProductFilter(_filters.AllowMask(request.Filter, Pipeline.Options.InStockOnly), new[] { product }, _brandCap);
        int candidates = Pipeline.CandidateCount(request.Count);

        var scored = recommender is not null
            ? recommender.Similar(product, candidates, filter)
            : ScoreFusion.Fuse(
                Model.Content?.Similar(product, candidates, filter) ?? [], contentWeight,
                Model.ItemKnn?.Similar(product, candidates, filter) ?? [], 1 - contentWeight,
                bothBonus: 0, candidates);
        var fill = request.Strict || scored.Length >= candidates || recommender == Model.Popularity
            ? []
            : Model.Popularity.Similar(product, candidates, filter);
        var anchor = new UserHistory(Model.Catalog.Ids[product], UserHistory.UnknownUser, new[] { product }, new[] { 1.0 });
        var brands = Learning?.Brands;
        var ranked = Pipeline.Rank(UserTraits.Of(anchor, Model.Catalog, Pipeline.Options), scored, fill, request.Count, brands, capCategories: false);
        var reasons = Explanations.ForSimilar(ranked, product);
        string type = recommender?.Method ?? RecommenderMethods.Similar;
        bool hybridScores = recommender is HybridRecommender;
        var items = ranked.Select((r, i) => View(r, type, reasons[i], hybridScores, brands)).ToArray();
        string? why = recommender is not null ? recommender.WhyNoNeighbours(product) : BlendWhyNoNeighbours(product);
        string name = recommender is not null ? $"The {RecommenderMethods.DisplayName(recommender.Method)} model" : "Content similarity blended with co-occurrence";
        var (made, fallback) = SimilarFallback(type, name, why, ranked);
        return new SimilarList(items, made, type, fallback);
    }

    /// <summary>The default blend's parts' reasons when neither has neighbours of the product (a part not trained counts as none).</summary>
    private string? BlendWhyNoNeighbours(int product)
    {
        IRecommender?[] parts = [Model.Content, Model.ItemKnn];
        var reasons = parts.OfType<IRecommender>().Select(p => p.WhyNoNeighbours(product)).ToArray();
        return reasons.All(r => r is not null) ? reasons.Length == 0 ? "neither content similarity nor item-kNN was trained" : string.Join("; ", reasons) : null;
    }

    private RecommendedProduct View(RankedProduct ranked, string method, string reason, bool hybridScores, LearnedBrands? brands)
    {
        var catalog = Model.Catalog;
        int p = ranked.Product;
        string type = ranked.IsFill ? RecommenderMethods.Popular : method;
        float price = catalog.Price[p];
        return new RecommendedProduct(p, catalog.Ids[p], catalog.Titles[p], catalog.BrandName(p),
            float.IsNaN(price) ? null : Math.Round(price, 2), Math.Round(catalog.DiscountPercent[p], 2),
            catalog.ImageUrl[p] is { Length: > 0 } image ? image : null,
            Math.Round(ranked.Score, 4), type, SourceNames.Of(ranked.Sources))
        {
            HybridScore = hybridScores && !ranked.IsFill ? Math.Round(ranked.ModelScore, 4) : null,
            Reason = reason,
            BrandCtrCategory = LearnedBrands.ApiName(brands?.Category(catalog.Brand[p]) ?? CtrCategory.InsufficientData),
        };
    }
}
