namespace Teddy.SampleData;

/// <summary>What one generation run wrote, for logging and sanity checks.</summary>
public sealed record SampleShopSummary
{
    public required int Products { get; init; }
    public required int Brands { get; init; }
    public required int Categories { get; init; }
    public required int Visitors { get; init; }

    /// <summary>Visitors whose events carry <c>userInfo.userId</c>.</summary>
    public required int LoggedInVisitors { get; init; }

    public required long Events { get; init; }
    public required long DetailPageViews { get; init; }
    public required long AddToCarts { get; init; }
    public required long PurchaseCompletes { get; init; }
    public required long HomePageViews { get; init; }
    public required long Searches { get; init; }
    public required long CategoryPageViews { get; init; }

    public required long CatalogBytes { get; init; }
    public required long EventBytes { get; init; }

    public required DateTimeOffset FirstEventTime { get; init; }
    public required DateTimeOffset LastEventTime { get; init; }
}
