namespace Teddy.Learning;

/// <summary>Settings under <c>Teddy:Learning:AdaptiveWeights</c>: the hybrid's click-driven part weights.</summary>
public sealed class AdaptiveWeightsOptions
{
    public const string Section = "Teddy:Learning:AdaptiveWeights";

    /// <summary>Off: the hybrid always uses its trained weights.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>Lowest weight either part may get, in [0, 0.5].</summary>
    public double MinWeight { get; set; } = 0.2;
    /// <summary>Highest weight either part may get, in [0.5, 1]; the part a request's draw favours gets it.</summary>
    public double MaxWeight { get; set; } = 0.8;
    /// <summary>The click-through rate both priors are built around (the collaborative prior's mean).</summary>
    public double PriorCtr { get; set; } = 0.05;
    /// <summary>How many impressions each prior is worth: more means the trained weights hold out longer.</summary>
    public double PriorStrength { get; set; } = 200;
    /// <summary>
    /// Evidence halves in weight every this many impressions (both parts), so the weights follow shoppers who change. In
    /// the click simulator (docs/benchmarks.md) 10,000 follows a shift back to the part the weights had left within
    /// about 10,000 impressions, where 20,000 had not after 25,000, and costs nothing while shoppers stay the same.
    /// </summary>
    public double HalfLifeImpressions { get; set; } = 10_000;

    /// <exception cref="InvalidOperationException">A setting out of range, named.</exception>
    public AdaptiveWeightsOptions Validate()
    {
        if (!(MinWeight >= 0 && MinWeight <= 0.5)) throw Bad(nameof(MinWeight), MinWeight, "in [0, 0.5]");
        if (!(MaxWeight >= 0.5 && MaxWeight <= 1)) throw Bad(nameof(MaxWeight), MaxWeight, "in [0.5, 1]");
        if (Math.Abs(MinWeight + MaxWeight - 1) > 1e-9) throw Bad(nameof(MaxWeight), MaxWeight, $"equal to 1 − MinWeight ({1 - MinWeight}) so the two weights sum to 1");
        if (!(PriorCtr > 0 && PriorCtr < 1)) throw Bad(nameof(PriorCtr), PriorCtr, "in (0, 1)");
        if (!(PriorStrength > 0 && double.IsFinite(PriorStrength))) throw Bad(nameof(PriorStrength), PriorStrength, "positive");
        if (!(HalfLifeImpressions > 0)) throw Bad(nameof(HalfLifeImpressions), HalfLifeImpressions, "positive");
        return this;
    }

    private static InvalidOperationException Bad(string name, double value, string rule) =>
        new($"Teddy:Learning:AdaptiveWeights:{name} must be {rule}; got {value}.");
}

/// <summary>The part weights one hybrid list used: content + collaborative = 1.</summary>
public readonly record struct HybridWeights(double Content, double Collaborative);

/// <summary>
/// Thompson sampling over the hybrid's two parts (content and collaborative). Each part has a Beta belief
/// about how often the products it contributes are clicked; each request draws one click-through rate from
/// each belief, and the part with the higher draw leads the list with <see cref="AdaptiveWeightsOptions.MaxWeight"/>,
/// the other getting the rest. Over requests the content weight therefore averages
/// <c>Min + (Max − Min) · P(θ_content &gt; θ_collaborative)</c> — Thompson sampling's probability matching
/// (Thompson 1933; Chapelle &amp; Li 2011; Russo et al. 2018, "A Tutorial on Thompson Sampling").
/// <para>
/// How it starts: both priors are worth <see cref="AdaptiveWeightsOptions.PriorStrength"/> impressions; the
/// collaborative prior's mean is <see cref="AdaptiveWeightsOptions.PriorCtr"/> and the content prior's mean is
/// solved so that, before any click, the expected weights equal the trained weights (e.g. 0.65/0.35).
/// How it forgets: evidence is decayed by ½ every <see cref="AdaptiveWeightsOptions.HalfLifeImpressions"/>
/// impressions (counted over both parts), so after a shift in what shoppers click, the new behaviour
/// outweighs the old within about two half-lives. A part that is never shown gets no evidence and keeps its prior.
/// </para>
/// Immutable: observing returns a new instance, so readers never lock.
/// </summary>
public sealed class ThompsonWeights
{
    private readonly AdaptiveWeightsOptions _options;

    public BetaPosterior ContentPrior { get; }
    public BetaPosterior CollaborativePrior { get; }
    /// <summary>Decayed evidence per part: impressions of its products and clicks on them.</summary>
    public PartEvidence Content { get; }
    public PartEvidence Collaborative { get; }
    /// <summary>The trained weights the priors encode.</summary>
    public HybridWeights Trained { get; }

    private ThompsonWeights(AdaptiveWeightsOptions options, HybridWeights trained, BetaPosterior contentPrior, BetaPosterior collaborativePrior,
        PartEvidence content, PartEvidence collaborative)
    {
        _options = options;
        Trained = trained;
        ContentPrior = contentPrior;
        CollaborativePrior = collaborativePrior;
        Content = content;
        Collaborative = collaborative;
    }

