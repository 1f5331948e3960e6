using Teddy.Evaluation;
using Teddy.Training;

namespace Teddy.Core.Tests.Training;

/// <summary>
/// A retrain never replaces a good model with a worse-informed one: data-quality gates (new data vs the serving model's,
/// rejected lines, hold-out size) are checked before promotion; a refused model is still built and reported.
/// </summary>
public class DataGateTests
{
    private static readonly string Catalog = TrainingShop.Catalog(180);
    private static readonly string Events = TrainingShop.Events(users: 120, products: 180, perUser: 12);
    private static readonly TrainingOutcome Serving = TrainingShop.Trained(Catalog, Events);

    private static GateCheck Check(TrainingOutcome outcome, string name) =>
        outcome.Report.Decision.Gates!.Checks.Single(c => c.Name == name);

    [Fact]
    public void An_empty_events_file_is_refused_even_though_its_ndcg_ties_the_serving_recipe()
    {
        var outcome = TrainingShop.Trained(Catalog, "", baseline: TrainingShop.BaselineOf(Serving));

        var decision = outcome.Report.Decision;
        Assert.False(decision.Promote);
        Assert.Equal(PromotionDecision.RefusedByDataGates, decision.RefusedBy);
        Assert.False(decision.Gates!.Passed);
        var events = Check(outcome, "events_share");
        Assert.Equal((0.0, 0.5, false), (events.Value, events.Limit, events.Passed));
        Assert.Contains("1,440 in serving model 20260101_030000", events.Detail);
        Assert.False(Check(outcome, "users_share").Passed);
        Assert.Equal((0.0, 50.0, false), (Check(outcome, "holdout_users").Value, Check(outcome, "holdout_users").Limit, Check(outcome, "holdout_users").Passed));
        Assert.True(Check(outcome, "products_share").Passed);
        Assert.Contains("Data-quality gates refused promotion", decision.Reason);
        Assert.Contains("Accepted events: 0 now vs 1,440", decision.Reason);
        Assert.Null(outcome.Report.Baseline); // no refit of the serving recipe for refused data
    }

    [Fact]
    public void The_same_data_again_passes_every_gate()
    {
        var outcome = TrainingShop.Trained(Catalog, Events, baseline: TrainingShop.BaselineOf(Serving));

        Assert.True(outcome.Report.Decision.Gates!.Passed);
        Assert.Equal(["catalog_rejected_share", "events_rejected_share", "events_share", "holdout_users", "products_share", "users_share"],
            outcome.Report.Decision.Gates.Checks.Select(c => c.Name).Order());
        Assert.True(outcome.Report.Decision.Promote, outcome.Report.Decision.Reason);
        Assert.Equal(1.0, Check(outcome, "events_share").Value);
    }

    [Fact]
    public void A_catalog_cut_below_half_is_refused()
    {
        var outcome = TrainingShop.Trained(TrainingShop.Catalog(80), TrainingShop.Events(120, 80, 12), baseline: TrainingShop.BaselineOf(Serving));

        var products = Check(outcome, "products_share");
        Assert.False(products.Passed);
        Assert.Equal(Math.Round(80 / 180.0, 4), products.Value);
        Assert.False(outcome.Report.Decision.Promote);
    }

    [Fact]
    public void Too_many_rejected_lines_refuse_even_a_first_model()
    {
        // 30 of 130 catalog lines are not JSON (23%): above the 20% limit. No serving model: only the absolute gates apply.
        string catalog = TrainingShop.Catalog(100) + string.Concat(Enumerable.Repeat("{broken\n", 30));
        var outcome = TrainingShop.Trained(catalog, TrainingShop.Events(120, 100, 12));

        var gates = outcome.Report.Decision.Gates!;
        Assert.Equal(["catalog_rejected_share", "events_rejected_share"], gates.Checks.Select(c => c.Name).Order());
        var rejected = Check(outcome, "catalog_rejected_share");
        Assert.False(rejected.Passed);
        Assert.Equal(Math.Round(30 / 130.0, 4), rejected.Value);
        Assert.Contains("malformed_json 30", rejected.Detail);
        Assert.False(outcome.Report.Decision.Promote);
        Assert.Equal(PromotionDecision.RefusedByDataGates, outcome.Report.Decision.RefusedBy);
    }

    [Fact]
    public void A_first_model_on_a_small_shop_is_not_held_to_the_holdout_minimum()
    {
        var outcome = TrainingShop.Trained(TrainingShop.Catalog(60), TrainingShop.Events(8, 60, 12));
        Assert.True(outcome.Report.Decision.Promote, outcome.Report.Decision.Reason);
        Assert.DoesNotContain(outcome.Report.Decision.Gates!.Checks, c => c.Name == "holdout_users");
    }

    [Fact]
    public void Each_gate_is_a_setting_and_zero_or_one_turns_it_off()
    {
        var settings = TrainingShop.Settings(configure: o => o.Gates = new GateOptions { MinDataShare = 0, MaxRejectedShare = 1, MinHoldoutUsers = 0 });
        var outcome = TrainingShop.Trained(Catalog, "", settings, TrainingShop.BaselineOf(Serving));

        Assert.True(outcome.Report.Decision.Gates!.Passed);
        Assert.NotEqual(PromotionDecision.RefusedByDataGates, outcome.Report.Decision.RefusedBy);
    }

    [Fact]
    public void Gates_compare_with_the_counts_in_the_serving_models_metadata()
    {
        var ingestion = new Teddy.Retail.IngestionReport();
        var now = new Teddy.Artifacts.DataCounts(Products: 100, Brands: 1, Categories: 1, Users: 40, Interactions: 500, Events: 499);
        var before = now with { Events = 1000 };

        var result = PromotionGates.Check(ingestion, now, holdoutUsers: 50, before, "20260101_000000", new GateOptions());

        Assert.False(result.Passed);
        var events = result.Checks.Single(c => c.Name == "events_share");
        Assert.Equal((0.499, false), (events.Value, events.Passed));
        Assert.True(result.Checks.Single(c => c.Name == "holdout_users").Passed);
        Assert.Equal("The hold-out evaluates 50 users (at least 50).", result.Checks.Single(c => c.Name == "holdout_users").Detail);
        Assert.Contains("Accepted events: 499 now vs 1,000 in serving model 20260101_000000", result.FailureSummary());
    }
}
