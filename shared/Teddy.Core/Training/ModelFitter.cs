using Teddy.Catalog;
using Teddy.Interactions;
using Teddy.Interchange;
using Teddy.LinearAlgebra;
using Teddy.Recommenders;

namespace Teddy.Training;

/// <summary>The content model, or why it cannot be fitted on this catalog.</summary>
public sealed record ContentFit(ContentRecommender? Model, SkippedModel? Skipped);

/// <summary>
/// Fits the recommenders a set of methods needs on one set of interactions (the hold-out's training part,
/// or everything). Content vectors do not depend on interactions, so the caller fits them at most once
/// (lazily: a candidate list without content or hybrid never runs TF-IDF) and shares them. A model the data
/// cannot support is skipped with its reason (<see cref="ModelRequirements"/>); a hybrid that lost one part
/// is fitted with the other. Under <see cref="HybridTuning.Search"/> every model that may be the hybrid's collaborative
/// part is fitted; the weights the model carries are the settings' until the search replaces them.
/// </summary>
/// Imported factors (<c>als</c>) come from <paramref name="imported"/>: its hold-out model for the hold-out fits, its full one for
/// the served fit (<paramref name="stagePrefix"/> <c>fit_</c>).
public sealed class ModelFitter(ModelCatalog catalog, Func<ContentFit> content, TrainingOptions options, StageTimings timings,
    ImportedAls? imported = null)
{
    public sealed record Fitted(TrainedModel Model, TruncatedSvdResult? Svd, IReadOnlyList<SkippedModel> Skipped, AlsMatch? AlsMatch = null);

    /// <summary>
    /// Fits popularity (always: it is the baseline and the cold-start list) and what <paramref name="methods"/>
    /// need; parts named in <paramref name="excluded"/> are neither fitted nor reported (they were skipped before).
    /// </summary>
    public Fitted Fit(InteractionSet interactions, IReadOnlyCollection<string> methods, string promotedMethod, string stagePrefix,
        IReadOnlySet<string>? excluded = null)
    {
        bool hybrid = methods.Contains(RecommenderMethods.Hybrid) && excluded?.Contains(RecommenderMethods.Hybrid) != true;
        // The hybrid needs content and its collaborative part: every model that may be it while its weights are searched.
        var hybridParts = options.Hybrid.Tuning == HybridTuning.Search ? HybridOptions.CollaborativeParts : [options.Hybrid.CollaborativePart];
        bool Wants(string part) => excluded?.Contains(part) != true
            && (methods.Contains(part) || hybrid && (part == RecommenderMethods.Content || hybridParts.Contains(part)));

        var skipped = new List<SkippedModel>();
        var matrix = interactions.ToMatrix();
        var shape = InteractionShape.Of(matrix);
        var users = new ModelUsers([.. interactions.UserIds], matrix);
        var popularity = timings.Measure($"{stagePrefix}popularity", () => PopularityRecommender.Fit(matrix, catalog, options.Popularity));

        // The models are independent, so they are fitted side by side (each also spreads over the cores on its own): one's
        // single-threaded parts (TF-IDF, the SVD's restarts) then run on cores the others would leave idle. Skip reasons are
        // reported in the order the models are listed.
        SkippedModel? svdSkip = null, itemKnnSkip = null, easeSkip = null;
        Task<TruncatedSvdResult>? svdFit = null;
        Task<ItemKnnRecommender>? itemKnnFit = null;
        Task<EaseRecommender>? easeFit = null;
        if (Wants(RecommenderMethods.Collaborative))
        {
            if (ModelRequirements.Collaborative(shape, options.SvdRank) is { } reason) svdSkip = reason;
            else svdFit = ParallelWork.Start(() => timings.Measure($"{stagePrefix}svd", () => TruncatedSvd.Compute(matrix, options.SvdRank,
                new TruncatedSvdOptions { Tolerance = options.SvdTolerance })));
        }
        if (Wants(RecommenderMethods.ItemKnn))
        {
            if (ModelRequirements.ItemKnn(shape) is { } reason) itemKnnSkip = reason;
            else itemKnnFit = ParallelWork.Start(() => timings.Measure($"{stagePrefix}itemknn", () => ItemKnnRecommender.Fit(matrix, options.ItemKnn)));
        }
        if (Wants(RecommenderMethods.Ease))
        {
            if (ModelRequirements.Ease(shape, options.Ease) is { } reason) easeSkip = reason;
            else easeFit = ParallelWork.Start(() => timings.Measure($"{stagePrefix}ease", () => EaseRecommender.Fit(matrix, options.Ease)));
        }

        ContentRecommender? contentModel = null;
        if (Wants(RecommenderMethods.Content))
        {
            var fit = content();
            if (fit.Skipped is { } reason) skipped.Add(reason);
            contentModel = fit.Model;
        }
        // GetResult: a fit's own exception, not an AggregateException.
        var svd = svdFit?.GetAwaiter().GetResult();
        var collaborative = svd is null ? null : CollaborativeRecommender.FromSvd(svd);
        var itemKnn = itemKnnFit?.GetAwaiter().GetResult();
        var ease = easeFit?.GetAwaiter().GetResult();
        foreach (var reason in new[] { svdSkip, itemKnnSkip, easeSkip })
            if (reason is not null) skipped.Add(reason);

        IRecommender? PartModel(string part) => part switch
        {
            RecommenderMethods.Collaborative => collaborative, RecommenderMethods.ItemKnn => itemKnn, RecommenderMethods.Ease => ease, _ => null,
        };
        bool hybridFits = contentModel is not null || hybridParts.Any(p => PartModel(p) is not null);
        if (hybrid && !hybridFits) skipped.Add(ModelRequirements.NoHybridPart());

        CollaborativeRecommender? als = null;
        AlsMatch? alsMatch = null;
        if (Wants(RecommenderMethods.Als))
        {
            var built = imported is null
                ? (null, null, new SkippedModel(RecommenderMethods.Als, SkipCodes.NoFactors, "No factors were imported (Teddy__Spark__FactorsPath in the data container)."))
                : timings.Measure($"{stagePrefix}als_import", () => imported.Build(holdout: stagePrefix != "fit_", [.. interactions.UserIds], catalog));
            (als, alsMatch) = (built.Model, built.Match);
            if (built.Skipped is { } reason) skipped.Add(reason);
        }

        var model = new TrainedModel
        {
            Catalog = catalog,
            Users = users,
            PromotedMethod = promotedMethod,
            Popularity = popularity,
            Content = contentModel,
            Collaborative = collaborative,
            ItemKnn = itemKnn,
            Ease = ease,
            Hybrid = hybrid && hybridFits ? HybridOf(PartModel) : null,
            Als = als,
        };
        return new Fitted(model, svd, skipped, alsMatch);
    }

    /// <summary>
    /// The hybrid's weights until a search replaces them: the settings', with the configured collaborative part, or (when
    /// the search may choose another part and the configured one could not be fitted) the first fitted part.
    /// </summary>
    private HybridOptions HybridOf(Func<string, IRecommender?> partModel)
    {
        var configured = options.Hybrid;
        if (configured.Tuning != HybridTuning.Search || partModel(configured.CollaborativePart) is not null) return configured;
        return HybridOptions.CollaborativeParts.FirstOrDefault(p => partModel(p) is not null) is { } fitted
            ? configured.With(configured.ContentWeight, fitted)
            : configured;
    }
}
