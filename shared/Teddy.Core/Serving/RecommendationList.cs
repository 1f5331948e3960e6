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
    IReadOnlyList<string> Sources);

/// <summary>A list as served: the items, which method produced it, and which model version.</summary>
public sealed record RecommendationList(
    string UserId,
    bool UserKnown,
    string Method,
    string ModelType,
    string ModelVersion,
    IReadOnlyList<RecommendedProduct> Items);

public static class SourceNames
{
    public static IReadOnlyList<string> Of(RecommendationSources sources)
    {
        var names = new List<string>(2);
        if (sources.HasFlag(RecommendationSources.Content)) names.Add(RecommenderMethods.Content);
        if (sources.HasFlag(RecommendationSources.Collaborative)) names.Add(RecommenderMethods.Collaborative);
        if (sources.HasFlag(RecommendationSources.ItemKnn)) names.Add(RecommenderMethods.ItemKnn);
        if (sources.HasFlag(RecommendationSources.Ease)) names.Add(RecommenderMethods.Ease);
        if (sources.HasFlag(RecommendationSources.Popular)) names.Add(RecommenderMethods.Popular);
        return names;
    }
}
