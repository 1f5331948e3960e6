using Teddy.Evaluation;
using Teddy.Recommenders;

namespace Teddy.Training;

/// <summary>How a retrain fits, evaluates and selects models (settings under <c>Teddy:Training</c>, e.g. <c>Teddy__Training__SvdRank</c>).</summary>
public sealed class TrainingOptions
{
    public const string Section = "Teddy:Training";

    /// <summary>Comma-separated method keys to train and evaluate (hybrid, content, collaborative, itemknn, ease, popular; als imports Spark factors).</summary>
    public string Candidates { get; set; } = string.Join(",", RecommenderMethods.All);

    public int TfidfMaxFeatures { get; set; } = 5000;
    /// <summary>Content scoring uses a user profile's strongest terms only (bounds the cost for heavy users).</summary>
    public int ContentMaxProfileTerms { get; set; } = ContentRecommender.DefaultMaxProfileTerms;
    public int SvdRank { get; set; } = 60;
    /// <summary>Ritz residual tolerance of the SVD relative to σ₁.</summary>
    public double SvdTolerance { get; set; } = 1e-8;

    public PopularityOptions Popularity { get; set; } = new();
    public ItemKnnOptions ItemKnn { get; set; } = new();
    /// <summary>EASE (<c>Teddy:Training:Ease</c>): λ and how many of the most-interacted products it models.</summary>
    public EaseOptions Ease { get; set; } = new();
    public HybridOptions Hybrid { get; set; } = new();
    public EvaluationOptions Evaluation { get; set; } = new();
    public SelectionOptions Selection { get; set; } = new();
    /// <summary>Data-quality gates before promotion (<c>Teddy:Training:Gates</c>).</summary>
    public GateOptions Gates { get; set; } = new();

    public IReadOnlyList<string> CandidateMethods()
    {
        var methods = Candidates.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(m => m.ToLowerInvariant()).Distinct().ToArray();
        var unknown = methods.Except(RecommenderMethods.Known).ToArray();
        if (unknown.Length > 0)
            throw new InvalidOperationException($"Teddy:Training:Candidates names unknown methods: {string.Join(", ", unknown)}.");
        if (methods.Length == 0) throw new InvalidOperationException("Teddy:Training:Candidates names no method.");
        return methods;
    }
}

/// <summary>Settings under <c>Teddy:Training:Evaluation</c>.</summary>
public sealed class EvaluationOptions
{
    /// <summary>Share of each eligible user's products (latest by time) held out.</summary>
    public double HoldoutFraction { get; set; } = 0.2;
    /// <summary>Users with fewer interacted products are not evaluated.</summary>
    public int MinProducts { get; set; } = 5;
    /// <summary>At most this many eligible users are evaluated (a seeded sample); the issue asks for at least 1,000.</summary>
    public int MaxUsers { get; set; } = 2000;
    public int K { get; set; } = 10;
    /// <summary>Seeds the evaluated-user sample and the coverage protocol's 20 users.</summary>
    public ulong Seed { get; set; } = 42;
}
