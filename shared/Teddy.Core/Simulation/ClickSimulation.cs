using Teddy.Artifacts;
using Teddy.Interactions;
using Teddy.Learning;
using Teddy.Ranking;
using Teddy.Recommenders;
using Teddy.SampleData;
using Teddy.Serving;
using Teddy.Training;

namespace Teddy.Simulation;

/// <summary>What one simulation run does (see <see cref="ClickSimulation"/>).</summary>
public sealed record ClickSimulationOptions
{
    /// <summary>Item impressions to serve in all (a list of 10 is 10 impressions).</summary>
    public int Impressions { get; init; } = 50_000;
    public int ListSize { get; init; } = 10;
    /// <summary>The method every request asks for.</summary>
    public string Method { get; init; } = RecommenderMethods.Hybrid;
    /// <summary>How shoppers choose before the shift, and after it.</summary>
    public ShopperMode Before { get; init; } = ShopperMode.Generator;
    public ShopperMode After { get; init; } = ShopperMode.Generator;
    /// <summary>The share of <see cref="Impressions"/> after which shoppers switch from <see cref="Before"/> to <see cref="After"/>.</summary>
    public double ShiftAt { get; init; } = 0.5;
    /// <summary>The learning state is refreshed every this many impressions (production refreshes within a minute).</summary>
    public int RefreshImpressions { get; init; } = 1_000;
    /// <summary>A checkpoint (CTR and weights over the window) every this many impressions.</summary>
    public int ReportEvery { get; init; } = 2_500;
    public double Horizon { get; init; } = ClickModel.DefaultHorizon;
    /// <summary>Seeds which shoppers come, in what order, their clicks and the Thompson draws.</summary>
    public long Seed { get; init; } = 1;
    /// <summary>Generator brand indices every shopper secretly prefers (the brand-learning scenario).</summary>
    public IReadOnlySet<int> PreferredBrands { get; init; } = new HashSet<int>();
    /// <summary>How the aggregation credits hybrid impressions to the parts.</summary>
    public PartCredit Credit { get; init; } = PartCredit.Sources;
    /// <summary>How much more likely a shopper is to look at a preferred brand's product.</summary>
    public double PreferredBrandLift { get; init; } = 2;
}

/// <summary>One window of a run: impressions so far, clicks in the window, and the weights hybrid lists used in it.</summary>
/// <param name="MeanContentWeight">Mean content weight of the window's hybrid lists that fused both parts; null when none.</param>
/// <param name="ExpectedContentWeight">The bandit's expected content weight at the end of the window; null when adaptive weights are off.</param>
public sealed record SimulationCheckpoint(long Impressions, long WindowImpressions, long WindowClicks, double? MeanContentWeight,
    double? ExpectedContentWeight, ShopperMode Mode)
{
    public double WindowCtr => WindowImpressions > 0 ? (double)WindowClicks / WindowImpressions : 0;
}

public sealed record SimulationResult(IReadOnlyList<SimulationCheckpoint> Checkpoints, long Impressions, long Clicks)
{
    public double Ctr => Impressions > 0 ? (double)Clicks / Impressions : 0;

    /// <summary>CTR over the checkpoints whose window ends after <paramref name="from"/> and at or before <paramref name="to"/> impressions.</summary>
    public double CtrBetween(long from, long to)
    {
        var windows = Checkpoints.Where(c => c.Impressions > from && c.Impressions <= to).ToArray();
        long impressions = windows.Sum(c => c.WindowImpressions);
        return impressions > 0 ? (double)windows.Sum(c => c.WindowClicks) / impressions : 0;
    }
}

