using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Functions.Feedback;
using Teddy.Functions.Recommendations;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Observability;
using Teddy.Training;

namespace Teddy.Functions.Tests.Functions;

/// <summary>
/// Teddy's metrics as the app composes them (AddTeddy on Azurite): a retrain, a recommendation request, a similar-items
/// request and clicks each emit their instruments with the documented tags, and the served-model gauge names the
/// version. Listened to with a <see cref="MeterListener"/> on this service provider's own meter only.
/// </summary>
[Collection(StorageCollection.Name)]
public class MetricsTests(AzuriteFixture storage)
{
    private sealed record Recorded(string Instrument, double Value, Dictionary<string, object?> Tags);

    private sealed class Listener : IDisposable
    {
        private readonly MeterListener _listener = new();
        public List<Recorded> Measurements { get; } = [];

        public Listener(Meter meter)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter)) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
            _listener.SetMeasurementEventCallback<int>((i, v, tags, _) => Add(i, v, tags));
            _listener.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
            _listener.Start();
        }

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var dictionary = new Dictionary<string, object?>();
            foreach (var tag in tags) dictionary[tag.Key] = tag.Value;
            lock (Measurements) Measurements.Add(new Recorded(instrument.Name, value, dictionary));
        }

        public Recorded[] Of(string instrument)
        {
            lock (Measurements) return Measurements.Where(m => m.Instrument == instrument).ToArray();
        }

        public void Observe() => _listener.RecordObservableInstruments();
        public void Dispose() => _listener.Dispose();
    }

    private static HttpRequest Get(string query = "")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.QueryString = new QueryString(query);
        return context.Request;
    }

    private static HttpRequest PostJson(string json)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        return context.Request;
    }

    [Fact]
    public async Task A_retrain_a_list_and_a_click_each_emit_their_metrics()
    {
        await using var services = TeddyServices.Create(storage.ConnectionString);
        var metrics = services.GetRequiredService<TeddyMetrics>();
        using var listener = new Listener(metrics.Meter);
        await TeddyServices.UploadShopAsync(services);

        // A retrain: its outcome, each stage's time and each gate's decision.
        var result = await services.GetRequiredService<RetrainService>().RunAsync("test");
        Assert.Equal(RetrainStatus.Completed, result.Status);
        var run = Assert.Single(listener.Of("teddy.retrain.runs"));
        Assert.Equal(("test", "succeeded", result.Run!.Winner, (object?)true),
            ((string?)run.Tags["trigger"], (string?)run.Tags["outcome"], (string?)run.Tags["winner"], run.Tags["promoted"]));
        Assert.True(Assert.Single(listener.Of("teddy.retrain.duration")).Value > 0);
        var stages = listener.Of("teddy.retrain.stage.duration").Select(m => (string?)m.Tags["stage"]).ToArray();
        Assert.Contains("ingest", stages);
        Assert.Contains("evaluate", stages);
        Assert.DoesNotContain("total", stages);
        var gates = listener.Of("teddy.retrain.gate_checks");
        Assert.Equal(result.Run.Gates!.Checks.Select(c => (c.Name, (object?)c.Passed)), gates.Select(g => ((string)g.Tags["gate"]!, g.Tags["passed"])));

        // A recommendation request: its latency and its items as impressions shown, tagged with method and version.
        var recommendations = ActivatorUtilities.CreateInstance<GetRecommendations>(services);
        var answer = System.Text.Json.JsonSerializer.SerializeToElement(Assert.IsType<OkObjectResult>(
            await recommendations.Run(Get("?k=7&method=itemknn"), "unknown-shopper", CancellationToken.None)).Value);
        var latency = Assert.Single(listener.Of("teddy.recommendations.duration"));
        // An unknown shopper's list is the cold-start list: the metric names the method that produced it.
        Assert.Equal(("recommendations", answer.GetProperty("method").GetString(), result.Version),
            ((string?)latency.Tags["list_kind"], (string?)latency.Tags["method"], (string?)latency.Tags["model_version"]));
        Assert.True(latency.Value >= 0);
        Assert.Equal(7, Assert.Single(listener.Of("teddy.impressions.shown")).Value);

        // Similar items count as their own list kind.
        var similar = ActivatorUtilities.CreateInstance<GetSimilarProducts>(services);
        var productId = services.GetRequiredService<Teddy.Serving.ServingModelProvider>().Current!.Model.Catalog.Ids[0];
        Assert.IsType<OkObjectResult>(await similar.Run(Get("?k=5"), productId, CancellationToken.None));
        Assert.Contains(listener.Of("teddy.recommendations.duration"), m => (string?)m.Tags["list_kind"] == "similar" && (string?)m.Tags["method"] == "similar");

        // A click, then the same click again: stored, then a duplicate.
        var clicks = ActivatorUtilities.CreateInstance<RecordClick>(services);
        string body = $$"""{"click_id": "{{Guid.NewGuid()}}", "user_id": "v1", "product_id": "{{productId}}", "position": 2, "recommendation_type": "itemknn"}""";
        await clicks.Run(PostJson(body), CancellationToken.None);
        await clicks.Run(PostJson(body), CancellationToken.None);
        Assert.Equal([("itemknn", "stored"), ("itemknn", "duplicate")],
            listener.Of("teddy.clicks").Select(m => ((string)m.Tags["recommendation_type"]!, (string)m.Tags["outcome"]!)));

        // The served model, as a gauge naming its version and method.
        listener.Observe();
        var served = Assert.Single(listener.Of("teddy.model.served"));
        Assert.Equal((result.Version, result.Run.Winner), ((string?)served.Tags["model_version"], (string?)served.Tags["method"]));
    }

    [Fact]
    public async Task A_retrain_on_missing_data_and_an_overflowing_buffer_are_counted_by_outcome_and_reason()
    {
        await using var services = TeddyServices.Create(storage.ConnectionString);
        var metrics = services.GetRequiredService<TeddyMetrics>();
        using var listener = new Listener(metrics.Meter);

        var result = await services.GetRequiredService<RetrainService>().RunAsync("schedule");
        Assert.Equal(RetrainStatus.NoData, result.Status);
        var run = Assert.Single(listener.Of("teddy.retrain.runs"));
        Assert.Equal(("schedule", "failed", (object?)false), ((string?)run.Tags["trigger"], (string?)run.Tags["outcome"], run.Tags["promoted"]));

        // The impression buffer (one slot) overflows: the three impressions it could not take are counted by reason.
        var log = new Teddy.Feedback.ImpressionLog(Microsoft.Extensions.Options.Options.Create(new Teddy.Feedback.FeedbackOptions { ImpressionBuffer = 1 }), metrics);
        var impression = new Teddy.Feedback.Impression(Teddy.Feedback.AttributionToken.New(DateTimeOffset.UtcNow), "u", "recommendations", null, "popular", "v",
            null, null, false, DateTimeOffset.UtcNow, []);
        for (int i = 0; i < 4; i++) log.Record(impression);
        metrics.ImpressionsRecorded(5);
        var dropped = listener.Of("teddy.impressions.dropped");
        Assert.Equal(3.0, dropped.Sum(d => d.Value));
        Assert.All(dropped, d => Assert.Equal("buffer_full", (string?)d.Tags["reason"]));
        Assert.Equal(5, Assert.Single(listener.Of("teddy.impressions.recorded")).Value);
    }
}
