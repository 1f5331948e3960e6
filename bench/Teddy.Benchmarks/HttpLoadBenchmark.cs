using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

/// <summary>
/// Loads a running app over HTTP, as shoppers would: each of <c>concurrency</c> clients loops for <c>seconds</c>, asking
/// <c>GET api/recommendations/{visitor}?k=20</c> for a random visitor of the demo shop (<c>v00001</c>…; a visitor the
/// instance has not seen yet is a recent-events cache miss, which reads the events table) and, with probability
/// <c>events-share</c>, first posting a detail-page-view for them (<c>POST api/events</c>, so real time has something to
/// fold in). Reports throughput and latency of each kind, and the impression log's counters from <c>GET api/health</c>
/// before and after (every list served is recorded as an impression, off the request path).
/// </summary>
static class HttpLoadBenchmark
{
    public static async Task<int> RunAsync(Uri baseUrl, double seconds, int concurrency, int visitors, double eventsShare)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
        var products = await ProductsAsync(client);
        var before = await HealthAsync(client);
        var recommendations = new ConcurrentBag<double>();
        var events = new ConcurrentBag<double>();
        var failures = new ConcurrentDictionary<int, int>();
        var stopAt = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var started = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                string visitor = "v" + (random.Next(visitors) + 1).ToString("D5");
                if (products.Length > 0 && random.NextDouble() < eventsShare)
                {
                    string body = JsonSerializer.Serialize(new
                    {
                        eventType = "detail-page-view", visitorId = visitor, eventTime = DateTimeOffset.UtcNow.ToString("O"),
                        productDetails = new[] { new { product = new { id = products[random.Next(products.Length)] } } },
                    });
                    long start = Stopwatch.GetTimestamp();
                    using var posted = await client.PostAsync("api/events", new StringContent(body, Encoding.UTF8, "application/json"));
                    events.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                    if (!posted.IsSuccessStatusCode) failures.AddOrUpdate((int)posted.StatusCode, 1, (_, n) => n + 1);
                }
                long asked = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync($"api/recommendations/{visitor}?k=20");
                await response.Content.LoadIntoBufferAsync();
                recommendations.Add(Stopwatch.GetElapsedTime(asked).TotalMilliseconds);
                if (!response.IsSuccessStatusCode) failures.AddOrUpdate((int)response.StatusCode, 1, (_, n) => n + 1);
            }
        })));
        double elapsed = started.Elapsed.TotalSeconds;
        await Task.Delay(TimeSpan.FromSeconds(3)); // let the background writer catch up before reading its counters
        var after = await HealthAsync(client);

        Console.WriteLine($"{concurrency} clients for {elapsed:F1} s against {baseUrl}, {visitors:N0} visitors, events share {eventsShare:P0}:");
        Console.WriteLine();
        Console.WriteLine("| Request | count | per s | p50 ms | p99 ms | mean ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Report("GET api/recommendations/{visitor}?k=20", recommendations.ToArray(), elapsed);
        if (!events.IsEmpty) Report("POST api/events (one detail-page-view)", events.ToArray(), elapsed);
        Console.WriteLine();
        Console.WriteLine($"Non-2xx answers: {(failures.IsEmpty ? "none" : string.Join(", ", failures.Select(f => $"{f.Key}×{f.Value}")))}.");
        Console.WriteLine($"Impressions (GET api/health, this instance): recorded {Delta("recorded")}, saved {Delta("saved")}, dropped {Delta("dropped")}, " +
            $"failed {Delta("failed")}, pending {after.GetProperty("impressions").GetProperty("pending").GetInt64()}; recent-events cache: " +
            $"{Delta("misses", "recent_events")} misses read storage (mean {after.GetProperty("recent_events").GetProperty("mean_read_ms").GetDouble():F1} ms), " +
            $"{Delta("hits", "recent_events")} hits, {Delta("late", "recent_events")} requests answered before their read finished, {Delta("failures", "recent_events")} failed reads.");
        return 0;

        long Delta(string counter, string section = "impressions") =>
            after.GetProperty(section).GetProperty(counter).GetInt64() - before.GetProperty(section).GetProperty(counter).GetInt64();
    }

    private static void Report(string name, double[] times, double seconds)
    {
        Array.Sort(times);
        double P(double p) => times.Length == 0 ? 0 : times[Math.Min(times.Length - 1, (int)Math.Ceiling(p * times.Length) - 1)];
        Console.WriteLine($"| {name} | {times.Length:N0} | {times.Length / seconds:F0} | {P(0.5):F2} | {P(0.99):F2} | {(times.Length == 0 ? 0 : times.Average()):F2} |");
    }

    /// <summary>Products to view: the popular list of a stranger, so they are in the serving model's catalog.</summary>
    private static async Task<string[]> ProductsAsync(HttpClient client)
    {
        var list = await client.GetFromJsonAsync<JsonElement>("api/recommendations/bench-products?k=100&method=popular&in_stock=false");
        return list.GetProperty("recommendations").EnumerateArray().Select(i => i.GetProperty("product_id").GetString()!).ToArray();
    }

    private static async Task<JsonElement> HealthAsync(HttpClient client)
    {
        using var response = await client.GetAsync("api/health");
        return (await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync())).RootElement.Clone();
    }
}
