using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Configuration;
using Teddy.Artifacts;
using Teddy.Evaluation;
using Teddy.Interactions;
using Teddy.Ranking;
using Teddy.Recommenders;
using Teddy.Retail;
using Teddy.SampleData;
using Teddy.Serving;
using Teddy.Text;
using Teddy.Training;

// Measures Teddy on a generated shop: data generation, ingestion, TF-IDF, the whole retrain (every stage),
// model size and load time, in-process recommend latency per method, peak memory, and the evaluation table.
// Usage: dotnet run -c Release --project bench/Teddy.Benchmarks -- [--scale 1] [--requests 2000] [--markdown out.md]
//        [--data DIR]: a shop's own data instead of the generated one (DIR/catalog.ndjson and DIR/events.ndjson, Retail format)
//        [--ingest-runs N]: only ingestion, N times in one process (first run and later median), then exit
//        [--retrain-runs N]: only the whole retrain, N times in one process (each run's stages, wall and CPU time, the model
//        file's SHA-256 and every candidate's NDCG and coverage score, to compare builds), then exit
//        [--write-shop DIR]: writes the generated shop to DIR as catalog.ndjson and events.ndjson (for --data), then exit
//        --aggregate-storage "<connection string>" [--lists 100000] [--items 20] [--click-rate 0.05] [--runs 3]: only the
//        click-through aggregation's recompute of one hour on that storage (see AggregationBenchmark), then exit
var arguments = Arguments.Parse(args);
if (arguments.Text("aggregate-storage") is { } aggregateStorage)
{
    var lines = new StringBuilder();
    int code = await AggregationBenchmark.RunAsync(aggregateStorage, (int)arguments.Number("lists", 100_000), (int)arguments.Number("items", 20),
        arguments.Number("click-rate", 0.05), (int)arguments.Number("runs", 3), text => { Console.WriteLine(text); lines.AppendLine(text); });
    if (arguments.Text("markdown") is { } aggregateMarkdown) File.WriteAllText(aggregateMarkdown, lines.ToString());
    return code;
}
//        --http <base url> [--seconds 20] [--concurrency 8] [--visitors 8000] [--events-share 0.05]: load a running app over HTTP
//        (see HttpLoadBenchmark.cs), then exit
if (arguments.Text("http") is { } baseUrl)
    return await HttpLoadBenchmark.RunAsync(new Uri(baseUrl), arguments.Number("seconds", 20), (int)arguments.Number("concurrency", 8),
        (int)arguments.Number("visitors", 8000), arguments.Number("events-share", 0.05));
//        [--simulate shift|generator|taste|brands ...]: the click simulator's studies (see ClickStudy.cs), then exit
//        [--drive-http URL ...]: simulated shoppers against a running app over HTTP (see HttpClickDriver.cs), then exit
if (arguments.Text("simulate") is { } scenario) return ClickStudy.Run(scenario, arguments.Number, arguments.Text);
if (arguments.Text("drive-http") is { } appUrl) return await HttpClickDriver.RunAsync(appUrl, arguments.Number, arguments.Text);
//        [--shopper-ids FILE [--scale 1]]: writes the demo shop's shopper ids (as Teddy knows them: user id when logged in, else
//        visitor id), one a line, for the wrk script bench/wrk/recommendations.lua, then exit
if (arguments.Text("shopper-ids") is { } idsFile)
{
    var truth = SampleShopTruth.Build(SampleShopOptions.Default.Scaled(arguments.Number("scale", 1.0)));
    File.WriteAllLines(idsFile, Enumerable.Range(0, truth.Visitors).Select(truth.ShopperId));
    Console.WriteLine($"{truth.Visitors:N0} shopper ids written to {idsFile}");
    return 0;
}
//        [--serving-cost MODEL_DIR [--seconds 3] [--only METHOD] [--loop-seconds N]]: each method's cost per request in
//        process, the 1× model kept in MODEL_DIR (see ServingCostBenchmark.cs), then exit
if (arguments.Text("serving-cost") is { } modelDirectory)
    return ServingCostBenchmark.Run(modelDirectory, arguments.Number, arguments.Text);
