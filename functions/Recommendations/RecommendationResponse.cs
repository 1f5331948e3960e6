using System.Text.Json.Serialization;
using Teddy.Serving;

namespace Teddy.Functions.Recommendations;

/// <summary>The JSON web clients of this system know: snake_case fields as documented in the README.</summary>
public sealed record RecommendationResponse(
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("recommendations")] IReadOnlyList<RecommendedItem> Recommendations,
    [property: JsonPropertyName("model_type")] string ModelType,
    [property: JsonPropertyName("model_version")] string ModelVersion,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("known_user")] bool KnownUser)
{
    public static RecommendationResponse From(RecommendationList list) => new(
        list.UserId, list.Items.Select(RecommendedItem.From).ToArray(), list.ModelType, list.ModelVersion, list.Method, list.UserKnown);
}

public sealed record RecommendedItem(
    [property: JsonPropertyName("product_id")] string ProductId,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("brand")] string Brand,
    [property: JsonPropertyName("price")] double? Price,
    [property: JsonPropertyName("discount_percent")] double DiscountPercent,
    [property: JsonPropertyName("image_url")] string? ImageUrl,
    [property: JsonPropertyName("score")] double Score,
    [property: JsonPropertyName("recommendation_type")] string RecommendationType,
    [property: JsonPropertyName("sources")] IReadOnlyList<string> Sources)
{
    public static RecommendedItem From(RecommendedProduct p) =>
        new(p.ProductId, p.Title, p.Brand, p.Price, p.DiscountPercent, p.ImageUrl, p.Score, p.RecommendationType, p.Sources);
}
