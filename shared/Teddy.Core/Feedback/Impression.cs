using Teddy.Recommenders;

namespace Teddy.Feedback;

/// <summary>
/// One served list, as recorded for click-through analytics and learning: who saw it, which method and
/// model version made it, the hybrid weights actually used (null for lists the hybrid did not make), and per
/// item what was shown where and why. Written off the request path (see the impression log).
/// </summary>
/// <param name="ListKind"><see cref="ListKinds.Recommendations"/> or <see cref="ListKinds.Similar"/>.</param>
/// <param name="AnchorProductId">The product a similar-items list is for; null for recommendations.</param>
/// <param name="Method">The method that produced the list (<c>recommendation_type</c> of its model items).</param>
/// <param name="DynamicWeights">Whether the weights came from the click-driven bandit (true) or are the trained ones.</param>
public sealed record Impression(
    string AttributionToken,
    string UserId,
    string ListKind,
    string? AnchorProductId,
    string Method,
    string ModelVersion,
    double? ContentWeight,
    double? CollaborativeWeight,
    bool DynamicWeights,
    DateTimeOffset ServedAt,
    IReadOnlyList<ImpressionItem> Items);

/// <summary>
/// One shown product with the attributes analytics group by, captured when it was served (so analytics
/// need no catalog lookups and stay right after the catalog changes).
/// </summary>
/// <param name="Position">1-based rank in the list.</param>
/// <param name="Sources">The models behind it (a hybrid item may have both content and collaborative).</param>
/// <param name="Category">Top-level category segment, or null.</param>
/// <param name="AgeGroup">First age group, or null.</param>
/// <param name="Color">Main colour (lower case), or null.</param>
/// <param name="DiscountTier">0 no discount, 1 under 10%, 2 10–25%, 3 25% and more (<see cref="DiscountTiers"/>).</param>
public sealed record ImpressionItem(
    string ProductId,
    int Position,
    RecommendationSources Sources,
    string Brand,
    string? Category,
    string? AgeGroup,
    string? Color,
    int DiscountTier);

public static class ListKinds
{
    public const string Recommendations = "recommendations";
    public const string Similar = "similar";
}

/// <summary>The discount tiers of the shop rules' discount boost, as analytics report them.</summary>
public static class DiscountTiers
{
    public static int Of(double discountPercent) => discountPercent <= 0 ? 0 : discountPercent < 10 ? 1 : discountPercent < 25 ? 2 : 3;

    public static string Name(int tier) => tier switch { 0 => "none", 1 => "under_10", 2 => "10_to_25", _ => "25_plus" };
}
