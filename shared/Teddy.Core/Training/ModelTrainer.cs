using System.Text.Json;
using System.Text.Json.Nodes;
using Teddy.Artifacts;
using Teddy.Catalog;
using Teddy.Evaluation;
using Teddy.Interactions;
using Teddy.Ranking;
using Teddy.Recommenders;
using Teddy.Retail;
using Teddy.Serving;
using Teddy.Text;

namespace Teddy.Training;

/// <summary>The settings a model was trained and served with, stored in its metadata so a later retrain can refit the same recipe.</summary>
public sealed record TeddySettings(TrainingOptions Training, RankingOptions Ranking, EventWeights Events)
{
    public static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public JsonNode ToJson() => JsonSerializer.SerializeToNode(this, Json)!;

    public static TeddySettings? FromJson(JsonNode? node) => node?.Deserialize<TeddySettings>(Json);
}

/// <summary>The model being served, as the retrain compares against it: its version, method and settings.</summary>
public sealed record ServingBaseline(string Version, string Method, TeddySettings? Settings);

/// <summary>A finished training run: the artifact to store, its metadata and report, and whether to promote it.</summary>
public sealed record TrainingOutcome(TrainedModel Model, byte[] Artifact, ModelMetadata Metadata, TrainingReport Report);

/// <summary>
/// One retrain, storage-free: ingest the Retail NDJSON, build features, fit every candidate on a temporal
/// hold-out and measure it (accuracy on the hold-out, the coverage protocol), fit them again on all the
/// data, choose the winner by the selection rule, compare it with the serving model's recipe on the same
/// hold-out, and package the versioned artifact with its metadata and report.
/// </summary>
public sealed class ModelTrainer(TeddySettings settings)
{
    public TrainingOutcome Train(Stream catalogNdjson, Stream eventsNdjson, DateTimeOffset now, string trigger, ServingBaseline? baseline = null)
    {
        var options = settings.Training;
        var timings = new StageTimings();
        var methods = options.CandidateMethods();

        var ingested = timings.Measure("ingest", () => RetailIngestion.Ingest(catalogNdjson, eventsNdjson, settings.Events));
        var catalog = timings.Measure("catalog", () => ModelCatalogBuilder.From(ingested.Catalog));
        var texts = ingested.Catalog.Products.Select(p => p.ContentText()).ToArray();
        ContentRecommender ContentFor(TrainingOptions o) => ContentRecommender.Fit(
            TfidfVectorizer.FitTransform(texts, new TfidfOptions { MaxFeatures = o.TfidfMaxFeatures }).Matrix, o.ContentMaxProfileTerms);
        var content = timings.Measure("tfidf", () => ContentFor(options));
        var fitter = new ModelFitter(catalog, content, options, timings);

        // Accuracy: fit on the hold-out's training part, measure on what was held out.
        var holdout = timings.Measure("holdout_split", () => TemporalHoldout.Split(ingested.Interactions,
            options.Evaluation.HoldoutFraction, options.Evaluation.MinProducts));
        var evaluatedUsers = HoldoutEvaluator.Users(holdout, options.Evaluation.MaxUsers, options.Evaluation.Seed);
        var split = fitter.Fit(holdout.Training, methods, methods[0], "holdout_fit_");
        var splitServing = Serving(split.Model, settings.Ranking);

        // Coverage: the protocol runs on the models as they will be served, fitted on everything.
        var full = fitter.Fit(ingested.Interactions, methods, methods[0], "fit_");
        var fullServing = Serving(full.Model, settings.Ranking);
        var coverageUsers = CoverageProtocol.SampleUsers(fullServing, CoverageProtocol.Users, options.Evaluation.Seed);

        // Popularity is always measured, as the baseline every number is read against, even when it may not win.
        var candidates = timings.Measure("evaluate", () => methods.Union([RecommenderMethods.Popular])
            .Where(splitServing.Supports)
            .Select(method => new CandidateEvaluation(method, RecommenderMethods.DisplayName(method),
                HoldoutEvaluator.Evaluate(splitServing, method, holdout, evaluatedUsers, options.Evaluation.K),
                CoverageProtocol.Run(fullServing, method, coverageUsers)))
            .ToArray());

        var selection = ModelSelection.Choose(candidates.Where(c => methods.Contains(c.Method)).ToArray(), options.Selection);
        var winner = candidates.Single(c => c.Method == selection.Winner);
        var baselineEvaluation = baseline is null ? null
            : timings.Measure("baseline", () => EvaluateBaseline(baseline, catalog, content, ContentFor, holdout, evaluatedUsers, candidates, timings));
        var decision = PromotionDecision.Decide(winner, baseline?.Version, baseline?.Method, baselineEvaluation?.Accuracy.Ndcg,
            options.Selection.PromotionTolerance);

        var model = new TrainedModel
        {
            Catalog = full.Model.Catalog, Users = full.Model.Users, PromotedMethod = selection.Winner,
            Popularity = full.Model.Popularity, Content = full.Model.Content, Collaborative = full.Model.Collaborative,
            ItemKnn = full.Model.ItemKnn, Hybrid = full.Model.Hybrid,
        };
        var (artifact, sha256) = timings.Measure("serialize", model.Serialize);

        string version = ModelVersion.For(now);
        var svd = split.Svd is { } s ? new SvdSummary(s.Rank, s.SingularValues.FirstOrDefault(), s.SingularValues.LastOrDefault(),
            s.Iterations, s.MaxResidual, s.Converged, HeldOutRmse(s, ingested.Interactions, holdout)) : null;
        var report = new TrainingReport
        {
            Version = version, Created = now, Trigger = trigger,
            Holdout = new HoldoutSummary(options.Evaluation.HoldoutFraction, options.Evaluation.MinProducts, holdout.HeldOut.Count,
                evaluatedUsers.Length, holdout.HeldOutInteractions, holdout.Training.Count, options.Evaluation.Seed),
            CoverageUsers = coverageUsers, CandidateMethods = methods, Candidates = candidates, Baseline = baselineEvaluation,
            Selection = selection, Decision = decision, Svd = svd, TimingsMs = timings.Snapshot(),
        };
        var metadata = new ModelMetadata
        {
            Version = version, Created = now, ModelType = RecommenderMethods.DisplayName(selection.Winner), Method = selection.Winner,
            Sha256 = sha256, SizeBytes = artifact.Length,
            Data = new DataCounts(catalog.Count, catalog.BrandNames.Length, catalog.CategoryPaths.Length, full.Model.Users.Count,
                ingested.Interactions.Count, (int)ingested.Report.Events.Accepted),
            Ingestion = JsonNode.Parse(ingested.Report.ToJson()),
            Evaluation = JsonSerializer.SerializeToNode(new { winner = winner, selection, decision, svd, candidates }, TrainingReport.Json),
            Settings = settings.ToJson(),
            TimingsMs = report.TimingsMs,
        };
        return new TrainingOutcome(model, artifact, metadata, report);
    }

