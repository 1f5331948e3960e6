using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Teddy.Analytics;
using Teddy.Feedback;
using Teddy.Hosting;
using Teddy.Recommenders;
using Teddy.SampleData;
using Teddy.Serving;

namespace Teddy.Simulation;

/// <summary>
/// Settings under <c>Teddy:Simulation</c>: the dashboard's "simulate shoppers" control (<c>POST api/simulations</c>, run by
/// the queue-triggered function). The queue's own name is the top-level <see cref="QueueSetting"/>, because the queue
/// trigger's attribute names it as <c>%SIMULATION_QUEUE%</c>; the status records' table is <c>Teddy:Storage:SimulationsTable</c>.
/// </summary>
public sealed class SimulationOptions
{
    public const string Section = "Teddy:Simulation";

    /// <summary>The app setting naming the simulation queue (in the trigger attribute and for the sender).</summary>
    public const string QueueSetting = "SIMULATION_QUEUE";
    public const string DefaultQueue = "simulation-requests";

    /// <summary>
    /// The most sessions one request may ask for (1–1,000). Each session is one list and its clicks, stored as real clicks
    /// are (two table writes per click, four sessions at a time): about 6 s per 100 sessions on Azurite on 2 cores.
    /// </summary>
    public int MaxSessions { get; set; } = 200;

    /// <summary>Finished status records kept (the oldest beyond this are deleted after each run; 1–100,000).</summary>
    public int KeepRuns { get; set; } = 50;
}

/// <summary>Checks <see cref="SimulationOptions"/> when the host starts.</summary>
public sealed class SimulationOptionsValidation : IValidateOptions<SimulationOptions>
{
    public const int Limit = 1_000;

    public ValidateOptionsResult Validate(string? name, SimulationOptions options) =>
        new SettingChecks(SimulationOptions.Section)
            .Range(nameof(options.MaxSessions), options.MaxSessions, 1, Limit)
            .Range(nameof(options.KeepRuns), options.KeepRuns, 1, 100_000)
            .Result();
}

