using Teddy.Artifacts;
using Teddy.Ranking;
using Teddy.Recommenders;

namespace Teddy.Serving;

/// <summary>
/// One loaded model version, ready to answer: it picks the recommender, builds the request's filter,
/// asks for candidates, runs them through the ranking pipeline and fills short lists from popular
/// products. Immutable, so requests share it freely and a swap to a new version is one reference write.
/// </summary>
public sealed class ServingModel
{
    private readonly IReadOnlyDictionary<string, IRecommender> _recommenders;
    private readonly CatalogFilters _filters;

    public string Version { get; }
    public ModelMetadata Metadata { get; }
    public TrainedModel Model { get; }
    public RankingPipeline Pipeline { get; }

    public ServingModel(ModelMetadata metadata, TrainedModel model, RankingOptions ranking, Action<string, Exception>? onPartFailure = null)
    {
        Version = metadata.Version;
        Metadata = metadata;
        Model = model;
        Pipeline = new RankingPipeline(model.Catalog, ranking);
        _recommenders = model.Recommenders(onPartFailure);
        _filters = new CatalogFilters(model.Catalog, ranking.UnknownAvailabilityInStock);
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

    public RecommendationList Recommend(RecommendationRequest request)
    {
        string method = request.Method ?? Model.PromotedMethod;
        if (!_recommenders.TryGetValue(method, out var recommender))
            throw new ArgumentException($"This model has no '{method}' recommender.", nameof(request));

        var user = Model.Users.Find(request.UserId);
        int[] justBought = [];
        // Events since training fold into a per-request history; what was just bought is never offered again.
        if (request.Recent is { Count: > 0 } recent) user = RecentHistory.Merge(user, recent, Model.Catalog, out justBought);
        var filter = new ProductFilter(_filters.AllowMask(request.Filter, Pipeline.Options.InStockOnly),
            Pipeline.Options.ExcludeInteracted ? RecentHistory.Union(user.Products, justBought) : justBought);

        // A user the chosen model knows nothing about gets the cold-start list.
        if (!recommender.Knows(user)) recommender = Model.Popularity;
        int candidates = Pipeline.CandidateCount(request.Count);
        var scored = recommender.Recommend(user, candidates, filter);
        var fill = request.Strict || scored.Length >= candidates || recommender == Model.Popularity
            ? []
            : Model.Popularity.Recommend(user, candidates, filter);

        var ranked = Pipeline.Rank(user, scored, fill, request.Count);
        return new RecommendationList(request.UserId, user.IsKnown, recommender.Method,
            RecommenderMethods.DisplayName(recommender.Method), Version, ranked.Select(r => View(r, recommender.Method)).ToArray())
        {
            RecentEvents = user.RecentEvents,
        };
    }

    /// <summary>
    /// Products like this one: content similarity blended with co-occurrence in user histories (item-kNN), or
    /// the requested recommender's own likeness, through the same rules and filters. Lists are seeded by the
    /// product, so they are stable. A variant's id stands for its primary product (variants are not products of
    /// their own, so a list never names a sibling). Null when the id names no product or variant.
    /// </summary>
    /// <exception cref="ArgumentException">The request names a method this model has no recommender for.</exception>
    public IReadOnlyList<RecommendedProduct>? Similar(SimilarRequest request, double contentWeight)
    {
        if (!Model.Catalog.TryResolve(request.ProductId, out int product, out _)) return null;
        IRecommender? recommender = null;
        if (request.Method is { } method && !_recommenders.TryGetValue(method, out recommender))
            throw new ArgumentException($"This model has no '{method}' recommender.", nameof(request));
        // The anchor itself is never similar to itself, whichever model is asked.
        var filter = new ProductFilter(_filters.AllowMask(request.Filter, Pipeline.Options.InStockOnly), new[] { product });
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
        var ranked = Pipeline.Rank(anchor, scored, fill, request.Count);
        string type = recommender?.Method ?? RecommenderMethods.Similar;
        return ranked.Select(r => View(r, type)).ToArray();
    }

    private RecommendedProduct View(RankedProduct ranked, string method)
    {
        var catalog = Model.Catalog;
        int p = ranked.Product;
        string type = ranked.IsFill ? RecommenderMethods.Popular : method;
        float price = catalog.Price[p];
        return new RecommendedProduct(p, catalog.Ids[p], catalog.Titles[p], catalog.BrandName(p),
            float.IsNaN(price) ? null : Math.Round(price, 2), Math.Round(catalog.DiscountPercent[p], 2),
            catalog.ImageUrl[p] is { Length: > 0 } image ? image : null,
            Math.Round(ranked.Score, 4), type, SourceNames.Of(ranked.Sources));
    }
}
