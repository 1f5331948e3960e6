namespace Teddy.SampleData;

/// <summary>One simulated event of the visitor being generated, kept only until it is written.</summary>
internal struct ShopperEvent
{
    public UserEventKind Kind;

    /// <summary>Session number within the visitor, from 0; the clock spaces sessions apart.</summary>
    public int Session;

    /// <summary>Product index for views and add-to-cart, else -1.</summary>
    public int Product;

    public int Quantity;

    /// <summary>Category index for category-page-view, else -1.</summary>
    public int Category;

    public string? SearchQuery;

    /// <summary>Purchase lines are [PurchaseFirst, PurchaseFirst + PurchaseCount) of the simulator's line list.</summary>
    public int PurchaseFirst;
    public int PurchaseCount;
    public long RevenueCents;

    /// <summary>Seconds after the start of the period; set by <see cref="EventClock"/>.</summary>
    public long Seconds;
}
