namespace Teddy.Retail;

/// <summary>The Retail API's event types this service understands.</summary>
public static class RetailEventTypes
{
    public const string AddToCart = "add-to-cart";
    public const string CategoryPageView = "category-page-view";
    public const string DetailPageView = "detail-page-view";
    public const string HomePageView = "home-page-view";
    public const string PurchaseComplete = "purchase-complete";
    public const string Search = "search";
    public const string ShoppingCartPageView = "shopping-cart-page-view";

    public static IReadOnlyList<string> All { get; } =
        [AddToCart, CategoryPageView, DetailPageView, HomePageView, PurchaseComplete, Search, ShoppingCartPageView];

    /// <summary>Types that are meaningless without a product; such an event without productDetails is skipped.</summary>
    public static bool RequiresProducts(string eventType) =>
        eventType is DetailPageView or AddToCart or PurchaseComplete;
}
