using System.Text.Json.Nodes;
using Teddy.Training;

namespace Teddy.Core.Tests.Training;

/// <summary>
/// The hybrid's weight search is deterministic (issue 8): two runs on the same data chose different weights. Every sum the
/// search and the evaluation take is reduced in the users' order, whatever the threads do, and settings equal in NDCG and
/// coverage are ordered by a stated rule (<see cref="HybridWeightSearch.TieRule"/>), not by the grid's order.
/// </summary>
public class HybridSearchDeterminismTests
{
    /// <summary>The report without what measures time (stage timings, request latencies): everything a run decides and measures.</summary>
    private static string Decisions(TrainingOutcome outcome)
    {
        var json = JsonNode.Parse(outcome.Report.ToJson())!;
        Strip(json);
        return json.ToJsonString();

        static void Strip(JsonNode? node)
        {
            if (node is JsonObject o)
            {
                o.Remove("timings_ms");
                o.Remove("latency_ms");
                foreach (var (_, child) in o) Strip(child);
            }
            else if (node is JsonArray a)
                foreach (var child in a) Strip(child);
        }
    }

    [Fact]
    public void The_retrain_decides_and_measures_the_same_under_any_thread_scheduling()
    {
        string catalog = TrainingShop.Catalog(180), events = TrainingShop.Events(240, 180, 14, seed: 3);
        var settings = TrainingShop.Settings(configure: o => o.Evaluation.MaxUsers = 200);
        var pooled = TrainingShop.Trained(catalog, events, settings);
        Assert.Equal("search", pooled.Report.Hybrid!.Tuning);
        Assert.True(pooled.Report.Hybrid.Grid!.Count >= 30, "the search ran over the whole grid");
        Assert.Contains(HybridWeightSearch.TieRule, pooled.Report.Hybrid.TieRule);

        // One thread at a time, and several threads taking the queued partitions in random orders.
        foreach (var (threads, seed) in new[] { (1, 1), (3, 7), (4, 99) })
        {
            using var scheduler = new ShuffledTaskScheduler(threads, seed);
            // The retrain's parallel loops run on the scheduler's threads, not the pool's (every one takes ParallelWork's options:
            // ParallelWorkTests checks that none bypasses them).
            var ranOn = scheduler.Run(() =>
            {
                var names = new System.Collections.Concurrent.ConcurrentBag<string>();
                Parallel.For(0, 64, ParallelWork.Options(), _ => names.Add(Thread.CurrentThread.Name ?? "pool"));
                return names.Distinct().ToArray();
            });
            Assert.All(ranOn, name => Assert.StartsWith("shuffled-", name));
            var shuffled = scheduler.Run(() => TrainingShop.Trained(catalog, events, settings));
            Assert.Equal(Decisions(pooled), Decisions(shuffled));
            Assert.Equal(pooled.Metadata.Sha256, shuffled.Metadata.Sha256); // the same model file, byte for byte
        }
    }

    private static HybridGridPoint Point(string part, double content, double ndcg, double coverage, bool eligible = true) =>
        new(part, content, Math.Round(1 - content, 6), ndcg, coverage, eligible);

    [Fact]
    public void The_highest_eligible_NDCG_wins_and_an_equal_one_goes_to_the_higher_coverage_score()
    {
        HybridGridPoint[] grid =
        [
            Point("collaborative", 0, 0.120000, 0.45),
            Point("ease", 0.1, 0.130000, 0.41),
            Point("ease", 0.2, 0.130000, 0.43),           // tied on NDCG: the higher coverage score wins
            Point("itemknn", 0, 0.150000, 0.30, false),   // better, but below the floor
        ];
        Assert.Equal(2, HybridWeightSearch.Choose(grid));
    }

    [Fact]
    public void Near_ties_below_the_reported_precision_are_ties_and_the_simpler_setting_wins()
    {
        // NDCGs 2e-7 apart (float noise of a sum taken in another order would be of this size) are one reported value, 0.130000.
        HybridGridPoint[] grid =
        [
            Point("ease", 0.3, 0.1300001, 0.42),
            Point("itemknn", 0.2, 0.1299999, 0.42),
            Point("ease", 0, 0.1300000, 0.42),      // a part alone: simpler than any blend
            Point("itemknn", 0, 0.1300000, 0.42),   // as simple; EASE comes after item-kNN in the part order
            Point("collaborative", 1, 0.1300000, 0.42), // content alone: a part alone, but the higher content weight
        ];
        var chosen = grid[HybridWeightSearch.Choose(grid)];
        Assert.Equal(("itemknn", 0.0), (chosen.CollaborativePart, chosen.ContentWeight));

        // Blends only: the lower content weight, then the part order.
        HybridGridPoint[] blends = [Point("ease", 0.3, 0.13, 0.42), Point("itemknn", 0.2, 0.13, 0.42), Point("collaborative", 0.2, 0.13, 0.42)];
        Assert.Equal(("collaborative", 0.2), (blends[HybridWeightSearch.Choose(blends)].CollaborativePart, blends[HybridWeightSearch.Choose(blends)].ContentWeight));
    }

    [Fact]
    public void The_choice_does_not_depend_on_the_grids_order()
    {
        var random = new Random(5);
        string[] parts = ["collaborative", "itemknn", "ease"];
        for (int round = 0; round < 200; round++)
        {
            // Coarse values, so ties on NDCG and on coverage are common; some settings below the floor, sometimes all.
            bool noneEligible = random.Next(5) == 0;
            var grid = parts.SelectMany(part => Enumerable.Range(0, 5).Select(i => Point(part, i / 10.0,
                    random.Next(4) / 100.0, random.Next(3) / 10.0, !noneEligible && random.Next(4) > 0)))
                .Append(Point("collaborative", 1, random.Next(4) / 100.0, random.Next(3) / 10.0, !noneEligible && random.Next(2) > 0))
                .ToArray();
            var expected = grid[HybridWeightSearch.Choose(grid)];
            for (int shuffle = 0; shuffle < 5; shuffle++)
            {
                var reordered = grid.OrderBy(_ => random.Next()).ToArray();
                Assert.Equal(expected, reordered[HybridWeightSearch.Choose(reordered)]);
            }
            // The chosen one is at least as good as every other by the stated order.
            var candidates = grid.Where(p => p.Eligible || grid.All(q => !q.Eligible));
            Assert.All(candidates, p => Assert.True(HybridWeightSearch.Preference.Compare(expected, p) <= 0));
        }
    }
}
