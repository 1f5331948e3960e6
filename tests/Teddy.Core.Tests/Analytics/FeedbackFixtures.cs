using System.Globalization;
using Teddy.Analytics;
using Teddy.Feedback;
using Teddy.Recommenders;

namespace Teddy.Core.Tests.Analytics;

/// <summary>Deterministic tokens, impressions and clicks for the click-through tests.</summary>
public static class FeedbackFixtures
{
    public static readonly DateTime Hour10 = new(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc);

    /// <summary>A valid token served in <paramref name="hour"/> (shard 00), distinct per <paramref name="n"/>.</summary>
    public static string Token(DateTime hour, int n, int shard = 0) =>
        hour.ToString("yyyyMMddHH", CultureInfo.InvariantCulture) + shard.ToString("D2", CultureInfo.InvariantCulture) + n.ToString("x32", CultureInfo.InvariantCulture);

    public static ImpressionItem Item(string product, int position, RecommendationSources sources, string brand,
        string? category = null, string? age = null, string? color = null, int tier = 0) =>
        new(product, position, sources, brand, category, age, color, tier);

    public static ClickRecord Click(string id, string? token, string product, DateTime received, int position = 0, string? type = null, bool? known = null) =>
        new(id, token, product, position, type, new DateTimeOffset(received), known);

    public const RecommendationSources Content = RecommendationSources.Content;
    public const RecommendationSources Collaborative = RecommendationSources.Collaborative;
}