/// <summary>
/// Simulated shoppers with the generator's hidden preferences ask the real serving code for lists and click by the
/// position-based <see cref="ClickModel"/> on that truth; their clicks flow back into the learning state through
/// <see cref="ClickAggregation"/>, refreshed every <see cref="ClickSimulationOptions.RefreshImpressions"/>, as
/// production's aggregation refreshes. Shoppers are drawn in proportion to their activity in the generated period.
/// Two runs with the same seed see the same shoppers in the same order with the same random numbers for clicks
/// (one per slot, used or not), so arms differ only by what they serve. Single-threaded and deterministic.
/// </summary>
public static class ClickSimulation
{
    public static SimulationResult Run(TrainedModel model, RankingOptions ranking, AdaptiveWeightsOptions adaptive, BrandLearningOptions brands,
        CtrOptions ctr, SampleShopTruth truth, ClickSimulationOptions options)
    {
        var state = new FixedLearningState(LearningSnapshot.Empty);
        var serving = new ServingModel(Metadata(model), model, ranking, null,
            new ServingLearning(state, adaptive, brands, new Random(unchecked((int)Mix(options.Seed, 3)))));
        var toTruth = TruthIndices(model, truth);
        var clicks = new ClickModel(truth, options.Horizon);
        var aggregation = new ClickAggregation(adaptive, ctr, options.Credit);
        var visitors = new AliasTable(truth.Activities);
        var visitorRandom = new SampleRandom(Mix(options.Seed, 1));
        var clickRandom = new SampleRandom(Mix(options.Seed, 2));
        var now = DateTimeOffset.UnixEpoch;

        var checkpoints = new List<SimulationCheckpoint>();
        long windowImpressions = 0, windowClicks = 0, nextRefresh = options.RefreshImpressions, nextReport = options.ReportEvery;
        double weightSum = 0;
        int weightLists = 0;
        long shiftAt = (long)(options.ShiftAt * options.Impressions);
        var uniforms = new double[options.ListSize];
        while (aggregation.Impressions < options.Impressions)
        {
            int visitor = visitors.Sample(visitorRandom);
            var mode = aggregation.Impressions < shiftAt ? options.Before : options.After;
            var list = serving.Recommend(new RecommendationRequest(truth.ShopperId(visitor), options.ListSize, options.Method, CatalogFilter.None));
            for (int i = 0; i < uniforms.Length; i++) uniforms[i] = clickRandom.NextDouble();
            for (int i = 0; i < list.Items.Count; i++)
            {
                var item = list.Items[i];
                int product = toTruth[item.Index];
                double lift = options.PreferredBrands.Contains(truth.BrandOf(product)) ? options.PreferredBrandLift : 1;
                bool clicked = uniforms[i] < ClickModel.Examination(i + 1) * clicks.Attraction(visitor, product, mode, lift);
                aggregation.Record(list.Method, list.Weights, item.Sources, item.Brand, clicked);
                windowImpressions++;
                if (clicked) windowClicks++;
            }
            if (list.Weights is { } w && w.Content > 0 && w.Collaborative > 0)
            {
                weightSum += w.Content;
                weightLists++;
            }
            if (aggregation.Impressions >= nextRefresh)
            {
                now = now.AddMinutes(1);
                state.Current = aggregation.Refresh(now);
                nextRefresh += options.RefreshImpressions;
            }
            if (aggregation.Impressions >= nextReport || aggregation.Impressions >= options.Impressions)
            {
                checkpoints.Add(new SimulationCheckpoint(aggregation.Impressions, windowImpressions, windowClicks,
                    weightLists > 0 ? weightSum / weightLists : null, serving.Learning?.Bandit?.Expected().Content, mode));
                windowImpressions = windowClicks = 0;
                weightSum = 0;
                weightLists = 0;
                nextReport += options.ReportEvery;
            }
        }
        return new SimulationResult(checkpoints, aggregation.Impressions, aggregation.Clicks);
    }

    /// <summary>Generates the shop and trains on it as a retrain does (every candidate, evaluated), in memory.</summary>
    /// <exception cref="InvalidOperationException">No model could be trained (a shop too small for any candidate).</exception>
    public static TrainedModel TrainOn(SampleShopOptions shop, TrainingOptions? training = null)
    {
        using var catalog = new MemoryStream();
        using var events = new MemoryStream();
        SampleShopGenerator.Write(shop, catalog, events);
        catalog.Position = events.Position = 0;
        // The studies compare adaptive weights with the fixed 0.65/0.35 over SVD, so the hybrid keeps those weights
        // (a weight search could leave it one part alone, and then there is nothing to adapt).
        var options = training ?? new TrainingOptions();
        options.Hybrid.Tuning = HybridTuning.Fixed;
        var settings = new TeddySettings(options, new RankingOptions(), new EventWeights());
        // Trained as of the day after the shop's last event: deterministic, and no event is dated in the future
        // (Teddy__Events__MaxFutureSkewMinutes measures from the retrain's now).
        return (new ModelTrainer(settings).Train(catalog, events, shop.Start + shop.Span + TimeSpan.FromDays(1), "simulation") as TrainingOutcome
            ?? throw new InvalidOperationException("The sample shop could not train a model.")).Model;
    }

    /// <summary>Model product index → generator product index, by product id.</summary>
    private static int[] TruthIndices(TrainedModel model, SampleShopTruth truth)
    {
        var byId = new Dictionary<string, int>(truth.Products, StringComparer.Ordinal);
        for (int p = 0; p < truth.Products; p++) byId[truth.ProductId(p)] = p;
        return model.Catalog.Ids.Select(id => byId.TryGetValue(id, out int p) ? p
            : throw new ArgumentException($"Product {id} of the model is not in the sample shop the truth describes.", nameof(truth))).ToArray();
    }

    private static ulong Mix(long seed, ulong stream) => unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + stream * 0xD1B54A32D192ED03UL);

    private static ModelMetadata Metadata(TrainedModel model) => new()
    {
        Version = "simulation", Created = DateTimeOffset.UnixEpoch, ModelType = RecommenderMethods.DisplayName(model.PromotedMethod),
        Method = model.PromotedMethod, Sha256 = "", SizeBytes = 0, Data = new DataCounts(model.Catalog.Count, 0, 0, model.Users.Count, 0, 0),
    };
}
