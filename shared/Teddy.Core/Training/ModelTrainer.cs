using System.Text.Json;
using System.Text.Json.Nodes;
using Teddy.Artifacts;
using Teddy.Catalog;
using Teddy.Evaluation;
using Teddy.Interactions;
using Teddy.Interchange;
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

/// <summary>The events recorded through the API, exported for one retrain: NDJSON and when the read started.</summary>
public sealed record RecordedEventsInput(Stream Ndjson, DateTimeOffset ReadAt);

/// <summary>The model being served, as the retrain compares against it: its version, method, settings and the data it was trained on.</summary>
public sealed record ServingBaseline(string Version, string Method, TeddySettings? Settings, DataCounts? Data = null);

/// <summary>What one training run produced: a model (<see cref="TrainingOutcome"/>) or the reasons none could be (<see cref="UntrainableData"/>).</summary>
public abstract record TrainingResult;

/// <summary>A finished training run: the artifact to store, its metadata and report, and whether to promote it.</summary>
public sealed record TrainingOutcome(TrainedModel Model, byte[] Artifact, ModelMetadata Metadata, TrainingReport Report) : TrainingResult;

/// <summary>
/// No candidate model can be fitted on this data (e.g. every catalog line was rejected): nothing is stored and
/// the serving model stays. <see cref="Detail"/> names the top ingestion skip reasons with their counts and
/// every model's reason, for a 4xx problem's detail.
/// </summary>
public sealed record UntrainableData(string Detail, IReadOnlyList<SkippedModel> Skipped, IngestionReport Ingestion,
    Dictionary<string, long> TimingsMs) : TrainingResult
{
    public static UntrainableData Create(IReadOnlyList<SkippedModel> skipped, IngestionReport ingestion, Dictionary<string, long> timings)
    {
        string Stream(string name, IngestionStreamReport report)
        {
            long lines = report.LinesRead - report.BlankLines;
            if (lines == 0) return $"{name}: no lines";
            string text = $"{name}: {lines:N0} lines, {report.Accepted:N0} accepted, {report.Skipped:N0} rejected";
            var top = report.SkippedByReason.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Take(3).ToArray();
            return top.Length == 0 ? text : $"{text} (top reasons: {string.Join(", ", top.Select(r => $"{r.Key} {r.Value:N0}"))})";
        }
        string detail = $"No model can be trained on this data. {Stream("Catalog", ingestion.Products)}; {Stream("events", ingestion.Events)}. "
            + string.Join(" ", skipped.GroupBy(s => s.Reason, StringComparer.Ordinal).Select(g => $"{string.Join(", ", g.Select(s => s.Method))}: {g.Key}"))
            + " The serving model is unchanged.";
        return new UntrainableData(detail, skipped, ingestion, timings);
    }
}

