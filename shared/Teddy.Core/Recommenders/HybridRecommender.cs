using Teddy.Artifacts;
using Teddy.Learning;

namespace Teddy.Recommenders;

/// <summary>
/// The hybrid: candidates from the content and collaborative models (<see cref="HybridOptions.CandidateMultiplier"/>
/// × the requested count each), scores min-max normalised per list, fused with the configured weights, plus a
/// consensus bonus for products both lists return. When one part fails, knows nothing about the user, or was
/// not trained (the data could not support it: null), the hybrid is the other part alone; when both do, it
/// returns nothing and the caller falls back to popularity.
/// Each product's <see cref="ScoredProduct.Sources"/> says which parts contributed. A request may fuse with other
/// weights than the trained ones (the adaptive weights, <see cref="ThompsonWeights"/>).
/// </summary>
public sealed class HybridRecommender(
    IRecommender? content,
    IRecommender? collaborative,
    HybridOptions options,
    Action<string, Exception>? onPartFailure = null) : IRecommender
{
    public string Method => RecommenderMethods.Hybrid;
    public HybridOptions Options => options;

    /// <summary>The weights the model was trained with (<see cref="HybridOptions"/>).</summary>
    public HybridWeights TrainedWeights => new(options.ContentWeight, options.CollaborativeWeight);

    public bool Knows(in UserHistory user) => content?.Knows(user) == true || collaborative?.Knows(user) == true;

    public ScoredProduct[] Recommend(in UserHistory user, int count, ProductFilter filter) => Recommend(user, count, filter, TrainedWeights, out _);

    /// <summary>
    /// The hybrid's list fused with <paramref name="weights"/> instead of the trained ones (each ≥ 0; one request's
    /// adaptive weights). A part that returns nothing leaves the other at full weight, whatever the weights:
    /// <paramref name="parts"/> says which parts returned candidates (Content, Collaborative, both or None).
    /// </summary>
    public ScoredProduct[] Recommend(in UserHistory user, int count, ProductFilter filter, HybridWeights weights, out RecommendationSources parts)
    {
        int candidates = Math.Max(count, count * options.CandidateMultiplier);
        var person = user;
        ScoredProduct[] fromContent = [], fromCollaborative = [];
        // The parts are independent scans of the catalog: run them side by side (Parallel.Invoke runs one
        // inline and the other wherever a thread is free, so a busy pool degrades to sequential, not to waiting).
        Parallel.Invoke(
            () => fromContent = Part(content, part => part.Knows(person) ? part.Recommend(person, candidates, filter) : []),
            () => fromCollaborative = Part(collaborative, part => part.Knows(person) ? part.Recommend(person, candidates, filter) : []));
        parts = (fromContent.Length > 0 ? RecommendationSources.Content : RecommendationSources.None)
            | (fromCollaborative.Length > 0 ? RecommendationSources.Collaborative : RecommendationSources.None);
        return ScoreFusion.Fuse(fromContent, weights.Content, fromCollaborative, weights.Collaborative, options.ConsensusBonus, count);
    }

    /// <summary>The part recommenders (null when not trained), for explanations.</summary>
    public IRecommender? Content => content;
    public IRecommender? Collaborative => collaborative;

    public ScoredProduct[] Similar(int product, int count, ProductFilter filter)
    {
        int candidates = Math.Max(count, count * options.CandidateMultiplier);
        return Fuse(
            Part(content, part => part.Similar(product, candidates, filter)),
            Part(collaborative, part => part.Similar(product, candidates, filter)),
            count);
    }

    private ScoredProduct[] Part(IRecommender? part, Func<IRecommender, ScoredProduct[]> recommend)
    {
        if (part is null) return [];
        try
        {
            return recommend(part);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A broken part must not take the hybrid down: degrade to the other part, and say so.
            onPartFailure?.Invoke(part.Method, e);
            return [];
        }
    }

    private ScoredProduct[] Fuse(ScoredProduct[] fromContent, ScoredProduct[] fromCollaborative, int count) =>
        ScoreFusion.Fuse(fromContent, options.ContentWeight, fromCollaborative, options.CollaborativeWeight, options.ConsensusBonus, count);

    /// <summary>The hybrid has no state of its own: its parts are written by themselves, its weights by the settings.</summary>
    public void Write(ArtifactWriter writer) => WriteOptions(writer, options);

    public static void WriteOptions(ArtifactWriter writer, HybridOptions options)
    {
        writer.BeginSection(RecommenderMethods.Hybrid);
        writer.Write(options.ContentWeight);
        writer.Write(options.CollaborativeWeight);
        writer.Write(options.ConsensusBonus);
        writer.Write(options.CandidateMultiplier);
        writer.EndSection();
    }

    public static HybridOptions ReadOptions(ArtifactReader reader)
    {
        reader.BeginSection(RecommenderMethods.Hybrid);
        var options = new HybridOptions
        {
            ContentWeight = reader.ReadDouble(),
            CollaborativeWeight = reader.ReadDouble(),
            ConsensusBonus = reader.ReadDouble(),
            CandidateMultiplier = reader.ReadInt32(),
        };
        reader.EndSection();
        return options;
    }
}

public sealed class HybridOptions
{
    public double ContentWeight { get; set; } = 0.65;
    public double CollaborativeWeight { get; set; } = 0.35;
    /// <summary>Added to the fused score of a product both parts recommend.</summary>
    public double ConsensusBonus { get; set; } = 0.1;
    /// <summary>Each part contributes this many times the requested count as candidates.</summary>
    public int CandidateMultiplier { get; set; } = 2;
}
