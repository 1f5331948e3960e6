namespace Teddy.Recommenders;

/// <summary>How a retrain sets the hybrid's weights and collaborative part.</summary>
public enum HybridTuning
{
    /// <summary>
    /// Searched on the hold-out at each retrain: content weight on a grid (0, <see cref="HybridOptions.TuningStep"/>, …, 1,
    /// and the configured weight) × each collaborative part (SVD, item-kNN, EASE), the highest NDCG@k on the tuning half of
    /// the hold-out's users among settings whose coverage score reaches the selection's floor.
    /// </summary>
    Search,
    /// <summary>The configured <see cref="HybridOptions.ContentWeight"/>, <see cref="HybridOptions.CollaborativeWeight"/> and <see cref="HybridOptions.CollaborativePart"/>.</summary>
    Fixed,
}

/// <summary>
/// The hybrid's settings (<c>Teddy:Training:Hybrid</c>) and, in a trained model, its trained weights: the ones the
/// search chose (or the configured ones under <see cref="HybridTuning.Fixed"/>). Serving and the click-driven weights
/// start from a trained model's <see cref="ContentWeight"/>, <see cref="CollaborativeWeight"/> and <see cref="CollaborativePart"/>.
/// </summary>
public sealed class HybridOptions
{
    /// <summary>Weight of the content part's min-max normalised scores, in [0, 1]; 0 leaves the part out.</summary>
    public double ContentWeight { get; set; } = 0.65;
    /// <summary>Weight of the collaborative part's min-max normalised scores, in [0, 1]; 0 leaves the part out.</summary>
    public double CollaborativeWeight { get; set; } = 0.35;
    /// <summary>Added to the fused score of a product both parts recommend.</summary>
    public double ConsensusBonus { get; set; } = 0.1;
    /// <summary>Each part contributes this many times the requested count as candidates.</summary>
    public int CandidateMultiplier { get; set; } = 2;
    /// <summary>Which model is the collaborative part: <c>collaborative</c> (SVD, the original), <c>itemknn</c> or <c>ease</c>.</summary>
    public string CollaborativePart { get; set; } = RecommenderMethods.Collaborative;

    /// <summary>Search the weights and part on the hold-out at each retrain (default), or keep the configured ones.</summary>
    public HybridTuning Tuning { get; set; } = HybridTuning.Search;
    /// <summary>Step of the searched content-weight grid, in (0, 1] (0.1: eleven weights per part).</summary>
    public double TuningStep { get; set; } = 0.1;
    /// <summary>
    /// The search scores each setting on at most this many of the tuning half's users (a seeded sample): its cost is
    /// linear in it, and 1,000 users put NDCG@10's standard error near 0.01, below the gaps between the grid's settings.
    /// </summary>
    public int TuningUsers { get; set; } = 1000;

    /// <summary>The models that may be the collaborative part.</summary>
    public static readonly IReadOnlyList<string> CollaborativeParts = [RecommenderMethods.Collaborative, RecommenderMethods.ItemKnn, RecommenderMethods.Ease];

    /// <summary>A copy with these trained weights and part (the search's choice).</summary>
    public HybridOptions With(double contentWeight, string collaborativePart) => new()
    {
        ContentWeight = contentWeight, CollaborativeWeight = Math.Round(1 - contentWeight, 6), ConsensusBonus = ConsensusBonus,
        CandidateMultiplier = CandidateMultiplier, CollaborativePart = collaborativePart, Tuning = Tuning, TuningStep = TuningStep, TuningUsers = TuningUsers,
    };

    /// <exception cref="InvalidOperationException">A setting out of range, named.</exception>
    public HybridOptions Validate()
    {
        if (!CollaborativeParts.Contains(CollaborativePart))
            throw new InvalidOperationException($"Teddy:Training:Hybrid:CollaborativePart must be one of {string.Join(", ", CollaborativeParts)}; got '{CollaborativePart}'.");
        if (!(ContentWeight >= 0 && ContentWeight <= 1)) throw Bad(nameof(ContentWeight), ContentWeight, "in [0, 1]");
        if (!(CollaborativeWeight >= 0 && CollaborativeWeight <= 1)) throw Bad(nameof(CollaborativeWeight), CollaborativeWeight, "in [0, 1]");
        if (ContentWeight + CollaborativeWeight <= 0) throw Bad(nameof(ContentWeight), ContentWeight, "positive when CollaborativeWeight is 0");
        if (!(TuningStep > 0 && TuningStep <= 1)) throw Bad(nameof(TuningStep), TuningStep, "in (0, 1]");
        if (TuningUsers < 1) throw Bad(nameof(TuningUsers), TuningUsers, "at least 1");
        return this;
    }

    private static InvalidOperationException Bad(string name, double value, string rule) =>
        new($"Teddy:Training:Hybrid:{name} must be {rule}; got {value}.");
}
