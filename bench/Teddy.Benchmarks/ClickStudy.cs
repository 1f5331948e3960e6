using System.Diagnostics;
using System.Globalization;
using System.Text;
using Teddy.Interactions;
using Teddy.Learning;
using Teddy.Ranking;
using Teddy.Recommenders;
using Teddy.SampleData;
using Teddy.Simulation;
using Teddy.Training;

/// <summary>
/// The click simulator's studies (docs/benchmarks.md, "Learning from shoppers"): trains a model on the generated shop,
/// then serves simulated shoppers (the generator's hidden truth, position-based clicks) through the real serving code,
/// adaptive against fixed weights (or brand learning on against off) on the same shoppers and seeds.
/// </summary>
static class ClickStudy
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    /// <summary>
    /// --simulate shift|generator|taste|brands [--scale 1] [--seeds 5] [--impressions 50000] [--report-every 2500]
    /// [--refresh 1000] [--half-life 20000] [--horizon 20] [--markdown out.md]
    /// </summary>
    public static int Run(string scenario, Func<string, double, double> number, Func<string, string?> text)
    {
        double scale = number("scale", 1);
        int seeds = (int)number("seeds", 5);
        int impressions = (int)number("impressions", 50_000);
        var output = new StringBuilder();
        void Line(string line = "") { Console.WriteLine(line); output.AppendLine(line); }

        var shopOptions = SampleShopOptions.Default.Scaled(scale);
        var watch = Stopwatch.StartNew();
        var model = ClickSimulation.TrainOn(shopOptions);
        if (number("fixed-content", double.NaN) is var fixedContent && !double.IsNaN(fixedContent))
        {
            // Diagnostic: the fixed arm's weights (the trained weights every list uses when adaptive weights are off).
            model = new TrainedModel
            {
                Catalog = model.Catalog, Users = model.Users, PromotedMethod = model.PromotedMethod, Popularity = model.Popularity,
                Content = model.Content, Collaborative = model.Collaborative, ItemKnn = model.ItemKnn,
                Hybrid = new HybridOptions { ContentWeight = fixedContent, CollaborativeWeight = 1 - fixedContent,
                    ConsensusBonus = model.Hybrid!.ConsensusBonus, CandidateMultiplier = model.Hybrid.CandidateMultiplier },
            };
        }
        var truth = SampleShopTruth.Build(shopOptions);
        Line($"Shop {scale.ToString(Culture)}×: {model.Catalog.Count:N0} products, {model.Users.Count:N0} shoppers; trained and truth rebuilt in {watch.ElapsedMilliseconds:N0} ms.");

        var adaptive = new AdaptiveWeightsOptions { HalfLifeImpressions = number("half-life", new AdaptiveWeightsOptions().HalfLifeImpressions) };
        var fixedWeights = new AdaptiveWeightsOptions { Enabled = false };
        var boost = new BrandLearningOptions();
        var noBoost = new BrandLearningOptions { BrandBoost = 0 };
        var baseOptions = new ClickSimulationOptions
        {
            Impressions = impressions,
            ReportEvery = (int)number("report-every", 2_500),
            RefreshImpressions = (int)number("refresh", 1_000),
            Horizon = number("horizon", ClickModel.DefaultHorizon),
            Method = text("method") ?? RecommenderMethods.Hybrid,
            Credit = Enum.Parse<PartCredit>(text("credit") ?? nameof(PartCredit.Sources), ignoreCase: true),
        };
        (string Name, AdaptiveWeightsOptions Weights, BrandLearningOptions Brands)[] arms;
        ClickSimulationOptions options;
        switch (scenario)
        {
            case "shift":
                options = baseOptions with { Before = ShopperMode.Taste, After = ShopperMode.Generator, ShiftAt = 0.5 };
                arms = [("adaptive", adaptive, noBoost), ("fixed 0.65/0.35", fixedWeights, noBoost)];
                break;
            case "shift-back":
                options = baseOptions with { Before = ShopperMode.Generator, After = ShopperMode.Taste, ShiftAt = 0.5 };
                arms = [("adaptive", adaptive, noBoost), ("fixed 0.65/0.35", fixedWeights, noBoost)];
                break;
            case "generator" or "taste":
                var mode = scenario == "taste" ? ShopperMode.Taste : ShopperMode.Generator;
                options = baseOptions with { Before = mode, After = mode };
                arms = [("adaptive", adaptive, noBoost), ("fixed 0.65/0.35", fixedWeights, noBoost)];
                break;
            case "brands":
                // A tenth of the brands (drawn once, by a fixed seed) are secretly preferred by every shopper.
                var draw = new Random(2026);
                var preferred = Enumerable.Range(0, truth.Brands).Where(_ => draw.NextDouble() < 0.1).ToHashSet();
                options = baseOptions with { PreferredBrands = preferred, PreferredBrandLift = number("brand-lift", 2) };
                arms = [("brand learning", fixedWeights, boost), ("no brand learning", fixedWeights, noBoost)];
                Line($"{preferred.Count} of {truth.Brands} brands are preferred: a shopper is {options.PreferredBrandLift}× as likely to look at their products.");
                break;
            default:
                Console.Error.WriteLine($"Unknown scenario '{scenario}': shift, shift-back, generator, taste or brands.");
                return 2;
        }
        Line($"Scenario `{scenario}`: {options.Impressions:N0} impressions (lists of {options.ListSize}, method {options.Method}), shoppers {Describe(options)}; " +
             $"learning refreshed every {options.RefreshImpressions:N0} impressions; credit `{options.Credit}`; half-life {adaptive.HalfLifeImpressions:N0}; click horizon {options.Horizon} views; {seeds} seeds.");
        Line();

        var results = new SimulationResult[arms.Length, seeds];
        for (int s = 0; s < seeds; s++)
            for (int a = 0; a < arms.Length; a++)
            {
                watch.Restart();
                results[a, s] = ClickSimulation.Run(model, new RankingOptions(), arms[a].Weights, arms[a].Brands, new CtrOptions(), truth,
                    options with { Seed = s + 1 });
                Console.WriteLine($"  seed {s + 1} {arms[a].Name}: CTR {results[a, s].Ctr:P3} ({watch.ElapsedMilliseconds:N0} ms)");
            }

        Line($"| Seed | {string.Join(" | ", arms.Select(a => $"CTR {a.Name}"))} | lift |");
        Line($"|---|{string.Concat(arms.Select(_ => "---:|"))}---:|");
        var lifts = new double[seeds];
        for (int s = 0; s < seeds; s++)
        {
            lifts[s] = results[0, s].Ctr / results[1, s].Ctr - 1;
            Line($"| {s + 1} | {string.Join(" | ", Enumerable.Range(0, arms.Length).Select(a => results[a, s].Ctr.ToString("P3", Culture)))} | {lifts[s]:+0.0%;-0.0%} |");
        }
        var (mean, half) = MeanInterval(lifts);
        Line();
        Line($"Relative CTR lift of {arms[0].Name} over {arms[1].Name} over all {options.Impressions:N0} impressions: **{mean:+0.0%;-0.0%}** (95% interval {mean - half:+0.0%;-0.0%} … {mean + half:+0.0%;-0.0%}, t over {seeds} seeds).");
        if (options.ShiftAt is > 0 and < 1 && options.Before != options.After)
        {
            long shift = (long)(options.ShiftAt * options.Impressions);
            foreach (var (from, to, label) in new[] { (0L, shift, "before the shift"), (shift, (long)options.Impressions, "after the shift") })
            {
                var part = Enumerable.Range(0, seeds).Select(s => results[0, s].CtrBetween(from, to) / results[1, s].CtrBetween(from, to) - 1).ToArray();
                var (m, h) = MeanInterval(part);
                Line($"- {label} ({from:N0}–{to:N0}): {m:+0.0%;-0.0%} (95% interval {m - h:+0.0%;-0.0%} … {m + h:+0.0%;-0.0%})");
            }
        }
        Line();

        // The curves, averaged over seeds.
        Line($"| Impressions | shoppers | {string.Join(" | ", arms.Select(a => $"CTR {a.Name}"))} | content weight used ({arms[0].Name}) | expected content weight |");
        Line($"|---:|---|{string.Concat(arms.Select(_ => "---:|"))}---:|---:|");
        int points = results[0, 0].Checkpoints.Count;
        for (int i = 0; i < points; i++)
        {
            var first = results[0, 0].Checkpoints[i];
            string ctrs = string.Join(" | ", Enumerable.Range(0, arms.Length).Select(a =>
                Enumerable.Range(0, seeds).Average(s => results[a, s].Checkpoints[i].WindowCtr).ToString("P2", Culture)));
            string used = Average(Enumerable.Range(0, seeds).Select(s => results[0, s].Checkpoints[i].MeanContentWeight));
            string expected = Average(Enumerable.Range(0, seeds).Select(s => results[0, s].Checkpoints[i].ExpectedContentWeight));
            Line($"| {first.Impressions:N0} | {first.Mode.ToString().ToLowerInvariant()} | {ctrs} | {used} | {expected} |");
        }
        if (text("markdown") is { } path) File.WriteAllText(path, output.ToString());
        return 0;
    }

    private static string Describe(ClickSimulationOptions o) => o.Before == o.After || o.ShiftAt >= 1
        ? $"`{o.Before.ToString().ToLowerInvariant()}`"
        : $"`{o.Before.ToString().ToLowerInvariant()}`, then `{o.After.ToString().ToLowerInvariant()}` after {o.ShiftAt:P0}";

    private static string Average(IEnumerable<double?> values)
    {
        var known = values.Where(v => v.HasValue).Select(v => v!.Value).ToArray();
        return known.Length == 0 ? "–" : known.Average().ToString("0.000", Culture);
    }

    /// <summary>Mean and the half-width of its 95% interval (Student's t with n − 1 degrees of freedom).</summary>
    private static (double Mean, double Half) MeanInterval(double[] values)
    {
        double mean = values.Average();
        if (values.Length < 2) return (mean, double.NaN);
        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1));
        double t = MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, values.Length - 1, 0.975);
        return (mean, t * sd / Math.Sqrt(values.Length));
    }
}