double scale = arguments.Number("scale", 1.0);
int requests = (int)arguments.Number("requests", 2000);
var culture = CultureInfo.InvariantCulture;
var output = new StringBuilder();
void Line(string text = "") { Console.WriteLine(text); output.AppendLine(text); }

// The shop is written to files and read back as streams, as a retrain reads its blobs: nothing of the
// generator stays in memory while the retrain is measured. With --data, the shop's own files are read instead.
string? ownData = arguments.Text("data");
// The files a retrain reads: the data container's default blob names for --data, the generator's own names otherwise.
var defaultBlobs = new Teddy.Storage.StorageOptions();
string catalogFile = ownData is null ? SampleShopGenerator.CatalogFileName : defaultBlobs.CatalogBlob;
string eventsFile = ownData is null ? SampleShopGenerator.EventsFileName : defaultBlobs.EventsBlob;
string dataDirectory = ownData ?? Directory.CreateTempSubdirectory("teddy-bench-").FullName;
var watch = Stopwatch.StartNew();
long generateMs = 0;
if (ownData is null)
{
    var summary = SampleShopGenerator.WriteFiles(SampleShopOptions.Default.Scaled(scale), dataDirectory);
    generateMs = watch.ElapsedMilliseconds;
    Line($"## Scale {scale.ToString(culture)}× — {summary.Products:N0} products, {summary.Brands:N0} brands, {summary.Visitors:N0} visitors, {summary.Events:N0} events");
}
else
{
    foreach (string file in new[] { catalogFile, eventsFile })
        if (!File.Exists(Path.Combine(ownData, file))) throw new FileNotFoundException($"--data {ownData}: {file} is missing (Retail-format NDJSON).");
    using var catalogStream = File.OpenRead(Path.Combine(ownData, catalogFile));
    using var eventsStream = File.OpenRead(Path.Combine(ownData, eventsFile));
    var counted = RetailIngestion.Ingest(catalogStream, eventsStream, new EventWeights());
    Line($"## {Path.GetFullPath(ownData)} — {counted.Catalog.Count:N0} products, {counted.Catalog.BrandCount:N0} brands, " +
         $"{counted.Interactions.UserCount:N0} users, {counted.Report.Events.Accepted:N0} events accepted");
}
Stream OpenCatalog() => File.OpenRead(Path.Combine(dataDirectory, catalogFile));
Stream OpenEvents() => File.OpenRead(Path.Combine(dataDirectory, eventsFile));
void DeleteGenerated() { if (ownData is null) Directory.Delete(dataDirectory, recursive: true); }
Line();
Line($"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, {RuntimeInformationText()}; run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");
Line();

if (arguments.Text("write-shop") is { } shopDirectory)
{
    Directory.CreateDirectory(shopDirectory);
    File.Move(Path.Combine(dataDirectory, catalogFile), Path.Combine(shopDirectory, defaultBlobs.CatalogBlob), overwrite: true);
    File.Move(Path.Combine(dataDirectory, eventsFile), Path.Combine(shopDirectory, defaultBlobs.EventsBlob), overwrite: true);
    DeleteGenerated();
    Line($"Written to {Path.GetFullPath(shopDirectory)} ({defaultBlobs.CatalogBlob}, {defaultBlobs.EventsBlob}).");
    return 0;
}

