namespace Teddy.SampleData;

/// <summary>The Retail API event types the demo shop produces.</summary>
internal enum UserEventKind
{
    DetailPageView,
    AddToCart,
    PurchaseComplete,
    HomePageView,
    Search,
    CategoryPageView,
}

internal static class UserEventKinds
{
    public const int Count = 6;

    public static string ApiName(this UserEventKind kind) => kind switch
    {
        UserEventKind.DetailPageView => "detail-page-view",
        UserEventKind.AddToCart => "add-to-cart",
        UserEventKind.PurchaseComplete => "purchase-complete",
        UserEventKind.HomePageView => "home-page-view",
        UserEventKind.Search => "search",
        _ => "category-page-view",
    };
}
