using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Teddy.Interactions;
using Teddy.Learning;
using Teddy.Ranking;
using Teddy.Serving;
using Teddy.Training;

namespace Teddy.Hosting;

public static partial class TeddyServiceCollectionExtensions
{
    /// <summary>
    /// Every options class the app binds is checked when the host starts (<c>ValidateOnStart</c>), so a bad value stops
    /// the app with a message naming the setting instead of surfacing as a wrong list or a failed retrain hours later.
    /// A value that does not bind at all (text for a number, an unknown enum name) fails at the same moment with the
    /// binder's message, which names the key too. Limits a model can be skipped for (e.g. the SVD rank against the
    /// data) are left to the retrain, which reports them per model.
    /// </summary>
    private static void AddOptionsValidation(IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<ServingOptions>, ServingOptionsValidation>();
        services.AddSingleton<IValidateOptions<RankingOptions>, RankingOptionsValidation>();
        services.AddSingleton<IValidateOptions<TrainingOptions>, TrainingOptionsValidation>();
        services.AddSingleton<IValidateOptions<BootstrapOptions>, BootstrapOptionsValidation>();
        services.AddSingleton<IValidateOptions<RetrainOptions>, RetrainOptionsValidation>();
        services.AddSingleton<IValidateOptions<LogOptions>, LogOptionsValidation>();
        services.AddOptions<ServingOptions>().ValidateOnStart();
        services.AddOptions<RankingOptions>().ValidateOnStart();
        services.AddOptions<TrainingOptions>().ValidateOnStart();
        services.AddOptions<BootstrapOptions>().ValidateOnStart();
        services.AddOptions<RetrainOptions>().ValidateOnStart();
        services.AddOptions<LogOptions>().ValidateOnStart();
        services.AddOptions<EventWeights>().Validate(w => w.Validate() is not null).ValidateOnStart();
        services.AddOptions<AdaptiveWeightsOptions>().Validate(o => o.Validate() is not null).ValidateOnStart();
    }
}

/// <summary>Settings under <c>Teddy:Serving</c>.</summary>
internal sealed class ServingOptionsValidation : IValidateOptions<ServingOptions>
{
    public ValidateOptionsResult Validate(string? name, ServingOptions o)
    {
        var checks = new SettingChecks(ServingOptions.Section)
            .Range(nameof(o.RefreshSeconds), o.RefreshSeconds, 1, 3600)
            .Range(nameof(o.SimilarContentWeight), o.SimilarContentWeight, 0, 1)
            .Range(nameof(o.ExampleUsers), o.ExampleUsers, 0, 1000)
            .Range(nameof(o.MaxCount), o.MaxCount, 1, 1000)
            .Range(nameof(o.RetryAfterSeconds), o.RetryAfterSeconds, 1, 3600);
        // A DefaultCount above MaxCount is not an error: lists left without k are min(DefaultCount, MaxCount) long
        // (ServingOptions.DefaultListSize), so lowering MaxCount alone keeps the app starting and consistent.
        checks.Range(nameof(o.DefaultCount), o.DefaultCount, 1, 1000);
        return checks.Result();
    }
}

/// <summary>Settings under <c>Teddy:Ranking</c>: factors, weights and caps of the shop rules.</summary>
internal sealed class RankingOptionsValidation : IValidateOptions<RankingOptions>
{
    public ValidateOptionsResult Validate(string? name, RankingOptions o)
    {
        var checks = new SettingChecks(RankingOptions.Section);
        if (!(o.MaxCategoryShare > 0 && o.MaxCategoryShare <= 1))
            checks.Fail(nameof(o.MaxCategoryShare), $"must be above 0 and at most 1 (1 turns the category cap off); got {o.MaxCategoryShare}.");
        return checks
            .Defined(nameof(o.AgeMismatch), o.AgeMismatch)
            .Range(nameof(o.AgeMismatchFactor), o.AgeMismatchFactor, 0, 1)
            .Range(nameof(o.AgeGroupMinShare), o.AgeGroupMinShare, 0, 1)
            .Range(nameof(o.DiscountBoostStrength), o.DiscountBoostStrength, 0, 100)
            .Range(nameof(o.DiscountBoostCap), o.DiscountBoostCap, 1, 100)
            .Range(nameof(o.ColorMatchBoost), o.ColorMatchBoost, 0, 100)
            .Range(nameof(o.UserColors), o.UserColors, 0, 1000)
            .Range(nameof(o.BrandRarityWeight), o.BrandRarityWeight, 0, 100)
            .Range(nameof(o.MaxPerBrand), o.MaxPerBrand, 1, int.MaxValue)
            .Range(nameof(o.FamiliarBrandBoost), o.FamiliarBrandBoost, 0, 100)
            .Range(nameof(o.NewBrandBoost), o.NewBrandBoost, 0, 100)
            .Range(nameof(o.CompletenessWeight), o.CompletenessWeight, 0, 100)
            .Range(nameof(o.ColorRepeatPenalty), o.ColorRepeatPenalty, 0, 1)
            .Range(nameof(o.JitterAmplitude), o.JitterAmplitude, 0, 0.99)
            .Range(nameof(o.CandidateMultiplier), o.CandidateMultiplier, 1, 100)
            .Result();
    }
}