/// <summary>
/// One retrain, storage-free: ingest the Retail NDJSON, build features, fit every candidate the data supports on
/// a temporal hold-out and measure it (accuracy on the hold-out, the coverage protocol), fit them again on all
/// the data, choose the winner by the selection rule, check the data-quality gates, compare the winner with the
/// serving model's recipe on the same hold-out, and package the versioned artifact with its metadata and report.
/// A model the data cannot support is skipped with its reason; only when no candidate is left is the result
/// <see cref="UntrainableData"/>.
/// </summary>
public sealed class ModelTrainer(TeddySettings settings)
{
    /// <param name="recorded">The events recorded through the API (the events table, exported as NDJSON), learned from with
    /// the file's events, each event once; null when there are none to read.</param>
    /// <param name="imported">Spark ALS factors for the <c>als</c> candidate (when <c>Candidates</c> names it, or the serving model is one).</param>
    /// <param name="timings">Where the stages' times are recorded (the report carries their wall times); null: a new one.</param>
    public TrainingResult Train(Stream catalogNdjson, Stream eventsNdjson, DateTimeOffset now, string trigger, ServingBaseline? baseline = null,
        RecordedEventsInput? recorded = null, ImportedAls? imported = null, StageTimings? timings = null)
    {
        var options = settings.Training;
        timings ??= new StageTimings();
        var methods = options.CandidateMethods();
        options.Hybrid.Validate();

        // TF-IDF runs only if a model needs it (content, hybrid, or the serving recipe), once per recipe. It needs only the
        // catalog, so for this recipe's candidates it starts as soon as the catalog is read and runs beside the events'
        // ingestion (one core) instead of after it.
        string[]? texts = null; // the products' content texts, shared by the recipes
        ContentFit ContentFor(ProductCatalog products, TrainingOptions o)
        {
            var fitted = TfidfVectorizer.TryFitTransform(LazyInitializer.EnsureInitialized(ref texts, () => products.Products.Select(p => p.ContentText()).ToArray()),
                new TfidfOptions { MaxFeatures = o.TfidfMaxFeatures });
            return fitted is { } f
                ? new ContentFit(ContentRecommender.Fit(f.Matrix, o.ContentMaxProfileTerms), null)
                : new ContentFit(null, ModelRequirements.NoVocabulary(products.Count));
        }
        Task<ContentFit>? earlyContent = null;
        Action<ProductCatalog>? catalogRead = methods.Contains(RecommenderMethods.Content) || methods.Contains(RecommenderMethods.Hybrid)
            ? products => earlyContent = ParallelWork.Start(() => timings.Measure("tfidf", () => ContentFor(products, options)))
            : null;
        var ingested = timings.Measure("ingest", () => RetailIngestion.Ingest(catalogNdjson, eventsNdjson, settings.Events, recorded?.Ndjson, now, catalogRead));
        var recordedSummary = recorded is null || ingested.Report.RecordedEvents is not { } read ? null
            : new RecordedEventsSummary(recorded.ReadAt, read.LinesRead - read.BlankLines, read.Accepted, read.SkippedFor(IngestionSkipReasons.DuplicateEvent));
        var catalog = timings.Measure("catalog", () => ModelCatalogBuilder.From(ingested.Catalog));
        if (catalog.Count == 0)
        {
            const string reason = "The catalog has no accepted product; every model, popularity included, recommends products.";
            return UntrainableData.Create(methods.Union([RecommenderMethods.Popular])
                .Select(m => new SkippedModel(m, SkipCodes.NoProducts, reason)).ToArray(), ingested.Report, timings.Snapshot());
        }

        ContentFit? content = null;
        ContentFit Content() => content ??= earlyContent?.GetAwaiter().GetResult() ?? timings.Measure("tfidf", () => ContentFor(ingested.Catalog, options));
        var fitter = new ModelFitter(catalog, Content, options, timings, imported);

        // Accuracy: fit on the hold-out's training part, measure on what was held out.
        var holdout = timings.Measure("holdout_split", () => TemporalHoldout.Split(ingested.Interactions,
            options.Evaluation.HoldoutFraction, options.Evaluation.MinProducts));
        // With the hybrid's weights searched, the hold-out's users are split in two: the search tunes on one half and every
        // candidate (the tuned hybrid too) is evaluated on the other, so the number selection reads was not tuned on.
        var userSplit = methods.Contains(RecommenderMethods.Hybrid) && options.Hybrid.Tuning == HybridTuning.Search
            && holdout.HeldOut.Count >= 2 * HybridWeightSearch.MinTuningUsers
            ? HoldoutUserSplit.Of(holdout.HeldOut.Keys, options.Evaluation.Seed) : null;
        var evaluatedUsers = userSplit is null
            ? HoldoutEvaluator.Users(holdout, options.Evaluation.MaxUsers, options.Evaluation.Seed)
            : DeterministicSample.Take(userSplit.Reporting, options.Evaluation.MaxUsers, options.Evaluation.Seed);
        var tuningUsers = userSplit is null ? [] : DeterministicSample.Take(userSplit.Tuning, options.Hybrid.TuningUsers, options.Evaluation.Seed);
        var split = fitter.Fit(holdout.Training, methods, methods[0], "holdout_fit_");

        // Coverage: the protocol runs on the models as they will be served, fitted on everything. A model the
        // hold-out could not support is left out here too, so the served model is exactly what was measured.
        var excluded = split.Skipped.Select(s => s.Method).ToHashSet(StringComparer.Ordinal);
        var full = fitter.Fit(ingested.Interactions, methods, methods[0], "fit_", excluded);
        // A model the hold-out's training part could not support gets the full data's reason when that fails too,
        // and says so when only the hold-out (which took the latest interactions away) was too small.
        var fullShape = InteractionShape.Of(ingested.Interactions);
        SkippedModel Explained(SkippedModel s) =>
            s.Method is not (RecommenderMethods.Collaborative or RecommenderMethods.ItemKnn or RecommenderMethods.Ease) ? s
            : ModelRequirements.ByShape(s.Method, fullShape, options)
              ?? s with { Reason = $"{s.Reason} (in the hold-out's training part, which the evaluation needs)" };
        var skipped = full.Skipped.Concat(split.Skipped.Select(Explained)).DistinctBy(s => s.Method).ToArray();
        var fullServing = Serving(full.Model, settings.Ranking);
        var trainable = methods.Where(fullServing.Supports).ToArray();
        if (trainable.Length == 0) return UntrainableData.Create(skipped, ingested.Report, timings.Snapshot());

        var splitServing = Serving(split.Model, settings.Ranking);
        var coverageUsers = CoverageProtocol.SampleUsers(fullServing, CoverageProtocol.Users, options.Evaluation.Seed);
        var attainable = AttainableCoverage.Of(fullServing, coverageUsers.Length);
        var floor = ModelSelection.FloorUsed(options.Selection, attainable);

        // The hybrid's weights and collaborative part, searched on the tuning users; the choice is the trained hybrid.
        var search = userSplit is not null && split.Model.Hybrid is not null && full.Model.Hybrid is not null
            ? timings.Measure("hybrid_search", () => HybridWeightSearch.Search(splitServing, fullServing, holdout, tuningUsers, coverageUsers,
                options.Hybrid, floor, options.Evaluation.K))
            : null;
        var fullModel = full.Model;
        if (search is not null)
        {
            fullModel = full.Model.WithHybrid(search.Chosen);
            fullServing = Serving(fullModel, settings.Ranking);
            splitServing = Serving(split.Model.WithHybrid(search.Chosen), settings.Ranking);
        }

        // The evaluated users' lists share per user what every method needs (history, filter, traits, each model's candidates).
        var served = new ServedLists(splitServing, evaluatedUsers, options.Evaluation.K);
        // The configured (fixed) weights beside the trained ones, on the same users, through the same serving path (unless the
        // search chose them). Measured first: its parts' longer candidate lists then give the parts' own lists below.
        AccuracyReport? fixedAccuracy = trainable.Contains(RecommenderMethods.Hybrid) && split.Model.Hybrid is not null
            && search?.FixedPoint is { } fixedPoint && fixedPoint != search.ChosenPoint
            ? timings.Measure("hybrid_fixed_evaluate", () => HoldoutEvaluator.Evaluate(served,
                Serving(split.Model.WithHybrid(options.Hybrid), settings.Ranking), RecommenderMethods.Hybrid, holdout, evaluatedUsers, options.Evaluation.K))
            : null;

        // Popularity is always measured, as the baseline every number is read against, even when it may not win.
        var candidates = timings.Measure("evaluate", () => trainable.Union([RecommenderMethods.Popular])
            .Select(method => new CandidateEvaluation(method, RecommenderMethods.DisplayName(method),
                HoldoutEvaluator.Evaluate(served, splitServing, method, holdout, evaluatedUsers, options.Evaluation.K),
                CoverageProtocol.Run(fullServing, method, coverageUsers)))
            .ToArray());

        var selection = ModelSelection.Choose(candidates.Where(c => trainable.Contains(c.Method)).ToArray(), options.Selection, attainable);
        var winner = candidates.Single(c => c.Method == selection.Winner);
        var data = new DataCounts(catalog.Count, catalog.BrandNames.Length, catalog.CategoryPaths.Length, full.Model.Users.Count,
            ingested.Interactions.Count, (int)(ingested.Report.Events.Accepted + (recordedSummary?.Accepted ?? 0)));
        var gates = PromotionGates.Check(ingested.Report, data, evaluatedUsers.Length, baseline?.Data, baseline?.Version, options.Gates);

        // Refused data is not worth the baseline's refit: the serving model stays whatever the winner scores.
        var baselineEvaluation = baseline is null || !gates.Passed ? null
            : timings.Measure("baseline", () => EvaluateBaseline(baseline, catalog, Content, o => ContentFor(ingested.Catalog, o), holdout,
                evaluatedUsers, tuningUsers, candidates, timings, imported));
        var decision = gates.Passed
            ? PromotionDecision.Decide(winner, baseline?.Version, baseline?.Method, baselineEvaluation?.Accuracy.Ndcg,
                options.Selection.PromotionTolerance, gates)
            : PromotionDecision.RefusedByGates(winner, baseline?.Version, baseline?.Method, gates);
        // The serving recipe's method may not fit this data: it is then measured as the popularity list it would fall back to, and the decision says so.
        if (baseline is not null && baselineEvaluation is not null && baselineEvaluation.Method != baseline.Method)
            decision = decision with
            {
                Reason = $"{decision.Reason} (The serving model's {baseline.Method} recipe cannot be fitted on this data, so its NDCG is that of "
                    + $"{baselineEvaluation.Method}, the list it falls back to.)",
            };

        var hybrid = HybridSummary(search, split.Model, candidates, holdout, evaluatedUsers, tuningUsers.Length, floor, fixedAccuracy);
        var model = new TrainedModel
        {
            Catalog = fullModel.Catalog, Users = fullModel.Users, PromotedMethod = selection.Winner,
            Popularity = fullModel.Popularity, Content = fullModel.Content, Collaborative = fullModel.Collaborative,
            ItemKnn = fullModel.ItemKnn, Ease = fullModel.Ease, Hybrid = fullModel.Hybrid, Als = fullModel.Als,
        };
        var (artifact, sha256) = timings.Measure("serialize", model.Serialize);

        string version = ModelVersion.For(now);
        var svd = split.Svd is { } s ? new SvdSummary(s.Rank, s.SingularValues.FirstOrDefault(), s.SingularValues.LastOrDefault(),
            s.Iterations, s.MaxResidual, s.Converged, HeldOutRmse(s, ingested.Interactions, holdout)) : null;
        var ease = model.Ease is { } e ? new EaseSummary(e.ItemCount, Math.Round(e.Lambda, 6), options.Ease.RelativeLambda) : null;
        var hybridParts = model.Hybrid is null ? null : new List<string>(2);
        // The parts the trained hybrid stands on: fitted and weighted above 0.
        if (model.Content is not null && model.Hybrid?.ContentWeight > 0) hybridParts?.Add(RecommenderMethods.Content);
        if (model.Hybrid is { CollaborativeWeight: > 0 } trained && model.CollaborativePart(trained.CollaborativePart) is not null)
            hybridParts?.Add(trained.CollaborativePart);
        var report = new TrainingReport
        {
            Version = version, Created = now, Trigger = trigger,
            Holdout = new HoldoutSummary(options.Evaluation.HoldoutFraction, options.Evaluation.MinProducts, holdout.HeldOut.Count,
                evaluatedUsers.Length, holdout.HeldOutInteractions, holdout.Training.Count, options.Evaluation.Seed),
            CoverageUsers = coverageUsers, CandidateMethods = methods, Candidates = candidates, Skipped = skipped, HybridParts = hybridParts, Hybrid = hybrid,
            Baseline = baselineEvaluation, Selection = selection, Decision = decision, Svd = svd, Ease = ease, TimingsMs = timings.Snapshot(),
            Ranking = new RankingSummary(settings.Ranking.MaxPerBrand, settings.Ranking.CapCandidateBrands, settings.Ranking.MaxCategoryShare,
                settings.Ranking.CandidateMultiplier),
            RecordedEvents = recordedSummary,
            AlsImport = full.AlsMatch,
        };
        var metadata = new ModelMetadata
        {
            Version = version, Created = now, ModelType = RecommenderMethods.DisplayName(selection.Winner), Method = selection.Winner,
            Sha256 = sha256, SizeBytes = artifact.Length,
            Data = data,
            Ingestion = JsonNode.Parse(ingested.Report.ToJson()),
            Evaluation = JsonSerializer.SerializeToNode(new { winner, selection, decision, svd, ease, candidates, skipped, hybrid_parts = hybridParts, hybrid },
                TrainingReport.Json),
            Settings = settings.ToJson(),
            TimingsMs = report.TimingsMs,
            RecordedEvents = recordedSummary,
        };
        return new TrainingOutcome(model, artifact, metadata, report);
    }

