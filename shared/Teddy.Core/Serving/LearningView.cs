using System.Globalization;
using Teddy.Learning;
using Teddy.Recommenders;

namespace Teddy.Serving;

/// <summary>
/// What one <see cref="LearningSnapshot"/> means for one serving model: the hybrid's Thompson-sampling beliefs (the
/// model's trained weights as the prior, the snapshot's decayed part evidence observed), each catalog brand's
/// click-through category and ranking factor, and the plain-words reason hybrid lists report. Built when the snapshot
/// or the model changes (about once a minute), never per request; immutable, so requests share it without locks.
/// </summary>
public sealed class LearningView
{
    private static readonly CultureInfo Culture = CultureInfo.InvariantCulture;

    public LearningSnapshot Snapshot { get; }
    /// <summary>The beliefs requests sample from; null when adaptive weights are off or the model has no two-part hybrid.</summary>
    public ThompsonWeights? Bandit { get; }
    /// <summary>The weights a hybrid list uses when <see cref="Bandit"/> is null (the trained ones, summing to 1).</summary>
    public HybridWeights Fixed { get; }
    public LearnedBrands Brands { get; }
    /// <summary>Why hybrid lists use the weights they use, in plain words (<c>optimization_reason</c>).</summary>
    public string HybridReason { get; }

    private LearningView(LearningSnapshot snapshot, ThompsonWeights? bandit, HybridWeights fixedWeights, LearnedBrands brands, string reason)
    {
        Snapshot = snapshot;
        Bandit = bandit;
        Fixed = fixedWeights;
        Brands = brands;
        HybridReason = reason;
    }

    /// <param name="start">The beliefs before any evidence (<see cref="ThompsonWeights.Start"/> from the trained weights), or null when adaptive weights are off or there is no hybrid.</param>
    /// <param name="trained">The hybrid's trained weights (any positive pair; normalised here).</param>
    public static LearningView Build(LearningSnapshot snapshot, ThompsonWeights? start, HybridWeights trained, IReadOnlyList<string> brandNames,
        BrandLearningOptions brands)
    {
        double total = trained.Content + trained.Collaborative;
        var fixedWeights = total > 0 ? new HybridWeights(trained.Content / total, trained.Collaborative / total) : new HybridWeights(0.5, 0.5);
        var bandit = start?.Observe(snapshot.Content, snapshot.Collaborative);
        return new LearningView(snapshot, bandit, fixedWeights, LearnedBrands.From(snapshot, brandNames, brands.BrandBoost),
            Reason(bandit, fixedWeights));
    }

    /// <summary>One hybrid request's weights: a Thompson draw, or the fixed weights when adaptive weights are off.</summary>
    public HybridWeights Weights(Random random) => Bandit?.Sample(random) ?? Fixed;

    private static string Reason(ThompsonWeights? bandit, HybridWeights fixedWeights)
    {
        if (bandit is null)
            return string.Format(Culture, "Adaptive weights are off: the trained weights are used (content {0:0.00}, collaborative {1:0.00}).",
                fixedWeights.Content, fixedWeights.Collaborative);
        var content = bandit.Content;
        var collaborative = bandit.Collaborative;
        double impressions = content.Impressions + collaborative.Impressions;
        if (content.Clicks + collaborative.Clicks < 1)
            return string.Format(Culture, "No clicks on hybrid lists yet: starting from the trained weights (content {0:0.00}, collaborative {1:0.00}).",
                bandit.Trained.Content, bandit.Trained.Collaborative);

        double lead = bandit.ContentLeadProbability();
        bool leansContent = lead >= 0.5;
        string leaning = string.Format(Culture, "leaning to {0} (it leads {1:0%} of lists)", leansContent ? "content" : "collaborative",
            leansContent ? lead : 1 - lead);
        string window = impressions.ToString("N0", Culture);
        double? contentCtr = content.Ctr, collaborativeCtr = collaborative.Ctr;
        string comparison;
        bool? contentClickedMore; // null: about as often
        if (contentCtr is not > 0 || collaborativeCtr is not > 0)
        {
            contentClickedMore = contentCtr is > 0;
            comparison = string.Format(Culture, "Only {0} picks have been clicked over the last {1} impressions",
                contentClickedMore.Value ? "content" : "collaborative", window);
        }
        else
        {
            double ratio = contentCtr.Value / collaborativeCtr.Value;
            contentClickedMore = ratio >= 1.05 ? true : ratio <= 1 / 1.05 ? false : null;
            comparison = contentClickedMore is { } more
                ? string.Format(Culture, "{0} picks are clicked {1:0.0#}× as often as {2} ones over the last {3} impressions",
                    more ? "Content" : "Collaborative", more ? ratio : 1 / ratio, more ? "collaborative" : "content", window)
                : string.Format(Culture, "Content and collaborative picks are clicked about as often over the last {0} impressions", window);
        }
        // Early on the prior (the trained weights) can outweigh evidence pointing the other way: say so.
        string prior = contentClickedMore is { } clicked && clicked != leansContent ? ", as the trained weights still outweigh the evidence" : "";
        return $"{comparison}: {leaning}{prior}.";
    }
}
