using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Teddy.SampleData;
using Teddy.Simulation;

/// <summary>
/// The click simulator through the real HTTP API: simulated shoppers of the demo shop the app seeded (the generator's
/// hidden truth, rebuilt from the same options) ask a running app for lists (<c>GET api/recommendations</c>) and send
/// their position-based clicks (<c>POST api/clicks</c>, with the list's <c>attribution_token</c> when the response has
/// one, and each item's <c>position</c>, else its rank). The app learns from those clicks the way production does
/// (impressions, click-through aggregation, the learning state refreshed within a minute), so the weights the lists
/// report are the proof that the loop closes. Sequential: one shopper at a time.
/// </summary>
static class HttpClickDriver
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>
    /// --drive-http URL [--impressions 20000] [--shoppers generator|taste|shift] [--scale 1] [--seed 1] [--k 10]
    /// [--method hybrid] [--report-every 2500] [--pause-ms 0] [--markdown out.md]
    /// </summary>
    public static async Task<int> RunAsync(string url, Func<string, double, double> number, Func<string, string?> text)
    {
        double scale = number("scale", 1);
        int impressions = (int)number("impressions", 20_000), k = (int)number("k", 10), reportEvery = (int)number("report-every", 2_500);
        int pauseMs = (int)number("pause-ms", 0);
        long seed = (long)number("seed", 1);
        string method = text("method") ?? "hybrid";
        string shoppers = text("shoppers") ?? "generator";
        var output = new StringBuilder();
        void Line(string line = "") { Console.WriteLine(line); output.AppendLine(line); }

        var truth = SampleShopTruth.Build(SampleShopOptions.Default.Scaled(scale));
        var productIndex = Enumerable.Range(0, truth.Products).ToDictionary(truth.ProductId, p => p, StringComparer.Ordinal);
        var clicks = new ClickModel(truth, number("horizon", ClickModel.DefaultHorizon));
        var cumulative = new double[truth.Visitors];
        double total = 0;
        for (int v = 0; v < truth.Visitors; v++) cumulative[v] = total += truth.Activities[v];
        var random = new Random(unchecked((int)seed));
        using var http = new HttpClient { BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/"), Timeout = TimeSpan.FromSeconds(30) };

        Line($"Driving {url}: {impressions:N0} impressions (lists of {k}, method {method}), shoppers `{shoppers}` of the {scale.ToString(Culture)}× demo shop, seed {seed}.");
        Line();
        Line("| Impressions | shoppers | CTR | content weight used | lists with a token | GET p50 ms | GET p99 ms | optimization_reason (last list) |");
        Line("|---:|---|---:|---:|---:|---:|---:|---|");
        long shown = 0, clicked = 0, windowShown = 0, windowClicked = 0, lists = 0, windowLists = 0, windowTokens = 0, nextReport = reportEvery;
        double weightSum = 0;
        int weightLists = 0;
        var latencies = new List<double>();
        string reason = "";
        int unknownProducts = 0;
        var watch = Stopwatch.StartNew();
        while (shown < impressions)
        {
            int found = Array.BinarySearch(cumulative, random.NextDouble() * total);
            int visitor = Math.Min(found < 0 ? ~found : found, truth.Visitors - 1);
            var mode = shoppers switch
            {
                "taste" => ShopperMode.Taste,
                "shift" => shown < impressions / 2 ? ShopperMode.Taste : ShopperMode.Generator,
                _ => ShopperMode.Generator,
            };
            string user = truth.ShopperId(visitor);
            long start = Stopwatch.GetTimestamp();
            var list = await http.GetFromJsonAsync<JsonElement>(
                $"api/recommendations?user_id={Uri.EscapeDataString(user)}&k={k}&method={method}");
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            lists++;
            windowLists++;
            string? token = list.TryGetProperty("attribution_token", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (token is not null) windowTokens++;
            if (list.TryGetProperty("content_weight_used", out var w) && w.ValueKind == JsonValueKind.Number
                && list.GetProperty("cf_weight_used").GetDouble() > 0 && w.GetDouble() > 0)
            {
                weightSum += w.GetDouble();
                weightLists++;
            }
            reason = list.TryGetProperty("optimization_reason", out var r) ? r.GetString() ?? "" : "";
            string version = list.GetProperty("model_version").GetString()!;
            int rank = 0;
            var uniforms = Enumerable.Range(0, k).Select(_ => random.NextDouble()).ToArray();
            foreach (var item in list.GetProperty("recommendations").EnumerateArray())
            {
                rank++;
                int position = item.TryGetProperty("position", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : rank;
                string productId = item.GetProperty("product_id").GetString()!;
                shown++;
                windowShown++;
                if (!productIndex.TryGetValue(productId, out int product))
                {
                    unknownProducts++;
                    continue;
                }
                if (uniforms[Math.Min(rank, k) - 1] >= ClickModel.Examination(position) * clicks.Attraction(visitor, product, mode)) continue;
                clicked++;
                windowClicked++;
                var click = new Dictionary<string, object?>
                {
                    ["click_id"] = $"sim-{seed}-{lists}-{position}", ["user_id"] = user, ["product_id"] = productId, ["position"] = position,
                    ["recommendation_type"] = item.GetProperty("recommendation_type").GetString(), ["model_version"] = version,
                };
                if (token is not null) click["attribution_token"] = token;
                var response = await http.PostAsJsonAsync("api/clicks", click);
                if (!response.IsSuccessStatusCode)
                    throw new InvalidOperationException($"POST api/clicks answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            }
            if (pauseMs > 0) await Task.Delay(pauseMs);
            if (shown >= nextReport || shown >= impressions)
            {
                latencies.Sort();
                Line($"| {shown:N0} | {mode.ToString().ToLowerInvariant()} | {(double)windowClicked / windowShown:P2} | " +
                     $"{(weightLists > 0 ? (weightSum / weightLists).ToString("0.000", Culture) : "–")} | {windowTokens}/{windowLists} | " +
                     $"{Percentile(latencies, 0.5):F1} | {Percentile(latencies, 0.99):F1} | {reason} |");
                windowShown = windowClicked = windowLists = windowTokens = 0;
                weightSum = 0;
                weightLists = 0;
                latencies.Clear();
                nextReport += reportEvery;
            }
        }
        Line();
        Line($"{shown:N0} impressions, {clicked:N0} clicks (CTR {(double)clicked / shown:P2}) in {watch.Elapsed.TotalSeconds:F0} s" +
             (unknownProducts > 0 ? $"; {unknownProducts:N0} items were not in the demo shop (is the app serving another shop or scale?)" : "") + ".");
        if (text("markdown") is { } path) File.WriteAllText(path, output.ToString());
        return 0;
    }

    private static double Percentile(List<double> sorted, double q) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}