    /// <summary>Beliefs with no evidence, whose expected weights equal <paramref name="trained"/> (clamped into the bounds).</summary>
    public static ThompsonWeights Start(HybridWeights trained, AdaptiveWeightsOptions options)
    {
        options.Validate();
        double total = trained.Content + trained.Collaborative;
        if (!(total > 0)) throw new ArgumentOutOfRangeException(nameof(trained), "Trained weights must be positive.");
        double content = Math.Clamp(trained.Content / total, options.MinWeight, options.MaxWeight);
        var collaborativePrior = BetaPosterior.Prior(options.PriorCtr, options.PriorStrength);
        // The share of requests content must lead for its expected weight to equal the trained one.
        double span = options.MaxWeight - options.MinWeight;
        double lead = span > 0 ? Math.Clamp((content - options.MinWeight) / span, 0.001, 0.999) : 0.5;
        var contentPrior = BetaPosterior.Prior(SolveMean(collaborativePrior, options.PriorStrength, lead), options.PriorStrength);
        return new ThompsonWeights(options, new HybridWeights(content, 1 - content), contentPrior, collaborativePrior, default, default);
    }

    /// <summary>The same priors with no evidence (to replay evidence hour by hour, as the dashboard's weights over time do).</summary>
    public ThompsonWeights WithoutEvidence() => new(_options, Trained, ContentPrior, CollaborativePrior, default, default);

    /// <summary>The bounds the weights move between (<see cref="AdaptiveWeightsOptions.MinWeight"/>, <see cref="AdaptiveWeightsOptions.MaxWeight"/>).</summary>
    public (double Min, double Max) Bounds => (_options.MinWeight, _options.MaxWeight);

    public BetaPosterior ContentBelief => ContentPrior.Observe(Content.Impressions, Content.Clicks);
    public BetaPosterior CollaborativeBelief => CollaborativePrior.Observe(Collaborative.Impressions, Collaborative.Clicks);

    /// <summary>Decayed impressions behind the beliefs (both parts).</summary>
    public double EvidenceImpressions => Content.Impressions + Collaborative.Impressions;

    /// <summary>
    /// Adds a batch of evidence, after decaying what came before by ½ per half-life of the batch's impressions.
    /// Batches are applied in the order they happened.
    /// </summary>
    public ThompsonWeights Observe(PartEvidence content, PartEvidence collaborative)
    {
        double impressions = content.Impressions + collaborative.Impressions;
        double keep = Math.Pow(0.5, impressions / _options.HalfLifeImpressions);
        return new ThompsonWeights(_options, Trained, ContentPrior, CollaborativePrior,
            Content.Scaled(keep) + content, Collaborative.Scaled(keep) + collaborative);
    }

    /// <summary>One request's weights: the part whose sampled click-through rate is higher leads.</summary>
    public HybridWeights Sample(Random random)
    {
        double content = ContentBelief.Sample(random), collaborative = CollaborativeBelief.Sample(random);
        // The bounds themselves (they sum to 1), not 1 − bound, which float rounding could push below MinWeight.
        return content >= collaborative ? new HybridWeights(_options.MaxWeight, _options.MinWeight) : new HybridWeights(_options.MinWeight, _options.MaxWeight);
    }

    /// <summary>P(θ_content &gt; θ_collaborative) under the current beliefs: the share of requests content leads.</summary>
    public double ContentLeadProbability() => LeadProbability(ContentBelief, CollaborativeBelief);

    /// <summary>The weights requests use on average now: Min + (Max − Min) · P(content leads).</summary>
    public HybridWeights Expected()
    {
        double content = _options.MinWeight + (_options.MaxWeight - _options.MinWeight) * ContentLeadProbability();
        return new HybridWeights(content, 1 - content);
    }

    /// <summary>P(X &gt; Y) for independent Beta beliefs: ∫ f_X(x) F_Y(x) dx by composite Simpson's rule.</summary>
    public static double LeadProbability(BetaPosterior x, BetaPosterior y)
    {
        // Integrate where X has its mass; outside the 1e-9 tails the integrand is negligible.
        double low = x.Cdf(0) >= 1e-9 ? 0 : MathNet.Numerics.Distributions.Beta.InvCDF(x.Alpha, x.Beta, 1e-9);
        double high = MathNet.Numerics.Distributions.Beta.InvCDF(x.Alpha, x.Beta, 1 - 1e-9);
        const int Intervals = 2000;
        double h = (high - low) / Intervals, sum = 0;
        for (int i = 0; i <= Intervals; i++)
        {
            double t = low + i * h;
            double f = x.Density(t) * y.Cdf(t);
            sum += (i == 0 || i == Intervals ? 1 : i % 2 == 1 ? 4 : 2) * f;
        }
        return Math.Clamp(sum * h / 3, 0, 1);
    }

    /// <summary>The prior mean for X (strength n) with P(X &gt; Y) = target, by bisection (P rises with the mean).</summary>
    private static double SolveMean(BetaPosterior y, double strength, double target)
    {
        double low = 1e-6, high = 1 - 1e-6;
        for (int i = 0; i < 60; i++)
        {
            double mid = (low + high) / 2;
            if (LeadProbability(BetaPosterior.Prior(mid, strength), y) < target) low = mid; else high = mid;
        }
        return (low + high) / 2;
    }
}

/// <summary>Impressions of a part's products and clicks on them (fractional once decayed).</summary>
public readonly record struct PartEvidence(double Impressions, double Clicks)
{
    public PartEvidence Scaled(double factor) => new(Impressions * factor, Clicks * factor);
    public static PartEvidence operator +(PartEvidence a, PartEvidence b) => new(a.Impressions + b.Impressions, a.Clicks + b.Clicks);
    /// <summary>Clicks per impression, or null without impressions.</summary>
    public double? Ctr => Impressions > 0 ? Clicks / Impressions : null;
}
