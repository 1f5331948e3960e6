namespace Teddy.Retail;

/// <summary>
/// Google's user event types this service recognises: the Retail API's (v2) and the older Recommendations AI's
/// (v1beta1), which real feeds still send. Every one is a known type with a weight setting (see
/// <c>EventWeights</c>); only a type outside this list and without a configured weight is unknown.
/// </summary>
public static class RetailEventTypes
{
    // Retail API v2.
    public const string AddToCart = "add-to-cart";
    public const string CategoryPageView = "category-page-view";
    public const string DetailPageView = "detail-page-view";
    public const string HomePageView = "home-page-view";
    public const string PromotionOffered = "promotion-offered";
    public const string PromotionNotOffered = "promotion-not-offered";
    public const string PurchaseComplete = "purchase-complete";
    public const string Search = "search";
    public const string ShoppingCartPageView = "shopping-cart-page-view";

    // Recommendations AI (v1beta1).
    public const string AddToList = "add-to-list";
    public const string CheckoutStart = "checkout-start";
    public const string PageVisit = "page-visit";
    public const string Refund = "refund";
    public const string RemoveFromCart = "remove-from-cart";
    public const string RemoveFromList = "remove-from-list";
    /// <summary>Products shown in a list (Recommendations AI, sent by Google Tag Manager).</summary>
    public const string Impression = "impression";

    public static IReadOnlyList<string> All { get; } =
    [
        AddToCart, CategoryPageView, DetailPageView, HomePageView, PromotionOffered, PromotionNotOffered, PurchaseComplete, Search,
        ShoppingCartPageView, AddToList, CheckoutStart, PageVisit, Refund, RemoveFromCart, RemoveFromList, Impression,
    ];

    /// <summary>
    /// Types that are meaningless without a product (the APIs require productDetails for them); such an event
    /// without productDetails is skipped as missing_product.
    /// </summary>
    public static bool RequiresProducts(string eventType) =>
        eventType is DetailPageView or AddToCart or PurchaseComplete or AddToList or RemoveFromList or RemoveFromCart
            or CheckoutStart or Refund;
}