/// <summary>What one simulation run did (its nullable members are written as null, also inside a status record).</summary>
/// <param name="Ctr">Clicks per impression of this run, 0–1 (6 decimals).</param>
/// <param name="MeanContentWeight">Mean content weight of the run's hybrid lists that fused both parts; null when none.</param>
/// <param name="WeightsBefore">
/// The adaptive hybrid's expected weights (content + collaborative = 1) as the serving model saw them when the run started;
/// null when it has no two-part adaptive hybrid.
/// </param>
/// <param name="WeightsAfter">
/// The same when the run finished. The click-through aggregation counts this run's clicks within about a minute
/// (<c>Teddy:Learning:AggregationSeconds</c> and <c>RefreshSeconds</c>), so right after a short run they are often still
/// the weights before; <c>GET api/analytics/weights</c> shows them move.
/// </param>
public sealed record LiveSimulationResult(
    [property: JsonPropertyName("sessions")] int Sessions,
    [property: JsonPropertyName("shoppers")] int Shoppers,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("model_version")] string ModelVersion,
    [property: JsonPropertyName("impressions")] long Impressions,
    [property: JsonPropertyName("clicks")] long Clicks,
    [property: JsonPropertyName("ctr")] double Ctr,
    [property: JsonPropertyName("mean_content_weight"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? MeanContentWeight,
    [property: JsonPropertyName("weights_before"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] HybridWeightsJson? WeightsBefore,
    [property: JsonPropertyName("weights_after"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] HybridWeightsJson? WeightsAfter,
    [property: JsonPropertyName("started_at")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("finished_at")] DateTimeOffset FinishedAt);

/// <summary>
/// Simulated shoppers through the real serving path, for the dashboard: each session is a shopper of the generated demo
/// shop (drawn by activity) asking for a list exactly as <c>GET api/recommendations</c> does (their recent events folded
/// in, the list recorded as an impression under a fresh attribution token) and clicking by the position-based
/// <see cref="ClickModel"/> on the shop's hidden truth (<see cref="SampleShopTruth"/>); each click is recorded as
/// <c>POST api/clicks</c> records it, with the list's token. The click-through aggregation then counts them like any
/// other, so the dashboard shows the weights and rates move within a minute. Only for the generated demo shop: the
/// truth is rebuilt from <c>Teddy:Bootstrap:SampleScale</c> and must name every product of the serving catalog.
/// </summary>
public sealed class LiveShopperSimulation(RecentEventCache recent, ImpressionLog impressions, FeedbackRecorder recorder,
    TimeProvider clock, IOptions<BootstrapOptions> bootstrap)
{
    private const int Parallelism = 4;
    private readonly Lazy<SampleShopTruth> _truth = new(() => SampleShopTruth.Build(SampleShopOptions.Default.Scaled(bootstrap.Value.SampleScale)));
    private (ServingModel Model, int[]? ToTruth)? _indices;

    /// <summary>Runs <paramref name="sessions"/> sessions of <paramref name="listSize"/> items each.</summary>
    /// <param name="method">The method every list asks for; null: the hybrid when the model has one, else the promoted model.</param>
    /// <param name="sessionDone">Called after each finished session with the number finished so far (from several threads).</param>
    /// <returns>null when the serving catalog is not the generated demo shop (there is no truth to click by).</returns>
    /// <exception cref="Storage.StorageUnavailableException">Storage could not confirm a click in time (what was stored stays stored).</exception>
    public async Task<LiveSimulationResult?> RunAsync(ServingModel model, int sessions, int listSize, string? method, long seed,
        CancellationToken cancellation = default, Action<int>? sessionDone = null)
    {
        if (TruthIndices(model) is not { } toTruth) return null;
        var weightsBefore = ExpectedWeights(model);
        int finished = 0;
        var truth = _truth.Value;
        method ??= model.Supports(RecommenderMethods.Hybrid) ? RecommenderMethods.Hybrid : null;
        var clicksModel = new ClickModel(truth);
        var visitors = new AliasTable(truth.Activities);
        var random = new SampleRandom(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + 7));
        // Drawn up front, in order, so a seed gives the same shoppers and the same random numbers whatever the parallelism.
        var plan = Enumerable.Range(0, sessions)
            .Select(_ => (Visitor: visitors.Sample(random), Uniforms: Enumerable.Range(0, listSize).Select(_ => random.NextDouble()).ToArray()))
            .ToArray();
        var started = clock.GetUtcNow();
        long shown = 0, clicked = 0, weightLists = 0;
        double weightSum = 0;
        string listMethod = method ?? model.Metadata.Method;
        await Parallel.ForEachAsync(plan, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellation }, async (session, token) =>
        {
            string user = truth.ShopperId(session.Visitor);
            var events = await recent.GetAsync(user, model, token);
            var list = model.Recommend(new RecommendationRequest(user, listSize, method, CatalogFilter.None, Strict: false) { Recent = events });
            var servedAt = clock.GetUtcNow();
            string attribution = AttributionToken.New(servedAt);
            impressions.Record(ServedImpressions.ForRecommendations(list, model, attribution, servedAt));
            Interlocked.Add(ref shown, list.Items.Count);
            if (list.Weights is { } w && w.Content > 0 && w.Collaborative > 0)
                lock (plan)
                {
                    weightSum += w.Content;
                    weightLists++;
                }
            for (int i = 0; i < list.Items.Count; i++)
            {
                var item = list.Items[i];
                double attraction = clicksModel.Attraction(session.Visitor, toTruth[item.Index], ShopperMode.Generator);
                if (session.Uniforms[i] >= ClickModel.Examination(i + 1) * attraction) continue;
                var click = new Click($"sim-{Guid.NewGuid():N}", user, item.ProductId, i + 1, item.RecommendationType, model.Version,
                    clock.GetUtcNow(), ProductKnown: true, model.Version, attribution);
                await recorder.RecordClickAsync(click);
                Interlocked.Increment(ref clicked);
            }
            sessionDone?.Invoke(Interlocked.Increment(ref finished));
        });
        return new LiveSimulationResult(sessions, plan.Select(p => p.Visitor).Distinct().Count(), listMethod, model.Version, shown, clicked,
            shown > 0 ? Math.Round((double)clicked / shown, 6) : 0, weightLists > 0 ? Math.Round(weightSum / weightLists, 4) : null,
            weightsBefore, ExpectedWeights(model), started, clock.GetUtcNow());
    }

    /// <summary>The adaptive hybrid's expected weights under the learning snapshot the model sees now; null without a bandit.</summary>
    private static HybridWeightsJson? ExpectedWeights(ServingModel model) =>
        model.Learning?.Bandit is { } bandit ? HybridWeightsJson.From(bandit.Expected()) : null;

    /// <summary>Serving product index → the truth's product index; null when a product is not the demo shop's.</summary>
    private int[]? TruthIndices(ServingModel model)
    {
        if (_indices is { } cached && ReferenceEquals(cached.Model, model)) return cached.ToTruth;
        var truth = _truth.Value;
        var byId = new Dictionary<string, int>(truth.Products, StringComparer.Ordinal);
        for (int p = 0; p < truth.Products; p++) byId[truth.ProductId(p)] = p;
        var ids = model.Model.Catalog.Ids;
        int[]? result = new int[ids.Length];
        for (int i = 0; i < ids.Length && result is not null; i++)
            if (byId.TryGetValue(ids[i], out int p)) result[i] = p;
            else result = null;
        _indices = (model, result);
        return result;
    }
}
