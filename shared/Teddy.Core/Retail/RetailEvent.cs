namespace Teddy.Retail;

/// <summary>One line of a Google Cloud Retail API <c>UserEvent</c> NDJSON file, as parsed.</summary>
public sealed class RetailEvent
{
    /// <summary>The API's event type, e.g. "detail-page-view" (see <see cref="RetailEventTypes"/>).</summary>
    public required string EventType { get; init; }
    /// <summary>visitorId (cookie/device); null when the event has only a user id.</summary>
    public string? VisitorId { get; init; }

    /// <summary>userInfo.userId: the signed-in shopper, when known; null otherwise (never blank).</summary>
    public string? UserId { get; init; }
    public required DateTimeOffset EventTime { get; init; }

    /// <summary>Products the event is about. When read against a catalog, only products in the catalog remain.</summary>
    public IReadOnlyList<RetailProductDetail> ProductDetails { get; init; } = [];
    public RetailPurchaseTransaction? PurchaseTransaction { get; init; }

    /// <summary>
    /// Who the interaction belongs to: the signed-in user when known, else the visitor (cookie/device).
    /// A user id joins one shopper's visits across devices and sessions, so it is the better key;
    /// anonymous traffic still counts through its visitor id.
    /// </summary>
    /// <exception cref="InvalidOperationException">The event has neither (the readers never produce such an event).</exception>
    public string UserKey => UserId ?? VisitorId ?? throw new InvalidOperationException("The event has neither a user id nor a visitor id.");
}

/// <summary>productDetails[]: product.id and quantity (1 when absent or not a positive integer).</summary>
public readonly record struct RetailProductDetail(string ProductId, int Quantity);

/// <summary>purchaseTransaction: revenue (null when absent or unparseable) and its currency.</summary>
public sealed record RetailPurchaseTransaction(double? Revenue, string? CurrencyCode);
