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
    /// <summary>The brand cap every model's candidates are selected under (null when the shop's cap is off).</summary>
    private readonly BrandCap? _brandCap;

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
        _brandCap = Pipeline.CandidateBrandCap();
    }

    /// <summary>Whether the product counts as in stock under this model's settings.</summary>
    public bool IsInStock(int product) => _filters.IsInStock(product);

    public bool Supports(string method) => _recommenders.ContainsKey(method);

    public RecommendationList Recommend(RecommendationRequest request)
    {
        string method = request.Method ?? Model.PromotedMethod;
        if (!_recommenders.TryGetValue(method, out var recommender))
            throw new ArgumentException($"This model has no '{method}' recommender.", nameof(request));

        var user = Model.Users.Find(request.UserId);
        var filter = FilterFor(user, request.Filter);
        // A user the chosen model knows nothing about gets the cold-start list.
        if (!recommender.Knows(user)) recommender = Model.Popularity;
        var scored = recommender.Recommend(user, Pipeline.CandidateCount(request.Count), filter);
        var ranked = Rank(user, filter, scored, recommender == Model.Popularity, request.Count, request.Strict);
        return new RecommendationList(request.UserId, user.IsKnown, recommender.Method,
            RecommenderMethods.DisplayName(recommender.Method), Version, ranked.Select(r => View(r, recommender.Method)).ToArray());
    }

    /// <summary>The request's filter for this user: stock and the request's filters, minus the user's history when the shop excludes it.</summary>
    public ProductFilter FilterFor(in UserHistory user, CatalogFilter request) =>
        new(_filters.AllowMask(request, Pipeline.Options.InStockOnly), Pipeline.Options.ExcludeInteracted ? user.Products : default, _brandCap);

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
