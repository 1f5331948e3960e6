using System.Diagnostics;
using Microsoft.Extensions.Options;
using Teddy.Artifacts;
using Teddy.Feedback;
using Teddy.Learning;
using Teddy.Ranking;
using Teddy.Recommenders;
using Teddy.SampleData;
using Teddy.Serving;
using Teddy.Training;

/// <summary>
/// What one request of each method costs the serving code in process, on <c>--threads</c> threads at once (2: both cores
/// busy, as under load; 1: a lone request), as the HTTP path runs it with
/// impressions recorded and the adaptive hybrid on (a learning snapshot with clicks and every brand categorised):
/// <c>ServingModel.Recommend</c> / <c>Similar</c>, the attribution token, <c>ServedImpressions</c> and
/// <c>ImpressionLog.Record</c>. Reports requests per second and the process's CPU time per request (GC and any helper
/// threads included; on a shared machine the CPU column is the steadier one) and the bytes allocated per request. The trained 1× model is kept in
/// the given directory (trained on first use) so repeated runs compare code, not training.
/// <para>
/// Usage: <c>--serving-cost /tmp/teddy-model [--seconds 3] [--threads 2] [--only hybrid]</c>; with <c>--loop-seconds N</c> it
/// then serves <c>--only</c>'s method for N more seconds (attach a sampling profiler meanwhile).
/// </para>
/// </summary>
static class ServingCostBenchmark
{
    public static int Run(string directory, Func<string, double, double> number, Func<string, string?> text)
    {
        var serving = Load(directory);
        var users = serving.Model.Users;
        var known = Enumerable.Range(0, users.Count).Where(u => users.Interactions.RowLength(u) > 0).Select(u => users.Ids[u]).ToArray();
        static ImpressionLog NewLog() => new(Options.Create(new FeedbackOptions { ImpressionBuffer = 1 << 20 }));
        var log = NewLog();
        var clock = TimeProvider.System;
        double seconds = number("seconds", 3);
        string? only = text("only");
        int threads = (int)number("threads", 1);

        Console.WriteLine($"Serving cost per request, in process, {threads} thread(s) serving at once, k = 20, adaptive hybrid and brand learning on, impressions recorded " +
            $"({Environment.ProcessorCount} cores, load average {LoadAverage()}):");
        Console.WriteLine();
        Console.WriteLine("| Method | requests | per s | process CPU µs/request | allocated KB/request |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        var cases = RecommenderMethods.All.Where(serving.Supports)
            .Select(m => (Name: m, Serve: (Action<int>)(i => Recommend(m, i))))
            .Append((Name: "similar items", Serve: i => Similar(i)))
            .Where(c => only is null || c.Name == only || (only == "similar" && c.Name == "similar items"))
            .ToArray();
        foreach (var (name, serve) in cases) Measure(name, serve, seconds, threads);
        if (number("loop-seconds", 0) is var loop and > 0 && cases.Length > 0)
        {
            var stopAt = Stopwatch.GetTimestamp() + (long)(loop * Stopwatch.Frequency);
            for (int i = 0; Stopwatch.GetTimestamp() < stopAt; i++) cases[0].Serve(i);
        }
        return 0;

        void Recommend(string method, int i)
        {
            var list = serving.Recommend(new RecommendationRequest(known[(int)((i * 7919L) % known.Length)], 20, method, CatalogFilter.None) { Recent = [] });
            var at = clock.GetUtcNow();
            log.Record(ServedImpressions.ForRecommendations(list, serving, AttributionToken.New(at), at));
            DrainSometimes(i);
        }

        void Similar(int i)
        {
            var catalog = serving.Model.Catalog;
            var items = serving.Similar(new SimilarRequest(catalog.Ids[(int)((i * 7919L) % catalog.Count)], 20, CatalogFilter.None), 0.5)!.Items;
            var at = clock.GetUtcNow();
            log.Record(ServedImpressions.ForSimilar(items, catalog.Ids[(int)((i * 7919L) % catalog.Count)], RecommenderMethods.Similar, "", serving,
                AttributionToken.New(at), at));
            DrainSometimes(i);
        }

        void DrainSometimes(int i)
        {
            // The flusher's side runs off the request path: a fresh buffer now and then stands in for it.
            if (i % 8192 == 0) log = NewLog();
        }
    }

    private static void Measure(string name, Action<int> serve, double seconds, int threads)
    {
        for (int i = 0; i < 500; i++) serve(i);
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);
        var stopAt = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var watch = Stopwatch.StartNew();
        int n = 0;
        // Each thread serves its own stretch of the shoppers, as concurrent requests would.
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            int mine = 0;
            while (Stopwatch.GetTimestamp() < stopAt)
                for (int j = 0; j < 20; j++) serve(500 + t * 1_000_000 + mine++);
            Interlocked.Add(ref n, mine);
        })).ToArray();
        foreach (var worker in workers) worker.Start();
        foreach (var worker in workers) worker.Join();
        double wall = watch.Elapsed.TotalMicroseconds;
        process.Refresh();
        double cpu = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds;
        double kb = (GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore) / 1024.0 / n;
        Console.WriteLine($"| {name} | {n:N0} | {n / (wall / 1e6):F0} | {cpu / n:F1} | {kb:F1} |");
    }

    private static ServingModel Load(string directory)
    {
        string modelFile = Path.Combine(directory, "model.bin"), metadataFile = Path.Combine(directory, "metadata.json");
        if (!File.Exists(modelFile) || !File.Exists(metadataFile))
        {
            Directory.CreateDirectory(directory);
            string data = Directory.CreateTempSubdirectory("teddy-bench-").FullName;
            SampleShopGenerator.WriteFiles(SampleShopOptions.Default, data);
            using var catalog = File.OpenRead(Path.Combine(data, SampleShopGenerator.CatalogFileName));
            using var events = File.OpenRead(Path.Combine(data, SampleShopGenerator.EventsFileName));
            var settings = new TeddySettings(new TrainingOptions(), new RankingOptions(), new Teddy.Interactions.EventWeights());
            var outcome = new ModelTrainer(settings).Train(catalog, events, DateTimeOffset.UtcNow, "benchmark") as TrainingOutcome
                ?? throw new InvalidOperationException("The benchmark shop could not train a model.");
            File.WriteAllBytes(modelFile, outcome.Artifact);
            File.WriteAllText(metadataFile, outcome.Metadata.ToJson());
            Directory.Delete(data, recursive: true);
        }
        var metadata = ModelMetadata.FromJson(File.ReadAllText(metadataFile));
        var model = TrainedModel.Deserialize(new ArtifactReader(File.ReadAllBytes(modelFile)));
        // A shop with click history: the weights are drawn per request and every brand has a category.
        var brandRandom = new Random(7);
        var learned = new LearningSnapshot(DateTimeOffset.UtcNow, new PartEvidence(12_000, 300), new PartEvidence(8_000, 260), 20_000, 560, 0.028,
            model.Catalog.BrandNames.ToDictionary(b => b, b => new BrandCtr(200, 6, 0.03, (CtrCategory)brandRandom.Next(4)), StringComparer.OrdinalIgnoreCase));
        return new ServingModel(metadata, model, new RankingOptions(), null,
            new ServingLearning(new FixedLearningState(learned), new AdaptiveWeightsOptions(), new BrandLearningOptions()));
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
