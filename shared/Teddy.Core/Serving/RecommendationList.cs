using Teddy.Learning;
using Teddy.Recommenders;

namespace Teddy.Serving;

/// <summary>A recommended product with what the API shows of it.</summary>
public sealed record RecommendedProduct(
    int Index,
    string ProductId,
    string Title,
    string Brand,
    double? Price,
    double DiscountPercent,
    string? ImageUrl,
    double Score,
    string RecommendationType,
    IReadOnlyList<string> Sources)
{
    /// <summary>The hybrid's fused score (content and collaborative, min-max normalised and weighted, plus the consensus bonus) before the shop rules; null when the hybrid did not make the item.</summary>
    public double? HybridScore { get; init; }
    /// <summary>Why the shopper sees it, in one short sentence derived from what scored it (see <see cref="Explanations"/>).</summary>
    public string Reason { get; init; } = "";
    /// <summary>The brand's click-through category: <c>high_ctr</c>, <c>medium_ctr</c>, <c>low_ctr</c> or <c>insufficient_data</c>.</summary>
    public string BrandCtrCategory { get; init; } = "insufficient_data";
}

/// <summary>A list as served: the items, which method produced it, and which model version.</summary>
/// <param name="UserKnown">Whether the model was trained on this user's events (recent events do not make a user known).</param>
public sealed record RecommendationList(
    string UserId,
    bool UserKnown,
    string Method,
    string ModelType,
    string ModelVersion,
    IReadOnlyList<RecommendedProduct> Items)
{
    /// <summary>How many of the user's events since the model was trained shaped the list (0 when none did).</summary>
    public int RecentEvents { get; init; }
    /// <summary>The part weights a hybrid list fused with (content + collaborative = 1); null for other lists.</summary>
    public HybridWeights? Weights { get; init; }
    /// <summary>True when <see cref="Weights"/> were drawn by the adaptive weights (Thompson sampling); false when fixed.</summary>
    public bool DynamicWeights { get; init; }
    /// <summary>Why the list used these weights, in plain words.</summary>
    public string OptimizationReason { get; init; } = "";
    /// <summary>The method asked for (the request's, else the promoted model's); <see cref="Method"/> is the one that made the list.</summary>
    public string RequestedMethod { get; init; } = "";
    /// <summary>
    /// Null when the requested method made every item; else why popular products made the list (<see cref="Method"/> is then
    /// <c>popular</c>) or filled some of its places (those items' type is <c>popular</c>), in plain words.
    /// </summary>
    public string? FallbackReason { get; init; }
}

/// <summary>A similar-items list as served: the items, the method that made it, the one asked for, and why they differ.</summary>
/// <param name="Method"><c>similar</c> (the default blend), the method asked for, or <c>popular</c> when that had no products like
/// the anchor and popular products of its category made the list.</param>
/// <param name="RequestedMethod">The <c>method</c> asked for, or <c>similar</c> for the default blend.</param>
/// <param name="FallbackReason">Null when the requested method made every item; else why popular products made or filled the list.</param>
public sealed record SimilarList(IReadOnlyList<RecommendedProduct> Items, string Method, string RequestedMethod, string? FallbackReason);

/// <summary>The names of the models behind an item (<c>sources</c> in responses and impressions) and back.</summary>
public static class SourceNames
{
    private static readonly (RecommendationSources Flag, string Name)[] Names =
    [
        (RecommendationSources.Content, RecommenderMethods.Content),
        (RecommendationSources.Collaborative, RecommenderMethods.Collaborative),
        (RecommendationSources.ItemKnn, RecommenderMethods.ItemKnn),
        (RecommendationSources.Ease, RecommenderMethods.Ease),
        (RecommendationSources.Popular, RecommenderMethods.Popular),
    ];

    /// <summary>The flags back from source names (unknown names add nothing): the inverse of <see cref="Of"/>.</summary>
    public static RecommendationSources Flags(IEnumerable<string> names)
    {
        var sources = RecommendationSources.None;
        foreach (string name in names)
            foreach (var (flag, known) in Names)
                if (name == known) sources |= flag;
        return sources;
    }

    public static IReadOnlyList<string> Of(RecommendationSources sources)
    {
        var names = new List<string>(2);
        foreach (var (flag, name) in Names)
            if (sources.HasFlag(flag)) names.Add(name);
        return names;
    }
}
