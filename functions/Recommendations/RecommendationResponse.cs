using System.Text.Json.Serialization;
using Teddy.Catalog;
using Teddy.Learning;
using Teddy.Serving;

namespace Teddy.Functions.Recommendations;

/// <summary>The JSON web clients of this system know: snake_case fields as documented in the README.</summary>
/// <param name="KnownUser">Whether the serving model was trained on this shopper's events.</param>
/// <param name="RecentEvents">How many of the shopper's events since the model was trained shaped the list.</param>
/// <param name="AttributionToken">Unique per response: send it with clicks and events on this list's items.</param>
public sealed record RecommendationResponse(
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("recommendations")] IReadOnlyList<RecommendedItem> Recommendations,
    [property: JsonPropertyName("model_type")] string ModelType,
    [property: JsonPropertyName("model_version")] string ModelVersion,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("known_user")] bool KnownUser,
    [property: JsonPropertyName("recent_events")] int RecentEvents,
    [property: JsonPropertyName("attribution_token")] string AttributionToken)
{
    /// <summary>The content part's weight in this hybrid list (content_weight_used + cf_weight_used = 1); null for other lists.</summary>
    [JsonPropertyName("content_weight_used")] public double? ContentWeightUsed { get; init; }
    /// <summary>The collaborative part's weight in this hybrid list; null for other lists.</summary>
    [JsonPropertyName("cf_weight_used")] public double? CfWeightUsed { get; init; }
    /// <summary><c>active</c> when the weights were drawn by the adaptive weights (Thompson sampling), else <c>off</c>.</summary>
    [JsonPropertyName("dynamic_weights")] public string DynamicWeights { get; init; } = "off";
    /// <summary>Why the list used these weights, in plain words.</summary>
    [JsonPropertyName("optimization_reason")] public string OptimizationReason { get; init; } = "";
    /// <summary>The method asked for (<c>method</c>, else the promoted model's); <see cref="Method"/> is the one that made the list.</summary>
    [JsonPropertyName("requested_method")] public string RequestedMethod { get; init; } = "";
    /// <summary>Null when the requested method made every item; else why popular products made the list or filled some places.</summary>
    [JsonPropertyName("fallback_reason")] public string? FallbackReason { get; init; }

    public static RecommendationResponse From(RecommendationList list, string attributionToken, ServingModel model) => new(
        list.UserId, RecommendedItem.ListOf(list.Items, model), list.ModelType, list.ModelVersion, list.Method, list.UserKnown, list.RecentEvents,
        attributionToken)
    {
        ContentWeightUsed = list.Weights is { } w ? Math.Round(w.Content, 4) : null,
        CfWeightUsed = list.Weights is { } v ? Math.Round(v.Collaborative, 4) : null,
        DynamicWeights = list.DynamicWeights ? "active" : "off",
        OptimizationReason = list.OptimizationReason,
        RequestedMethod = list.RequestedMethod,
        FallbackReason = list.FallbackReason,
    };
}