    /// <summary>
    /// The hybrid's report: its trained weights and, beside them, the configured fixed weights (default 0.65/0.35 over SVD)
    /// evaluated on the same reporting users (<paramref name="fixedAccuracy"/>, when the search did not choose them); null without a hybrid.
    /// </summary>
    private HybridReport? HybridSummary(HybridWeightSearch.Result? search, TrainedModel holdoutModel, IReadOnlyList<CandidateEvaluation> candidates,
        TemporalHoldout holdout, int[] reportingUsers, int tuningUsers, double floor, AccuracyReport? fixedAccuracy)
    {
        var options = settings.Training;
        if (candidates.FirstOrDefault(c => c.Method == RecommenderMethods.Hybrid) is not { } evaluated || holdoutModel.Hybrid is null) return null;
        if (search is null)
        {
            // The model's weights: the settings', with another fitted part when the configured one could not be fitted.
            var configured = holdoutModel.Hybrid;
            string why = options.Hybrid.Tuning == HybridTuning.Fixed
                ? "Tuning is Fixed: the configured weights"
                : $"the configured weights: the hold-out has {holdout.HeldOut.Count} users, fewer than the {2 * HybridWeightSearch.MinTuningUsers} a search on one half and a report on the other need";
            var trained = new HybridSettingReport(configured.CollaborativePart, configured.ContentWeight, configured.CollaborativeWeight, null,
                evaluated.Accuracy.Ndcg, evaluated.Coverage.CoverageScore);
            bool asConfigured = configured.CollaborativePart == options.Hybrid.CollaborativePart;
            return new HybridReport("fixed", why, trained, asConfigured ? trained : null, 0, reportingUsers.Length, options.Evaluation.Seed, null, null);
        }
        var chosen = search.ChosenPoint;
        var tuned = new HybridSettingReport(chosen.CollaborativePart, chosen.ContentWeight, chosen.CollaborativeWeight, chosen.TuningNdcg,
            evaluated.Accuracy.Ndcg, evaluated.Coverage.CoverageScore);
        HybridSettingReport? fixedReport = null;
        if (search.FixedPoint is { } f)
        {
            // The configured weights on the same reporting users, through the same serving path (unless the search chose them).
            double ndcg = f == chosen ? evaluated.Accuracy.Ndcg
                : fixedAccuracy?.Ndcg ?? throw new InvalidOperationException("The fixed weights were not evaluated.");
            fixedReport = new HybridSettingReport(f.CollaborativePart, f.ContentWeight, f.CollaborativeWeight, f.TuningNdcg, ndcg, f.CoverageScore);
        }
        return new HybridReport("search", search.Reason, tuned, fixedReport, tuningUsers, reportingUsers.Length, options.Evaluation.Seed, floor, search.Grid)
        {
            TieRule = $"equal NDCG@{options.Evaluation.K} and coverage score (6 decimals): {HybridWeightSearch.TieRule}",
        };
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
    private CandidateEvaluation EvaluateBaseline(ServingBaseline baseline, ModelCatalog catalog, Func<ContentFit> content,
        Func<TrainingOptions, ContentFit> contentFor, TemporalHoldout holdout, int[] users, int[] tuningUsers,
        IReadOnlyList<CandidateEvaluation> candidates, StageTimings timings, ImportedAls? imported)
    {
        var recipe = baseline.Settings ?? settings;
        bool sameRecipe = JsonNode.DeepEquals(recipe.ToJson(), settings.ToJson());
        if (sameRecipe && candidates.FirstOrDefault(c => c.Method == baseline.Method) is { } evaluated) return evaluated;

        Func<ContentFit> recipeContent = recipe.Training.TfidfMaxFeatures == settings.Training.TfidfMaxFeatures
            && recipe.Training.ContentMaxProfileTerms == settings.Training.ContentMaxProfileTerms ? content : () => contentFor(recipe.Training);
        // The serving recipe may not fit this data (its method skipped): it is then compared as popularity.
        var fitted = new ModelFitter(catalog, recipeContent, recipe.Training, timings, imported)
            .Fit(holdout.Training, [baseline.Method], baseline.Method, "baseline_fit_");
        var serving = Serving(fitted.Model, recipe.Ranking);
        var method = serving.Supports(baseline.Method) ? baseline.Method : RecommenderMethods.Popular;
        var coverageUsers = CoverageProtocol.SampleUsers(serving, CoverageProtocol.Users, recipe.Training.Evaluation.Seed);
        // A hybrid recipe whose weights were searched is searched again here, on the same tuning users — or, when this run
        // did not split its users (today's settings fix the weights), on the tuning half the recipe's own split gives.
        // Those may overlap the users measured here, which can only favour the serving model: promotion stays cautious,
        // where comparing with the recipe's unsearched default weights made any winner look better than the serving model.
        var recipeTuning = tuningUsers.Length > 0 ? tuningUsers : RecipeTuningUsers(recipe.Training, holdout);
        if (method == RecommenderMethods.Hybrid && recipe.Training.Hybrid.Tuning == HybridTuning.Search && recipeTuning.Length > 0
            && HybridWeightSearch.Search(serving, serving, holdout, recipeTuning, coverageUsers, recipe.Training.Hybrid,
                ModelSelection.FloorUsed(recipe.Training.Selection, AttainableCoverage.Of(serving, coverageUsers.Length)),
                settings.Training.Evaluation.K) is { } search)
            serving = Serving(fitted.Model.WithHybrid(search.Chosen), recipe.Ranking);
        var coverage = CoverageProtocol.Run(serving, method, coverageUsers);
        return new CandidateEvaluation(method, RecommenderMethods.DisplayName(method),
            HoldoutEvaluator.Evaluate(serving, method, holdout, users, settings.Training.Evaluation.K), coverage);
    }

    /// <summary>The tuning half of the hold-out's users as <paramref name="recipe"/>'s own search would take it; empty when too few.</summary>
    private static int[] RecipeTuningUsers(TrainingOptions recipe, TemporalHoldout holdout) =>
        holdout.HeldOut.Count < 2 * HybridWeightSearch.MinTuningUsers ? []
            : DeterministicSample.Take(HoldoutUserSplit.Of(holdout.HeldOut.Keys, recipe.Evaluation.Seed).Tuning, recipe.Hybrid.TuningUsers,
                recipe.Evaluation.Seed);

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
