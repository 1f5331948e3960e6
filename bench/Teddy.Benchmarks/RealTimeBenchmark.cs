using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Teddy.Feedback;
using Teddy.Interactions;
using Teddy.Retail;
using Teddy.Serving;

/// <summary>
/// Issue 7's costs on the request path, in process: <c>ServingModel.Recommend</c> (promoted method, k = 20) with and
/// without a shopper's recent events folded in, a hit in the recent-events cache, and building and buffering an
/// impression. Storage is not involved (a cache miss reads the events table: see the HTTP load benchmark).
/// </summary>
static class RealTimeBenchmark
{
    public static void Run(ServingModel serving, int requests, Action<string> line)
    {
        var users = serving.Model.Users;
        var catalog = serving.Model.Catalog;
        var known = Enumerable.Range(0, users.Count).Where(u => users.Interactions.RowLength(u) > 0).ToArray();
        var weights = new EventWeights();
        var random = new Random(42);
        RecentEvent View(int product, int second) =>
            new(RetailEventTypes.DetailPageView, [catalog.Ids[product]], weights.WeightOf(RetailEventTypes.DetailPageView), DateTimeOffset.UnixEpoch.AddSeconds(second));
        RecentEvent[] Views(int count) => Enumerable.Range(0, count).Select(i => View(random.Next(catalog.Count), i)).ToArray();
        var tenViews = Enumerable.Range(0, 64).Select(_ => Views(10)).ToArray();
        var threeViews = Enumerable.Range(0, 64).Select(_ => Views(3)).ToArray();

        line($"Real-time personalisation and impressions, in process (k = 20, {requests:N0} requests per case after warm-up; the promoted method is {serving.Model.PromotedMethod}):");
        line("");
        line("| Case | p50 ms | p99 ms | mean ms | allocated KB/request |");
        line("|---|---:|---:|---:|---:|");
        foreach (string method in new[] { serving.Model.PromotedMethod, Teddy.Recommenders.RecommenderMethods.Hybrid }.Distinct().Where(serving.Supports))
        {
            Measure($"{method}: known shopper, no recent events", i =>
                serving.Recommend(new RecommendationRequest(users.Ids[known[(i * 7919) % known.Length]], 20, method, CatalogFilter.None) { Recent = [] }));
            Measure($"{method}: known shopper, 10 recent views folded in", i =>
                serving.Recommend(new RecommendationRequest(users.Ids[known[(i * 7919) % known.Length]], 20, method, CatalogFilter.None) { Recent = tenViews[i % 64] }));
            Measure($"{method}: new visitor, no events (cold start)", i =>
                serving.Recommend(new RecommendationRequest($"bench-new-{i}", 20, method, CatalogFilter.None)));
            Measure($"{method}: new visitor, 3 recent views", i =>
                serving.Recommend(new RecommendationRequest($"bench-new-{i}", 20, method, CatalogFilter.None) { Recent = threeViews[i % 64] }));
        }

        using var cache = new RecentEventCache(new NoEvents(), Options.Create(new ServingOptions()), Options.Create(weights),
            NullLogger<RecentEventCache>.Instance);
        for (int u = 0; u < 1000; u++) cache.GetAsync(users.Ids[known[u % known.Length]], serving).AsTask().GetAwaiter().GetResult();
        Measure("recent-events cache hit (`RecentEventCache.GetAsync`)", i =>
            cache.GetAsync(users.Ids[known[i % Math.Min(1000, known.Length)]], serving).AsTask().GetAwaiter().GetResult());

        var list = serving.Recommend(new RecommendationRequest(users.Ids[known[0]], 20, null, CatalogFilter.None));
        var log = new ImpressionLog(Options.Create(new FeedbackOptions { ImpressionBuffer = requests * 2 + 1000 }));
        var clock = TimeProvider.System;
        Measure("impression: token + `ServedImpressions` + `ImpressionLog.Record`", _ =>
        {
            var at = clock.GetUtcNow();
            log.Record(ServedImpressions.ForRecommendations(list, serving, AttributionToken.New(at), at));
        });
        line("");

        void Measure(string name, Action<int> request)
        {
            for (int i = 0; i < 300; i++) request(i);
            var times = new double[requests];
            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < requests; i++)
            {
                long start = Stopwatch.GetTimestamp();
                request(i + 300);
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
            double allocatedKb = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / 1024.0 / requests;
            Array.Sort(times);
            line($"| {name} | {Percentile(times, 0.5):F4} | {Percentile(times, 0.99):F4} | {times.Average():F4} | {allocatedKb:F2} |");
        }
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>An events table with nothing in it: the cache is measured, not storage.</summary>
    private sealed class NoEvents : IUserEventStore
    {
        public Task<IReadOnlyList<bool>> RecordAsync(IReadOnlyList<UserEventRecord> events, CancellationToken cancellation = default) =>
            Task.FromResult<IReadOnlyList<bool>>(events.Select(_ => true).ToArray());

        public Task<IReadOnlyList<UserEventRecord>> ReadRecentAsync(string userKey, DateTimeOffset since, int max, CancellationToken cancellation = default) =>
            Task.FromResult<IReadOnlyList<UserEventRecord>>([]);
    }
}