/// <param name="Position">1-based rank in the list (what a click reports as its position).</param>
public sealed record RecommendedItem(
    [property: JsonPropertyName("product_id")] string ProductId,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("brand")] string Brand,
    [property: JsonPropertyName("price")] double? Price,
    [property: JsonPropertyName("discount_percent")] double DiscountPercent,
    [property: JsonPropertyName("image_url")] string? ImageUrl,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("recommendation_type")] string RecommendationType,
    [property: JsonPropertyName("sources")] IReadOnlyList<string> Sources,
    [property: JsonPropertyName("position")] int Position)
{
    /// <summary>The hybrid's fused score before the shop rules; null when the hybrid did not make the item.</summary>
    [JsonPropertyName("hybrid_score")] public double? HybridScore { get; init; }
    /// <summary>The brand's click-through category: high_ctr, medium_ctr, low_ctr or insufficient_data.</summary>
    [JsonPropertyName("ctr_brand_performance")] public string CtrBrandPerformance { get; init; } = "insufficient_data";
    /// <summary>Why the shopper sees it, in one short sentence.</summary>
    [JsonPropertyName("reason")] public string Reason { get; init; } = "";
    /// <summary>The price before the discount; null when the feed gives none (then there is no struck-through price to show).</summary>
    [JsonPropertyName("original_price")] public double? OriginalPrice { get; init; }
    /// <summary>The product's category path ("Toys &gt; Puzzles"); "" when it has none.</summary>
    [JsonPropertyName("category")] public string Category { get; init; } = "";
    /// <summary>The product's age groups as the feed names them (Retail API: newborn, infant, toddler, kids, adult); empty when none.</summary>
    [JsonPropertyName("age_groups")] public IReadOnlyList<string> AgeGroups { get; init; } = [];
    /// <summary>The product's colours as the feed names them, main colour first; empty when none.</summary>
    [JsonPropertyName("colors")] public IReadOnlyList<string> Colors { get; init; } = [];
    /// <summary>The brand's click-through as serving learned it (the smoothed rate behind <see cref="CtrBrandPerformance"/>); null when the brand was never shown.</summary>
    [JsonPropertyName("brand_ctr")] public BrandCtrJson? BrandCtr { get; init; }

    /// <param name="catalog">The serving model's catalog the item's <see cref="RecommendedProduct.Index"/> indexes.</param>
    /// <param name="brands">What serving learned of brands (<see cref="LearningSnapshot.Brands"/>); null without learning.</param>
    public static RecommendedItem From(RecommendedProduct p, int position, ModelCatalog catalog, IReadOnlyDictionary<string, BrandCtr>? brands = null)
    {
        int index = p.Index;
        bool known = index >= 0 && index < catalog.Count;
        return new(p.ProductId, p.Title, p.Brand, p.Price, p.DiscountPercent, p.ImageUrl, p.Score, p.RecommendationType, p.Sources, position)
        {
            HybridScore = p.HybridScore,
            CtrBrandPerformance = p.BrandCtrCategory,
            Reason = p.Reason,
            OriginalPrice = known && !float.IsNaN(catalog.OriginalPrice[index]) ? Math.Round(catalog.OriginalPrice[index], 2) : null,
            Category = known ? catalog.CategoryPath(index) : "",
            AgeGroups = known ? catalog.AgeGroupsOf(index).ToArray() : [],
            Colors = known ? ColorsOf(catalog, index) : [],
            BrandCtr = p.Brand.Length > 0 && brands is not null && brands.TryGetValue(p.Brand, out var ctr)
                ? new BrandCtrJson(ctr.Impressions, ctr.Clicks, Math.Round(ctr.SmoothedCtr, 6)) : null,
        };
    }

    /// <summary>The list's items with their 1-based positions and the catalog's facts the page shows on a card.</summary>
    public static RecommendedItem[] ListOf(IReadOnlyList<RecommendedProduct> items, ServingModel model)
    {
        var catalog = model.Model.Catalog;
        var brands = model.Learning?.Snapshot.Brands;
        var result = new RecommendedItem[items.Count];
        for (int i = 0; i < result.Length; i++) result[i] = From(items[i], i + 1, catalog, brands);
        return result;
    }

    private static string[] ColorsOf(ModelCatalog catalog, int product)
    {
        var ids = catalog.Colors(product);
        var names = new string[ids.Length];
        for (int i = 0; i < names.Length; i++) names[i] = catalog.ColorNames[ids[i]];
        return names;
    }
}

/// <summary>A brand's click-through as serving uses it: item impressions, counted clicks and the smoothed rate.</summary>
public sealed record BrandCtrJson(
    [property: JsonPropertyName("impressions")] long Impressions,
    [property: JsonPropertyName("clicks")] long Clicks,
    [property: JsonPropertyName("smoothed_ctr")] double SmoothedCtr);
