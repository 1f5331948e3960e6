using Teddy.Recommenders;
using Teddy.SampleData;
using Teddy.Simulation;

namespace Teddy.Core.Tests.Simulation;

/// <summary>Models trained once per test run on generated shops (the retrain's own pipeline), with the shop's hidden truth.</summary>
internal static class SampleShopModels
{
    /// <summary>A twentieth of the demo shop: 717 products, 400 visitors, 12,500 events (about a second to train).</summary>
    public static readonly SampleShopOptions SmallShop = SampleShopOptions.Default.Scaled(0.05);

    /// <summary>Half the demo shop: large enough for the parts' true strengths to differ as at full size.</summary>
    public static readonly SampleShopOptions HalfShop = SampleShopOptions.Default.Scaled(0.5);

    private static readonly Lazy<TrainedModel> SmallModel = new(() => ClickSimulation.TrainOn(SmallShop));
    // Only the hybrid (and its parts) is trained and evaluated: what the simulation serves.
    private static readonly Lazy<(TrainedModel, SampleShopTruth)> Half = new(() =>
        (ClickSimulation.TrainOn(HalfShop, new Teddy.Training.TrainingOptions { Candidates = "hybrid" }), SampleShopTruth.Build(HalfShop)));

    public static TrainedModel Small => SmallModel.Value;
    public static (TrainedModel Model, SampleShopTruth Truth) HalfWithTruth => Half.Value;
}
