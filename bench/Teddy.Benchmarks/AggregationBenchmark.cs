using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Teddy.Analytics;
using Teddy.Feedback;
using Teddy.Learning;
using Teddy.Recommenders;
using Teddy.Storage;

/// <summary>
/// The click-through aggregation's cost: recomputing one hour of N impression rows (lists of K items) and their
/// clicks from the tables, as every run does for the hours that can still change; then the size and read cost of
/// a ctr.json holding 30 days of such hours. Storage must be running (Azurite or an account):
/// <c>--aggregate-storage "&lt;connection string&gt;" [--lists 100000] [--items 20] [--click-rate 0.05] [--runs 3]</c>.
/// </summary>
static class AggregationBenchmark
{
    public static async Task<int> RunAsync(string connectionString, int lists, int items, double clickRate, int runs, Action<string> line)
    {
        var culture = CultureInfo.InvariantCulture;
        var service = new TableServiceClient(connectionString);
        string suffix = Guid.NewGuid().ToString("N")[..10];
        var impressions = service.GetTableClient("benchimpressions" + suffix);
        var clicks = service.GetTableClient("benchclicks" + suffix);
        await impressions.CreateIfNotExistsAsync();
        await clicks.CreateIfNotExistsAsync();
        var hour = new DateTime(2026, 1, 15, 10, 0, 0, DateTimeKind.Utc);
        var random = new Random(42);

        // A shop's spread of attributes: 500 brands, 46 categories, 12 colours, 6 age groups, 4 discount tiers.
        string[] brands = Enumerable.Range(0, 500).Select(i => $"Brand {i}").ToArray();
        string[] categories = Enumerable.Range(0, 46).Select(i => $"Category {i}").ToArray();
        string[] colors = ["red", "blue", "green", "yellow", "pink", "white", "black", "grey", "orange", "purple", "brown", "beige"];
        string[] ages = ["newborn", "infant", "toddler", "kids", "teen", "adult"];
        string[] methods = ["hybrid", "hybrid", "hybrid", "content", "collaborative", "itemknn", "popular"];

        var watch = Stopwatch.StartNew();
        var pending = new Dictionary<string, List<TableTransactionAction>>();
        var inMemory = new List<(string Token, string Method, string Items)>();
        var clickRows = new List<TableTransactionAction>();
        var writes = new List<Task>();
        async Task FlushAsync(TableClient table, List<TableTransactionAction> batch)
        {
            if (batch.Count == 0) return;
            await table.SubmitTransactionAsync(batch.ToArray());
        }
        for (int l = 0; l < lists; l++)
        {
            string token = AttributionToken.New(hour.AddSeconds(l * 3600.0 / lists));
            string method = methods[random.Next(methods.Length)];
            var shown = Enumerable.Range(1, items).Select(position => new ImpressionItem(
                $"p{random.Next(14_000)}", position,
                method == "hybrid" ? (RecommendationSources)random.Next(1, 4) : RecommendationSources.Content,
                brands[(int)(brands.Length * Math.Pow(random.NextDouble(), 2))], categories[random.Next(categories.Length)],
                ages[random.Next(ages.Length)], colors[random.Next(colors.Length)], random.Next(4))).ToArray();
            string partition = AttributionToken.PartitionKey(token);
            string itemsJson = ImpressionItemsJson.Write(shown);
            if (inMemory.Count < 20_000) inMemory.Add((token, method, itemsJson));
            if (!pending.TryGetValue(partition, out var batch)) pending[partition] = batch = [];
            batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, token)
            {
                ["UserId"] = $"u{random.Next(100_000)}", ["ListKind"] = "recommendations", ["Method"] = method,
                ["ModelVersion"] = "20260115_030000", ["ContentWeight"] = method == "hybrid" ? 0.65 : null,
                ["CollaborativeWeight"] = method == "hybrid" ? 0.35 : null, ["DynamicWeights"] = false,
                ["ServedAt"] = new DateTimeOffset(hour), ["ItemCount"] = items, ["Items"] = itemsJson,
            }));
            if (batch.Count == 100)
            {
                writes.Add(FlushAsync(impressions, [.. batch]));
                batch.Clear();
            }
            if (random.NextDouble() < clickRate)
            {
                var item = shown[random.Next(shown.Length)];
                string id = Guid.NewGuid().ToString("N");
                clickRows.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(TableClickStore.PartitionFor(hour), id)
                {
                    ["ClickId"] = id, ["UserId"] = "u", ["ProductId"] = item.ProductId, ["Position"] = item.Position,
                    ["RecommendationType"] = method, ["ReceivedAt"] = new DateTimeOffset(hour.AddMinutes(random.Next(60))),
                    ["ProductKnown"] = true, ["AttributionToken"] = token,
                }));
                if (clickRows.Count == 100)
                {
                    writes.Add(FlushAsync(clicks, [.. clickRows]));
                    clickRows.Clear();
                }
            }
            if (writes.Count >= 8)
            {
                await Task.WhenAll(writes);
                writes.Clear();
            }
        }
        foreach (var batch in pending.Values) writes.Add(FlushAsync(impressions, batch));
        writes.Add(FlushAsync(clicks, clickRows));
        await Task.WhenAll(writes);
        line($"Wrote {lists:N0} impression rows of {items} items ({(long)lists * items:N0} item impressions) and their clicks in {watch.Elapsed.TotalSeconds:F1} s.");

        // Teddy's own part without storage: parse the rows' items and count them (the SDK's reading and Azurite are the rest).
        for (int run = 0; run < 3; run++)
        {
            var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            long allocatedStart = GC.GetTotalAllocatedBytes(precise: true);
            watch.Restart();
            var aggregation = new HourAggregation(hour);
            foreach (var (token, method, itemsText) in inMemory)
                aggregation.AddImpression(new ImpressionRecord(token, "recommendations", method, ImpressionItemsJson.Parse(itemsText, out _)!));
            aggregation.Complete();
            if (run == 2)
                line($"Parsing and counting alone (no storage, {inMemory.Count:N0} rows in memory): {watch.Elapsed.TotalMilliseconds * 1000 / inMemory.Count:F1} µs and " +
                     $"{(GC.GetTotalAllocatedBytes(precise: true) - allocatedStart) / (double)inMemory.Count / 1024:F1} KiB per row " +
                     $"({(Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalMilliseconds * 1000 / inMemory.Count:F1} µs CPU).");
        }

        var source = new TableFeedbackSource(impressions, clicks);
        var settings = new AggregationOptions();
        var aggregator = new CtrAggregator(source, new NoStore(), Options.Create(settings), Options.Create(new AdaptiveWeightsOptions()),
            TimeProvider.System, NullLogger<CtrAggregator>.Instance);
        var now = new DateTimeOffset(hour.AddHours(3));
        var wall = new List<double>();
        var cpu = new List<double>();
        HourAggregate? computed = null;
        for (int run = 0; run < runs; run++)
        {
            GC.Collect();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            long allocated = GC.GetTotalAllocatedBytes(precise: true);
            watch.Restart();
            computed = (await aggregator.ComputeRangeAsync(hour, hour, settings, now)).Single();
            wall.Add(watch.Elapsed.TotalSeconds);
            cpu.Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds);
            line($"Recompute run {run + 1}: {wall[^1]:F2} s wall, {cpu[^1]:F2} s CPU (this process), " +
                 $"{(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0:N0} MiB allocated; " +
                 $"{computed.Counts.Lists:N0} lists, {computed.Counts.Overall.Impressions:N0} item impressions, {computed.Counts.Overall.Clicks:N0} clicks.");
        }
        double median = wall.Order().ElementAt(wall.Count / 2);
        line($"Median recompute: {median:F2} s = {lists / median:N0} impression rows/s ({(long)lists * items / median:N0} item impressions/s).");

        // ctr.json with 30 days of such hours: what the aggregation writes each run and every instance reads on a change.
        var month = Enumerable.Range(0, 30 * 24).Select(h => computed! with { Hour = hour.AddHours(-h) }).ToArray();
        watch.Restart();
        var document = CtrDocument.Combine(month, now, settings.ClickWindowHours, new AdaptiveWeightsOptions().HalfLifeImpressions);
        string json = document.ToJson();
        double combine = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        var read = CtrDocument.FromJson(json);
        var snapshot = read.ToSnapshot(new CtrOptions());
        double parse = watch.Elapsed.TotalMilliseconds;
        watch.Restart();
        var report = CtrReport.Build(read, null, null, 10, new CtrOptions(), settings.ClickWindowHours);
        double build = watch.Elapsed.TotalMilliseconds;
        line($"ctr.json of 30 days ({month.Length} hours, {snapshot.Brands.Count} brands): {json.Length / 1024.0:N0} KiB; " +
             $"combine + write {combine:F0} ms, read + snapshot {parse:F0} ms, the API's report {build:F0} ms ({report.Series.Hourly.Count} hourly points).");
        line($"Peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MiB.");

        await impressions.DeleteAsync();
        await clicks.DeleteAsync();
        return 0;
    }

    /// <summary>The recompute alone writes nothing; this store is never called.</summary>
    private sealed class NoStore : IAnalyticsStore
    {
        public string Resource => "none";
        public Task<IAsyncDisposable?> TryLockAsync(CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<StoredHour>> ListHoursAsync(CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task<(HourAggregate Hour, string ETag)?> ReadHourAsync(DateTime hour, CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task<string> WriteHourAsync(HourAggregate hour, CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task DeleteHourAsync(DateTime hour, CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task<DateTimeOffset?> GetDocumentComputedAtAsync(CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task<string?> GetDocumentETagAsync(CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task<StoredDocument?> ReadDocumentAsync(CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task WriteDocumentAsync(CtrDocument document, CancellationToken cancellation = default) => throw new NotSupportedException();
    }
}
