using System.Runtime.CompilerServices;
using Teddy.Catalog;
using Teddy.Feedback;
using Teddy.Recommenders;

namespace Teddy.Serving;

/// <summary>
/// The <see cref="Impression"/> of a list as served: who saw it, the method and model version, the hybrid weights the
/// list was made with, and per item its product, 1-based position, sources and the attributes analytics group by
/// (brand, top-level category, first age group, main colour, discount tier), captured now so analytics never need
/// the catalog. Per-catalog labels are computed once per model version; an impression costs a few small objects.
/// </summary>
public static class ServedImpressions
{
    private static readonly ConditionalWeakTable<ModelCatalog, Labels> LabelsByCatalog = new();

    /// <summary>The impression of a recommendations list (<see cref="ListKinds.Recommendations"/>).</summary>
    public static Impression ForRecommendations(RecommendationList list, ServingModel model, string attributionToken, DateTimeOffset servedAt)
    {
        // The weights this list was really fused with (drawn per request when adaptive weights are on).
        var (content, collaborative) = list.Weights is { } used ? ((double?)used.Content, (double?)used.Collaborative) : WeightsOf(list.Method, model);
        return new Impression(attributionToken, list.UserId, ListKinds.Recommendations, null, list.Method, model.Version, content, collaborative,
            list.DynamicWeights, servedAt, Items(list.Items, model.Model.Catalog));
    }

    /// <summary>The impression of a similar-items list (<see cref="ListKinds.Similar"/>) for the product <paramref name="anchorProductId"/>.</summary>
    /// <param name="method">The list's method: a recommender's key, or <see cref="RecommenderMethods.Similar"/> for the default blend.</param>
    /// <param name="userId">The shopper when the client named one; empty otherwise.</param>
    public static Impression ForSimilar(IReadOnlyList<RecommendedProduct> items, string anchorProductId, string method, string userId, ServingModel model,
        string attributionToken, DateTimeOffset servedAt)
    {
        var (content, collaborative) = WeightsOf(method, model);
        return new Impression(attributionToken, userId, ListKinds.Similar, anchorProductId, method, model.Version, content, collaborative,
            DynamicWeights: false, servedAt, Items(items, model.Model.Catalog));
    }

    /// <summary>The hybrid's content and collaborative weights for a list the hybrid made; nulls for any other.</summary>
    private static (double?, double?) WeightsOf(string method, ServingModel model) =>
        method == RecommenderMethods.Hybrid && model.Model.Hybrid is { } hybrid ? (hybrid.ContentWeight, hybrid.CollaborativeWeight) : (null, null);

    private static ImpressionItem[] Items(IReadOnlyList<RecommendedProduct> items, ModelCatalog catalog)
    {
        var labels = LabelsByCatalog.GetValue(catalog, c => new Labels(c));
        var result = new ImpressionItem[items.Count];
        for (int i = 0; i < result.Length; i++)
        {
            var item = items[i];
            int p = item.Index;
            result[i] = new ImpressionItem(item.ProductId, i + 1, SourceNames.Flags(item.Sources), item.Brand,
                catalog.Category[p] is var c and >= 0 ? labels.TopCategory[c] : null,
                labels.FirstAgeGroup(catalog.AgeGroups[p]),
                catalog.ColorPointers[p] < catalog.ColorPointers[p + 1] ? labels.Color[catalog.ColorIds[catalog.ColorPointers[p]]] : null,
                DiscountTiers.Of(item.DiscountPercent));
        }
        return result;
    }

    /// <summary>A catalog's labels as analytics name them: top-level category segments, lower-case colours, age group names.</summary>
    private sealed class Labels(ModelCatalog catalog)
    {
        public string[] TopCategory { get; } = catalog.CategoryPaths.Select(path => path.Split('>', 2)[0].Trim()).ToArray();
        public string[] Color { get; } = catalog.ColorNames.Select(name => name.ToLowerInvariant()).ToArray();

        public string? FirstAgeGroup(uint mask) =>
            mask == 0 ? null : System.Numerics.BitOperations.TrailingZeroCount(mask) is var bit && bit < catalog.AgeGroupNames.Length ? catalog.AgeGroupNames[bit] : null;
    }
}