// A fixed "now" after the generated shop's events (they start 2026-08-01), so every run's model is byte-identical and no
// event counts as dated in the future (Teddy__Events__MaxFutureSkewMinutes).
var ReplayNow = new DateTimeOffset(2027, 1, 1, 3, 0, 0, TimeSpan.Zero);
if (arguments.Number("retrain-runs", 0) is var retrainRuns and > 0)
{
    // The whole retrain alone, repeated in one process (the first run is cold, as in a fresh instance); every stage per run.
    var retrainSettings = new TeddySettings(new TrainingOptions(), new RankingOptions(), new EventWeights());
    var stageRuns = new List<Dictionary<string, long>>();
    var stageCpu = new List<Dictionary<string, long>>();
    var walls = new List<double>();
    var cpus = new List<double>();
    for (int run = 0; run < (int)retrainRuns; run++)
    {
        using var catalogStream = OpenCatalog();
        using var eventsStream = OpenEvents();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var pauseBefore = GC.GetTotalPauseDuration();
        int gen2Before = GC.CollectionCount(2), gen0Before = GC.CollectionCount(0);
        long faultsBefore = MinorPageFaults();
        watch.Restart();
        var stages = new StageTimings();
        var trained = new ModelTrainer(retrainSettings).Train(catalogStream, eventsStream, ReplayNow, "benchmark", timings: stages) as TrainingOutcome
            ?? throw new InvalidOperationException("The shop could not train a model.");
        walls.Add(watch.Elapsed.TotalMilliseconds);
        cpus.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds);
        stageRuns.Add(trained.Report.TimingsMs);
        stageCpu.Add(stages.CpuSnapshot());
        Line($"Run {run + 1}: wall {walls[^1]:F0} ms, CPU {cpus[^1]:F0} ms, JIT so far {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F0} ms " +
             $"({System.Runtime.JitInfo.GetCompiledMethodCount():N0} methods), GC pauses {(GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds:F0} ms " +
             $"({GC.CollectionCount(0) - gen0Before} collections, {GC.CollectionCount(2) - gen2Before} of gen 2), {MinorPageFaults() - faultsBefore:N0} page faults, " +
             $"model {trained.Artifact.Length:N0} bytes, SHA-256 {trained.Metadata.Sha256}, " +
             $"peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:F0} MiB, load {File.ReadAllText("/proc/loadavg").Trim()}");
        if (run == 0)
        {
            foreach (var c in trained.Report.Candidates)
                Line($"  {c.Method}: NDCG@{c.Accuracy.K} {c.Accuracy.Ndcg:F6}, P {c.Accuracy.Precision:F6}, coverage score {c.Coverage.CoverageScore:F6}");
            if (trained.Report.Hybrid is { } h)
                Line($"  hybrid: {h.Trained.ContentWeight} content + {h.Trained.CollaborativeWeight} {h.Trained.CollaborativePart}; grid " +
                     string.Join(" ", (h.Grid ?? []).Select(g => $"{g.TuningNdcg:F6}/{g.CoverageScore:F6}")));
        }
        trained = null;
        GC.Collect();
    }
    Line();
    Line("Wall ms (CPU ms of all threads) per stage:");
    Line();
    Line("| Stage | " + string.Join(" | ", Enumerable.Range(1, stageRuns.Count).Select(r => $"run {r}")) + " |");
    Line("|---|" + string.Concat(stageRuns.Select(_ => "---:|")));
    foreach (string stage in stageRuns[0].Keys.Where(k => k != "total"))
        Line($"| {stage} | {string.Join(" | ", stageRuns.Select((r, i) => $"{r.GetValueOrDefault(stage).ToString("N0", culture)} ({stageCpu[i].GetValueOrDefault(stage).ToString("N0", culture)})"))} |");
    Line($"| **whole retrain (wall)** | {string.Join(" | ", walls.Select(w => $"**{w:N0}**"))} |");
    Line($"| whole retrain, CPU time of all threads | {string.Join(" | ", cpus.Select(c => c.ToString("N0", culture)))} |");
    if (arguments.Text("markdown") is { } retrainMarkdown) File.WriteAllText(retrainMarkdown, output.ToString());
    DeleteGenerated();
    return 0;
}

if (arguments.Number("ingest-runs", 0) is var ingestRuns and > 0)
{
    // Ingestion alone, repeated in one process: the first run (cold, as a retrain in a fresh instance) and the later ones.
    // CPU time beside wall time: on a shared machine the wall clock also measures the neighbours.
    var runs = new List<double>();
    var cpu = new List<double>();
    for (int run = 0; run < (int)ingestRuns; run++)
    {
        using var catalogStream = OpenCatalog();
        using var eventsStream = OpenEvents();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        watch.Restart();
        var ingested = RetailIngestion.Ingest(catalogStream, eventsStream, new EventWeights());
        runs.Add(watch.Elapsed.TotalMilliseconds);
        cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds);
        if (run == 0) Line($"Ingested {ingested.Catalog.Count:N0} products, {ingested.Interactions.Count:N0} interactions: {ingested.Report.Summary()}");
        GC.Collect();
    }
    string Runs(List<double> values) =>
        $"first {values[0]:F0}, later median {Median(values.Skip(1).DefaultIfEmpty(values[0]).ToList()):F0}, all [{string.Join(", ", values.Select(r => r.ToString("F0", culture)))}]";
    Line($"Ingestion wall ms: {Runs(runs)}");
    Line($"Ingestion CPU ms: {Runs(cpu)}");
    DeleteGenerated();
    return 0;
}

