using Teddy.Artifacts;
using Teddy.Learning;

namespace Teddy.Recommenders;

/// <summary>
/// The hybrid: candidates from the content model and one collaborative model (<see cref="HybridOptions.CollaborativePart"/>:
/// SVD, item-kNN or EASE), <see cref="HybridOptions.CandidateMultiplier"/> × the requested count each, scores min-max
/// normalised per list, fused with the trained weights (<see cref="HybridOptions.ContentWeight"/>,
/// <see cref="HybridOptions.CollaborativeWeight"/>), plus a consensus bonus for products both lists return. A part
/// weighted 0 is not asked. When one part fails, knows nothing about the user, or was not trained (the data could not
/// support it: null), the hybrid is the other part alone; when both do, it returns nothing and the caller falls back
/// to popularity. Each product's <see cref="ScoredProduct.Sources"/> says which parts contributed.
/// A request may fuse with other weights than the trained ones (the adaptive weights, <see cref="ThompsonWeights"/>).
/// </summary>
public sealed class HybridRecommender : IRecommender
{
    private readonly IRecommender? _content, _collaborative;
    private readonly HybridOptions _options;
    private readonly Action<string, Exception>? _onPartFailure;

    /// <param name="content">The content part, or null.</param>
    /// <param name="collaborative">The collaborative part <see cref="HybridOptions.CollaborativePart"/> names, or null.</param>
    public HybridRecommender(IRecommender? content, IRecommender? collaborative, HybridOptions options, Action<string, Exception>? onPartFailure = null)
    {
        // A part weighted 0 contributes nothing: it is left out (not asked, no consensus bonus, not a reason to know a user).
        _content = options.ContentWeight > 0 ? content : null;
        _collaborative = options.CollaborativeWeight > 0 ? collaborative : null;
        _options = options;
        _onPartFailure = onPartFailure;
    }

    public string Method => RecommenderMethods.Hybrid;
    public HybridOptions Options => _options;

    public bool Knows(in UserHistory user) => _content?.Knows(user) == true || _collaborative?.Knows(user) == true;

    /// <summary>The weights the model was trained with (<see cref="HybridOptions"/>).</summary>
    public HybridWeights TrainedWeights => new(_options.ContentWeight, _options.CollaborativeWeight);

    /// <summary>The part recommenders the hybrid asks (null when not trained or weighted 0), for explanations and the bandit.</summary>
    public IRecommender? Content => _content;
    public IRecommender? Collaborative => _collaborative;

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
        int candidates = PartCount(count, _options);
        // The parts are independent scans of the catalog. Side by side they halve a lone request's latency, but only a
        // free core makes that so: under load every core is already serving a request, and a request that hands a part
        // to the thread pool then blocks waiting for it (costing a pool thread, a hand-off and, when the part was taken
        // by a thread that is not running, the wait). So the parts run side by side only while at most half the cores are
        // busy with hybrid requests, else one after the other on the request's own thread.
        bool alone = Interlocked.Increment(ref s_inFlight) * 2 <= Environment.ProcessorCount;
        try
        {
            if (!alone) return (PartFor(_content, user, candidates, filter), PartFor(_collaborative, user, candidates, filter));
            var person = user;
            ScoredProduct[] fromContent = [], fromCollaborative = [];
            Parallel.Invoke(ParallelWork.Options(), () => fromContent = PartFor(_content, person, candidates, filter),
                () => fromCollaborative = PartFor(_collaborative, person, candidates, filter));
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
        return ScoreFusion.Fuse(fromContent, weights.Content, fromCollaborative, weights.Collaborative, _options.ConsensusBonus, count);
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
            _onPartFailure?.Invoke(part.Method, e); // as Part: a broken part must not take the hybrid down
            return [];
        }
    }

    public ScoredProduct[] Similar(int product, int count, ProductFilter filter)
    {
        int candidates = PartCount(count, _options);
        return Fuse(
            Part(_content, part => part.Similar(product, candidates, filter)),
            Part(_collaborative, part => part.Similar(product, candidates, filter)),
            _options, count);
    }

    /// <summary>The parts' reasons when every part asked has none (a part weighted 0 is not asked); null when one has neighbours.</summary>
    public string? WhyNoNeighbours(int product)
    {
        var parts = new[] { _content, _collaborative }.OfType<IRecommender>().ToArray();
        var reasons = parts.Select(p => p.WhyNoNeighbours(product)).ToArray();
        return parts.Length > 0 && reasons.All(r => r is not null) ? string.Join("; ", reasons) : null;
    }

    /// <summary>How many candidates each part is asked for, for a hybrid list of <paramref name="count"/>.</summary>
    public static int PartCount(int count, HybridOptions options) => Math.Max(count, count * options.CandidateMultiplier);

    /// <summary>
    /// The hybrid's fusion of its parts' lists (each of <see cref="PartCount"/> candidates; empty for a part that is
    /// left out or knows nothing about the user). The weight search replays stored part lists through this.
    /// </summary>
    public static ScoredProduct[] Fuse(ScoredProduct[] fromContent, ScoredProduct[] fromCollaborative, HybridOptions options, int count) =>
        ScoreFusion.Fuse(options.ContentWeight > 0 ? fromContent : [], options.ContentWeight,
            options.CollaborativeWeight > 0 ? fromCollaborative : [], options.CollaborativeWeight, options.ConsensusBonus, count);

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
            _onPartFailure?.Invoke(part.Method, e);
            return [];
        }
    }

    /// <summary>The hybrid has no state of its own: its parts are written by themselves, its trained weights here.</summary>
    public void Write(ArtifactWriter writer) => WriteOptions(writer, _options);

    public static void WriteOptions(ArtifactWriter writer, HybridOptions options)
    {
        writer.BeginSection(RecommenderMethods.Hybrid);
        writer.Write(options.ContentWeight);
        writer.Write(options.CollaborativeWeight);
        writer.Write(options.ConsensusBonus);
        writer.Write(options.CandidateMultiplier);
        writer.Write(options.CollaborativePart); // added with the weight search (issue 8): a section written before ends above
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
        options.CollaborativePart = reader.InSectionHasMore ? reader.ReadString() : RecommenderMethods.Collaborative;
        reader.EndSection();
        return options;
    }
}
