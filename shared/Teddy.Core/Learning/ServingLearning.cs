namespace Teddy.Learning;

/// <summary>
/// What serving reads from click-through learning: the shared <see cref="ILearningState"/> (refreshed in the
/// background), the adaptive-weight and brand-learning settings, and the random source each request's Thompson draw
/// uses (<see cref="Random.Shared"/>, thread-safe, unless a single-threaded simulation passes a seeded one).
/// One per host; each serving model builds its own view of the current snapshot from it (see
/// <see cref="Teddy.Serving.LearningView"/>).
/// </summary>
public sealed class ServingLearning
{
    /// <exception cref="InvalidOperationException">A setting out of range, named.</exception>
    public ServingLearning(ILearningState state, AdaptiveWeightsOptions adaptive, BrandLearningOptions brands, Random? random = null)
    {
        State = state;
        Adaptive = adaptive.Validate();
        Brands = brands.Validate();
        Random = random ?? Random.Shared;
    }

    public ILearningState State { get; }
    public AdaptiveWeightsOptions Adaptive { get; }
    public BrandLearningOptions Brands { get; }
    public Random Random { get; }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<HybridWeights, ThompsonWeights> _starts = new();

    /// <summary>
    /// The beliefs before any evidence for a hybrid trained with <paramref name="trained"/> weights, or null when adaptive
    /// weights are off. Solving the prior takes a few hundred milliseconds, so it is done once per trained weights
    /// (model versions usually share them) and when a model loads, never while a request waits.
    /// </summary>
    public ThompsonWeights? StartFor(HybridWeights trained) =>
        Adaptive.Enabled ? _starts.GetOrAdd(trained, weights => ThompsonWeights.Start(weights, Adaptive)) : null;
}

/// <summary>Checks the learning settings serving reads when the host starts, naming the setting that is out of range.</summary>
public sealed class LearningOptionsValidation : Microsoft.Extensions.Options.IValidateOptions<AdaptiveWeightsOptions>,
    Microsoft.Extensions.Options.IValidateOptions<BrandLearningOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, AdaptiveWeightsOptions options) => Check(() => options.Validate());

    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, BrandLearningOptions options) => Check(() => options.Validate());

    private static Microsoft.Extensions.Options.ValidateOptionsResult Check(Action validate)
    {
        try
        {
            validate();
            return Microsoft.Extensions.Options.ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException e)
        {
            return Microsoft.Extensions.Options.ValidateOptionsResult.Fail(e.Message);
        }
    }
}