// Ingestion and TF-IDF on their own (the retrain below measures them again, inside the whole run).
long ingestMs, tfidfMs;
int interactionCount, tfidfRows, tfidfColumns, tfidfNonZeros;
long eventsAccepted;
{
    using var catalogStream = OpenCatalog();
    using var eventsStream = OpenEvents();
    watch.Restart();
    var ingested = RetailIngestion.Ingest(catalogStream, eventsStream, new EventWeights());
    ingestMs = watch.ElapsedMilliseconds;
    (interactionCount, eventsAccepted) = (ingested.Interactions.Count, ingested.Report.Events.Accepted);
    var texts = ingested.Catalog.Products.Select(p => p.ContentText()).ToArray();
    watch.Restart();
    var (_, tfidf) = TfidfVectorizer.FitTransform(texts);
    tfidfMs = watch.ElapsedMilliseconds;
    (tfidfRows, tfidfColumns, tfidfNonZeros) = (tfidf.Rows, tfidf.Columns, tfidf.NonZeros);
}
GC.Collect();

// The whole retrain, as the timer runs it (without storage).
var ranking = new RankingOptions();
if (arguments.Text("rules") == "off")
{
    // Diagnostic: the models alone, without shop rules or diversity (stock and history filters stay).
    ranking = RankingOptions.RulesOff();
}
var training = new TrainingOptions();
if (arguments.Text("set") is { } overrides)
{
    // Any setting, as in app settings: --set "Teddy:Training:ItemKnn:B=0.5;Teddy:Ranking:MaxPerBrand=3"
    var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
        .AddInMemoryCollection(overrides.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0].Trim(), pair => (string?)pair[1].Trim()))
        .Build();
    configuration.GetSection(TrainingOptions.Section).Bind(training);
    configuration.GetSection(RankingOptions.Section).Bind(ranking);
}
var settings = new TeddySettings(training, ranking, new EventWeights());
TrainingOutcome outcome;
long retrainMs;
TimeSpan retrainCpu;
using (var catalogStream = OpenCatalog())
using (var eventsStream = OpenEvents())
{
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    watch.Restart();
    outcome = new ModelTrainer(settings).Train(catalogStream, eventsStream, DateTimeOffset.UtcNow, "benchmark") as TrainingOutcome
        ?? throw new InvalidOperationException("The benchmark shop could not train a model.");
    retrainMs = watch.ElapsedMilliseconds;
    retrainCpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
}
long peakAfterRetrain = Process.GetCurrentProcess().PeakWorkingSet64;
DeleteGenerated();
GC.Collect();

// Load: checksum, deserialize, build serving structures (each load replaces the previous one, as a hot swap does).
var loadTimes = new List<double>();
ServingModel? serving = null;
for (int i = 0; i < 5; i++)
{
    serving = null;
    GC.Collect();
    watch.Restart();
    var reader = new ArtifactReader(outcome.Artifact);
    serving = new ServingModel(outcome.Metadata, TrainedModel.Deserialize(reader), settings.Ranking);
    loadTimes.Add(watch.Elapsed.TotalMilliseconds);
}

Line("| Stage | ms |");
Line("|---|---:|");
if (ownData is null) Line($"| generate sample data to files (not part of a retrain) | {generateMs:N0} |");
Line($"| ingest alone ({interactionCount:N0} interactions; {eventsAccepted:N0} events accepted) | {ingestMs:N0} |");
Line($"| TF-IDF fit + transform alone ({tfidfRows:N0} × {tfidfColumns:N0}, {tfidfNonZeros:N0} non-zeros) | {tfidfMs:N0} |");
foreach (var (stage, ms) in outcome.Report.TimingsMs.Where(t => t.Key != "total"))
    Line($"| retrain: {stage} | {ms:N0} |");