    private static ServingModel Serving(TrainedModel model, RankingOptions ranking) =>
        new(new ModelMetadata
        {
            Version = "00000000_000000", Created = default, ModelType = "", Method = model.PromotedMethod, Sha256 = "", SizeBytes = 0,
            Data = new DataCounts(0, 0, 0, 0, 0, 0),
        }, model, ranking);

    /// <summary>
    /// The serving model's recipe (its method, with the settings it was trained with) refitted on this hold-out:
    /// the fair comparison, since the serving model itself was trained on data that includes what is held out now.
    /// </summary>
    private CandidateEvaluation EvaluateBaseline(ServingBaseline baseline, ModelCatalog catalog, ContentRecommender content,
        Func<TrainingOptions, ContentRecommender> contentFor, TemporalHoldout holdout, int[] users,
        IReadOnlyList<CandidateEvaluation> candidates, StageTimings timings)
    {
        var recipe = baseline.Settings ?? settings;
        bool sameRecipe = JsonNode.DeepEquals(recipe.ToJson(), settings.ToJson());
        if (sameRecipe && candidates.FirstOrDefault(c => c.Method == baseline.Method) is { } evaluated) return evaluated;

        var recipeContent = recipe.Training.TfidfMaxFeatures == settings.Training.TfidfMaxFeatures
            && recipe.Training.ContentMaxProfileTerms == settings.Training.ContentMaxProfileTerms ? content : contentFor(recipe.Training);
        var fitted = new ModelFitter(catalog, recipeContent, recipe.Training, timings)
            .Fit(holdout.Training, [baseline.Method], baseline.Method, "baseline_fit_");
        var serving = Serving(fitted.Model, recipe.Ranking);
        var method = serving.Supports(baseline.Method) ? baseline.Method : RecommenderMethods.Popular;
        var coverage = CoverageProtocol.Run(serving, method, CoverageProtocol.SampleUsers(serving, CoverageProtocol.Users, recipe.Training.Evaluation.Seed));
        return new CandidateEvaluation(method, RecommenderMethods.DisplayName(method),
            HoldoutEvaluator.Evaluate(serving, method, holdout, users, settings.Training.Evaluation.K), coverage);
    }

    /// <summary>RMSE of the hold-out SVD's reconstruction on the held-out interactions' weights.</summary>
    private static double? HeldOutRmse(LinearAlgebra.TruncatedSvdResult svd, InteractionSet all, TemporalHoldout holdout)
    {
        var heldOut = new List<(int, int, double)>();
        foreach (var (user, products) in holdout.HeldOut)
            foreach (var interaction in all.ForUser(user))
                if (Array.BinarySearch(products, interaction.Product) >= 0) heldOut.Add((user, interaction.Product, interaction.Weight));
        return heldOut.Count == 0 ? null : Math.Round(svd.RootMeanSquareError(heldOut), 6);
    }
}
