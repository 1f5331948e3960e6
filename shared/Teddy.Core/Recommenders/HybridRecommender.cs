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
        var (fromContent, fromCollaborative) = Parts(user, count, filter);
        return Fuse(fromContent, fromCollaborative, count, weights, out parts);
    }

    /// <summary>
    /// Each part's candidates for a list of <paramref name="count"/> (<see cref="HybridOptions.CandidateMultiplier"/> × count
    /// each; [] for a part that is not trained, does not know the user, or fails). They depend on the user, the filter and
    /// the count only, not on the weights, so a caller may keep them and fuse again with other weights.
    /// </summary>
    public (ScoredProduct[] Content, ScoredProduct[] Collaborative) Parts(in UserHistory user, int count, ProductFilter filter)
    {
        int candidates = Math.Max(count, count * options.CandidateMultiplier);
        // The parts are independent scans of the catalog. Side by side they halve a lone request's latency, but only a
        // free core makes that so: under load every core is already serving a request, and a request that hands a part
        // to the thread pool then blocks waiting for it (costing a pool thread, a hand-off and, when the part was taken
        // by a thread that is not running, the wait). So the parts run side by side only while at most half the cores are
        // busy with hybrid requests, else one after the other on the request's own thread.
        bool alone = Interlocked.Increment(ref s_inFlight) * 2 <= Environment.ProcessorCount;
        try
        {
            if (!alone) return (PartFor(content, user, candidates, filter), PartFor(collaborative, user, candidates, filter));
            var person = user;
            ScoredProduct[] fromContent = [], fromCollaborative = [];
            Parallel.Invoke(() => fromContent = PartFor(content, person, candidates, filter),
                () => fromCollaborative = PartFor(collaborative, person, candidates, filter));
            return (fromContent, fromCollaborative);
        }
        finally
        {
            Interlocked.Decrement(ref s_inFlight);
        }
    }

    /// <summary>
    /// The list of <paramref name="count"/> from the parts' candidates (<see cref="Parts"/>) fused with
    /// <paramref name="weights"/>; <paramref name="parts"/> says which parts had candidates.
    /// </summary>
    public ScoredProduct[] Fuse(ScoredProduct[] fromContent, ScoredProduct[] fromCollaborative, int count, HybridWeights weights,
        out RecommendationSources parts)
    {
        parts = (fromContent.Length > 0 ? RecommendationSources.Content : RecommendationSources.None)
            | (fromCollaborative.Length > 0 ? RecommendationSources.Collaborative : RecommendationSources.None);
        return ScoreFusion.Fuse(fromContent, weights.Content, fromCollaborative, weights.Collaborative, options.ConsensusBonus, count);
    }

    /// <summary>Hybrid requests being scored now, in this process (all models: they share the cores).</summary>
    private static int s_inFlight;

    /// <summary>One part's candidates for the user; [] when it is not trained, does not know the user, or fails (reported).</summary>
    private ScoredProduct[] PartFor(IRecommender? part, in UserHistory user, int candidates, ProductFilter filter)
    {
        if (part is null) return [];
        try
        {
            return part.Knows(user) ? part.Recommend(user, candidates, filter) : [];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            onPartFailure?.Invoke(part.Method, e); // as Part: a broken part must not take the hybrid down
            return [];
        }
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