Line($"| **whole retrain incl. evaluation** | **{retrainMs:N0}** |");
Line($"| whole retrain, CPU time of all threads (on a shared machine the wall clock also counts the neighbours) | {retrainCpu.TotalMilliseconds:N0} |");
Line();
Line($"Model file: {outcome.Artifact.Length / 1024.0 / 1024.0:F1} MiB; load (checksum + deserialize + serving structures): " +
     $"median {Median(loadTimes):F0} ms, first {loadTimes[0]:F0} ms.");
Line();

// Latency: in-process ServingModel.Recommend, k = 20, known users round-robin; warm-up first.
var users = serving!.Model.Users;
var known = Enumerable.Range(0, users.Count).Where(u => users.Interactions.RowLength(u) > 0).ToArray();
Line($"In-process latency of `ServingModel.Recommend` (k = 20, shop rules included), {requests:N0} requests per method over known users after warm-up:");
Line();
Line("| Method | p50 ms | p99 ms | mean ms | allocated KB/request |");
Line("|---|---:|---:|---:|---:|");
void MeasureRecommend(string label, ServingModel model, string method)
{
    for (int i = 0; i < 300; i++) model.Recommend(new RecommendationRequest(users.Ids[known[i % known.Length]], 20, method, CatalogFilter.None));
    var times = new double[requests];
    long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
    for (int i = 0; i < requests; i++)
    {
        string user = users.Ids[known[(i * 7919) % known.Length]];
        long start = Stopwatch.GetTimestamp();
        model.Recommend(new RecommendationRequest(user, 20, method, CatalogFilter.None));
        times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
    double allocatedKb = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / 1024.0 / requests;
    Array.Sort(times);
    Line($"| {label} | {LatencyReport.Percentile(times, 0.5):F3} | {LatencyReport.Percentile(times, 0.99):F3} | {times.Average():F3} | {allocatedKb:F1} |");
}
foreach (string method in RecommenderMethods.All.Where(serving.Supports)) MeasureRecommend(method, serving, method);
if (serving.Supports(RecommenderMethods.Hybrid))
{
    // The adaptive hybrid as a shop with click history serves it: a Thompson draw per request, every brand categorised.
    var brandRandom = new Random(7);
    var learned = new Teddy.Learning.LearningSnapshot(DateTimeOffset.UtcNow, new Teddy.Learning.PartEvidence(12_000, 300),
        new Teddy.Learning.PartEvidence(8_000, 260), 20_000, 560, 0.028,
        serving.Model.Catalog.BrandNames.ToDictionary(b => b, b => new Teddy.Learning.BrandCtr(200, 6, 0.03,
            (Teddy.Learning.CtrCategory)brandRandom.Next(4)), StringComparer.OrdinalIgnoreCase));
    var adaptiveServing = new ServingModel(outcome.Metadata, serving.Model, settings.Ranking, null,
        new Teddy.Learning.ServingLearning(new Teddy.Learning.FixedLearningState(learned), new Teddy.Learning.AdaptiveWeightsOptions(),
            new Teddy.Learning.BrandLearningOptions()));
    MeasureRecommend("hybrid, adaptive weights + brand learning", adaptiveServing, RecommenderMethods.Hybrid);
}
{
    var times = new double[requests];
    for (int i = 0; i < requests; i++)
    {
        long start = Stopwatch.GetTimestamp();
        serving.Similar(new SimilarRequest(serving.Model.Catalog.Ids[(i * 7919) % serving.Model.Catalog.Count], 20, CatalogFilter.None), 0.5);
        times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }
    Array.Sort(times);
    Line($"| similar items | {LatencyReport.Percentile(times, 0.5):F3} | {LatencyReport.Percentile(times, 0.99):F3} | {times.Average():F3} | |");
}
Line();
RealTimeBenchmark.Run(serving, requests, Line);
Line($"Peak working set: {peakAfterRetrain / 1024.0 / 1024.0:F0} MiB through generation, ingestion and the whole retrain; " +
     $"{Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0:F0} MiB for the whole benchmark (it also keeps the trained model and loads it again).");
Line();

var report = outcome.Report;
var popular = report.Candidates.FirstOrDefault(c => c.Method == RecommenderMethods.Popular);
Line($"Evaluation: temporal hold-out ({report.Holdout.Fraction:P0} latest products of {report.Holdout.EligibleUsers:N0} users with ≥ {report.Holdout.MinProducts} products; " +
     $"{report.Holdout.EvaluatedUsers:N0} evaluated), @{report.Candidates[0].Accuracy.K}; coverage protocol 400 requests (20 users × 20) with brand denominator " +
     $"{report.Candidates[0].Coverage.BrandDenominator} catalog brands and {report.Candidates[0].Coverage.CategoryDenominator} categories.");
Line();
var attainable = report.Selection.Attainable;
Line("| Candidate | NDCG@10 | ×popular | P@10 | R@10 | MAP@10 | HR@10 | catalog cov. | brands/list | distinct brands (400 picks) | coverage score | of attainable | rating | p50 ms | p99 ms |");
Line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|");
foreach (var c in report.Candidates)
{
    string lift = popular is { Accuracy.Ndcg: > 0 } ? (c.Accuracy.Ndcg / popular.Accuracy.Ndcg).ToString("F2", culture) : "–";
    Line($"| {c.Method}{(c.Method == report.Selection.Winner ? " (winner)" : "")} | {c.Accuracy.Ndcg:F4} | {lift} | {c.Accuracy.Precision:F4} | {c.Accuracy.Recall:F4} | " +
         $"{c.Accuracy.Map:F4} | {c.Accuracy.HitRate:F4} | {c.Accuracy.CatalogCoverage:P1} | {c.Accuracy.MeanBrandsPerList:F1} | {c.Coverage.DistinctBrands} | " +
         $"{c.Coverage.CoverageScore:P1} | {(attainable.MaxScore > 0 ? (c.Coverage.CoverageScore / attainable.MaxScore).ToString("P0", culture) : "–")} | " +
         $"{c.Coverage.Rating} | {c.Coverage.Latency.P50:F3} | {c.Coverage.Latency.P99:F3} |");
}
Line();
Line($"Attainable coverage score {attainable.MaxScore:P1}: picks = min({attainable.Users} users × {attainable.ItemsPerList}, {attainable.ShowableProducts:N0} showable products) = {attainable.Picks:N0}; " +
     $"brands min({attainable.ShowableBrands:N0} showable, {attainable.Picks:N0}) / {attainable.Brands:N0} = {attainable.MaxBrandCoverage:P1}; " +
     $"categories min({attainable.ShowableCategories:N0}, {attainable.Picks:N0}) / {attainable.Categories:N0} = {attainable.MaxCategoryCoverage:P1}. " +
     $"Floor used {report.Selection.FloorUsed:P1} ({report.Selection.CoverageFloor:P0} of attainable).");
Line();
Line($"Selection: {report.Selection.Reason}");
if (report.Svd is { } svd)
    Line($"SVD: rank {svd.Rank}, σ₁ {svd.SingularValueMax:F2}, σ_k {svd.SingularValueMin:F2}, {svd.Iterations} restart cycles, max residual {svd.MaxResidual:E1}, held-out RMSE {svd.HeldOutRmse:F3}.");

if (report.Ease is { } ease)
    Line($"EASE: {ease.Items:N0} most-interacted products modelled, λ {ease.Lambda:F1} ({ease.RelativeLambda.ToString(culture)} × the mean of diag(XᵀX)).");

if (report.Hybrid is { } hybrid)
{
    string Setting(HybridSettingReport h) =>
        $"{h.ContentWeight.ToString("0.##", culture)} content + {h.CollaborativeWeight.ToString("0.##", culture)} {h.CollaborativePart}: " +
        $"NDCG@10 {(h.TuningNdcg is { } t ? t.ToString("F4", culture) + " on the tuning users, " : "")}{h.ReportingNdcg:F4} on the reporting users, coverage score {h.CoverageScore:P1}";
    Line($"Hybrid ({hybrid.Tuning}; {hybrid.TuningUsers:N0} tuning users, {hybrid.ReportingUsers:N0} reporting users, seed {hybrid.Seed}): trained {Setting(hybrid.Trained)} — {hybrid.Reason}.");
    if (hybrid.Fixed is { } fixedWeights) Line($"Fixed (the configured weights, by default the original): {Setting(fixedWeights)}.");
    Line();
    if (hybrid.Grid is { Count: > 0 } grid)
    {
        var weights = grid.Select(g => g.ContentWeight).Distinct().Order().ToArray();
        Line("Weight search, NDCG@10 on the tuning users (coverage score) per content weight; * below the coverage floor:");
        Line();
        Line($"| collaborative part | {string.Join(" | ", weights.Select(w => w.ToString("0.##", culture)))} |");
        Line($"|---|{string.Concat(weights.Select(_ => "---:|"))}");
        foreach (var part in grid.Select(g => g.CollaborativePart).Distinct())
            Line($"| {part} | {string.Join(" | ", weights.Select(w => grid.FirstOrDefault(g => g.CollaborativePart == part && g.ContentWeight == w) is { } g
                ? $"{g.TuningNdcg:F4} ({g.CoverageScore:P0}){(g.Eligible ? "" : "*")}" : "–"))} |");
        Line();
    }
}

