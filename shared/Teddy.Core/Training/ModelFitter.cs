using Teddy.Catalog;
using Teddy.Interactions;
using Teddy.LinearAlgebra;
using Teddy.Recommenders;

namespace Teddy.Training;

/// <summary>
/// Fits the recommenders a set of methods needs on one set of interactions (the hold-out's training part,
/// or everything). Content vectors do not depend on interactions, so they are fitted once and shared.
/// </summary>
public sealed class ModelFitter(ModelCatalog catalog, ContentRecommender content, TrainingOptions options, StageTimings timings)
{
    public sealed record Fitted(TrainedModel Model, TruncatedSvdResult? Svd);

    public Fitted Fit(InteractionSet interactions, IReadOnlyCollection<string> methods, string promotedMethod, string stagePrefix)
    {
        bool hybrid = methods.Contains(RecommenderMethods.Hybrid);
        bool needsContent = hybrid || methods.Contains(RecommenderMethods.Content);
        bool needsCollaborative = hybrid || methods.Contains(RecommenderMethods.Collaborative);
        bool needsItemKnn = methods.Contains(RecommenderMethods.ItemKnn);

        var matrix = interactions.ToMatrix();
        var users = new ModelUsers([.. interactions.UserIds], matrix);
        var popularity = timings.Measure($"{stagePrefix}popularity", () => PopularityRecommender.Fit(matrix, catalog, options.Popularity));

        TruncatedSvdResult? svd = null;
        CollaborativeRecommender? collaborative = null;
        if (needsCollaborative && matrix.NonZeros > 0)
        {
            svd = timings.Measure($"{stagePrefix}svd", () => TruncatedSvd.Compute(matrix,
                Math.Min(options.SvdRank, Math.Min(matrix.Rows, matrix.Columns)),
                new TruncatedSvdOptions { Tolerance = options.SvdTolerance }));
            collaborative = CollaborativeRecommender.FromSvd(svd);
        }
        var itemKnn = needsItemKnn ? timings.Measure($"{stagePrefix}itemknn", () => ItemKnnRecommender.Fit(matrix, options.ItemKnn)) : null;

        var model = new TrainedModel
        {
            Catalog = catalog,
            Users = users,
            PromotedMethod = promotedMethod,
            Popularity = popularity,
            Content = needsContent ? content : null,
            Collaborative = collaborative,
            ItemKnn = itemKnn,
            Hybrid = hybrid && collaborative is not null ? options.Hybrid : null,
        };
        return new Fitted(model, svd);
    }
}