/// <summary>
/// Settings under <c>Teddy:Training</c>. <c>Candidates</c> and <c>SvdRank</c> are judged by the retrain (an unknown
/// method fails the run naming it; a rank the data cannot support skips the model with its reason).
/// </summary>
internal sealed class TrainingOptionsValidation : IValidateOptions<TrainingOptions>
{
    public ValidateOptionsResult Validate(string? name, TrainingOptions o)
    {
        var checks = new SettingChecks(TrainingOptions.Section)
            .Range(nameof(o.TfidfMaxFeatures), o.TfidfMaxFeatures, 1, 10_000_000)
            .Range(nameof(o.ContentMaxProfileTerms), o.ContentMaxProfileTerms, 1, 10_000_000)
            .Between(nameof(o.SvdTolerance), o.SvdTolerance, 0, 1)
            .Range("Popularity:PoolSize", o.Popularity.PoolSize, 1, 100_000)
            .Range("Popularity:PoolMaxPerBrand", o.Popularity.PoolMaxPerBrand, 1, 100_000)
            .Range("ItemKnn:Neighbours", o.ItemKnn.Neighbours, 1, 10_000)
            .Range("ItemKnn:K1", o.ItemKnn.K1, 0, 1000)
            .Range("ItemKnn:B", o.ItemKnn.B, 0, 1)
            .Range("Hybrid:ContentWeight", o.Hybrid.ContentWeight, 0, 1000)
            .Range("Hybrid:CollaborativeWeight", o.Hybrid.CollaborativeWeight, 0, 1000)
            .Range("Hybrid:ConsensusBonus", o.Hybrid.ConsensusBonus, 0, 1000)
            .Range("Hybrid:CandidateMultiplier", o.Hybrid.CandidateMultiplier, 1, 100)
            .Between("Evaluation:HoldoutFraction", o.Evaluation.HoldoutFraction, 0, 1)
            .Range("Evaluation:MinProducts", o.Evaluation.MinProducts, 2, 1_000_000)
            .Range("Evaluation:MaxUsers", o.Evaluation.MaxUsers, 1, int.MaxValue)
            .Range("Evaluation:K", o.Evaluation.K, 1, 1000)
            .Defined("Selection:Rule", o.Selection.Rule)
            .Range("Selection:CoverageFloor", o.Selection.CoverageFloor, 0, 1)
            .Range("Selection:PromotionTolerance", o.Selection.PromotionTolerance, 0, 1)
            .Range("Selection:KeepVersions", o.Selection.KeepVersions, 1, 10_000)
            .Range("Gates:MinDataShare", o.Gates.MinDataShare, 0, 1)
            .Range("Gates:MaxRejectedShare", o.Gates.MaxRejectedShare, 0, 1)
            .Range("Gates:MinHoldoutUsers", o.Gates.MinHoldoutUsers, 0, int.MaxValue);
        if (o.Hybrid.ContentWeight + o.Hybrid.CollaborativeWeight <= 0)
            checks.Fail("Hybrid:CollaborativeWeight", "and Hybrid:ContentWeight must not both be 0.");
        return checks.Result();
    }
}

/// <summary>Settings under <c>Teddy:Bootstrap</c>.</summary>
internal sealed class BootstrapOptionsValidation : IValidateOptions<BootstrapOptions>
{
    public ValidateOptionsResult Validate(string? name, BootstrapOptions o) =>
        new SettingChecks(BootstrapOptions.Section).Range(nameof(o.SampleScale), o.SampleScale, 0.001, 100).Result();
}

/// <summary>Settings under <c>Teddy:Retrain</c>.</summary>
internal sealed class RetrainOptionsValidation : IValidateOptions<RetrainOptions>
{
    public ValidateOptionsResult Validate(string? name, RetrainOptions o) =>
        new SettingChecks(RetrainOptions.Section)
            .Range(nameof(o.KeepRuns), o.KeepRuns, 1, 100_000)
            .Range(nameof(o.BusyRetrySeconds), o.BusyRetrySeconds, 1, 86_400)
            .Result();
}

/// <summary>Settings under <c>Teddy:Logging</c>.</summary>
internal sealed class LogOptionsValidation : IValidateOptions<LogOptions>
{
    public ValidateOptionsResult Validate(string? name, LogOptions o) =>
        new SettingChecks(LogOptions.Section).Defined(nameof(o.AzureSdk), o.AzureSdk).Result();
}