// Diversity of the served lists on the coverage protocol's users (one list per user: a user's list is deterministic):
// brands and categories per 20-item list and over all 400 picks, and the candidates the model supplied before the rules.
Line("| Candidate | brands per 20-list | categories per 20-list | distinct brands (400 picks) | distinct categories | distinct brands among the model's candidates per list |");
Line("|---|---:|---:|---:|---:|---:|");
foreach (var c in report.Candidates.Where(c => serving.Supports(c.Method)))
{
    var catalogOf = serving.Model.Catalog;
    double brandsPer = 0, categoriesPer = 0, candidateBrands = 0;
    var allBrands = new HashSet<int>();
    var allCategories = new HashSet<int>();
    foreach (string user in report.CoverageUsers)
    {
        var items = serving.Recommend(new RecommendationRequest(user, 20, c.Method, CatalogFilter.None)).Items;
        brandsPer += items.Select(i => catalogOf.Brand[i.Index]).Where(b => b >= 0).Distinct().Count();
        categoriesPer += items.Select(i => catalogOf.Category[i.Index]).Where(b => b >= 0).Distinct().Count();
        allBrands.UnionWith(items.Select(i => catalogOf.Brand[i.Index]).Where(b => b >= 0));
        allCategories.UnionWith(items.Select(i => catalogOf.Category[i.Index]).Where(b => b >= 0));
        candidateBrands += serving.Candidates(user, 20, c.Method).Select(p => catalogOf.Brand[p.Product]).Where(b => b >= 0).Distinct().Count();
    }
    int n = Math.Max(1, report.CoverageUsers.Count);
    Line($"| {c.Method} | {brandsPer / n:F1} | {categoriesPer / n:F1} | {allBrands.Count} | {allCategories.Count} | {candidateBrands / n:F1} |");
}
Line();

if (arguments.Text("markdown") is { } path) File.WriteAllText(path, output.ToString());
return 0;

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

// Minor page faults of this process so far (Linux; 0 elsewhere): each is a page touched for the first time, which costs
// ~15 µs on this project's machine (a microVM that hands freed pages back to its host).
static long MinorPageFaults()
{
    try
    {
        string stat = File.ReadAllText("/proc/self/stat");
        return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[7], CultureInfo.InvariantCulture);
    }
    catch (IOException)
    {
        return 0;
    }
}

static string RuntimeInformationText() =>
    $"{System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim()}, GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}";

sealed class Arguments(Dictionary<string, string> values)
{
    public static Arguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i + 1 < args.Length; i += 2) values[args[i].TrimStart('-')] = args[i + 1];
        return new Arguments(values);
    }

    public double Number(string name, double fallback) =>
        values.TryGetValue(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public string? Text(string name) => values.GetValueOrDefault(name);
}
