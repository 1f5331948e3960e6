using System.Globalization;
using System.Text.Json;

namespace Teddy.SampleData;

/// <summary>
/// Writes one event as a Retail API <c>UserEvent</c>: eventType, visitorId, eventTime (RFC 3339,
/// UTC, whole seconds), userInfo for logged-in visitors, and the type's own fields. productDetails is
/// the documented array; quantity is written where the API requires it (add-to-cart,
/// purchase-complete) and left out on detail-page-view, where it is optional.
/// </summary>
internal sealed class UserEventJsonWriter(SampleCatalog catalog, DateTime periodStartUtc)
{
    private static readonly JsonEncodedText EventType = JsonEncodedText.Encode("eventType");
    private static readonly JsonEncodedText VisitorId = JsonEncodedText.Encode("visitorId");
    private static readonly JsonEncodedText EventTime = JsonEncodedText.Encode("eventTime");
    private static readonly JsonEncodedText UserInfo = JsonEncodedText.Encode("userInfo");
    private static readonly JsonEncodedText UserId = JsonEncodedText.Encode("userId");
    private static readonly JsonEncodedText ProductDetails = JsonEncodedText.Encode("productDetails");
    private static readonly JsonEncodedText Product = JsonEncodedText.Encode("product");
    private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText Quantity = JsonEncodedText.Encode("quantity");
    private static readonly JsonEncodedText SearchQuery = JsonEncodedText.Encode("searchQuery");
    private static readonly JsonEncodedText PageCategories = JsonEncodedText.Encode("pageCategories");
    private static readonly JsonEncodedText PurchaseTransaction = JsonEncodedText.Encode("purchaseTransaction");
    private static readonly JsonEncodedText Revenue = JsonEncodedText.Encode("revenue");
    private static readonly JsonEncodedText CurrencyCode = JsonEncodedText.Encode("currencyCode");
    private static readonly JsonEncodedText[] EventTypes =
        Enumerable.Range(0, UserEventKinds.Count).Select(k => JsonEncodedText.Encode(((UserEventKind)k).ApiName())).ToArray();

    public void Write(Utf8JsonWriter json, in ShopperEvent e, ShopperPreferences visitor, List<(int Product, int Quantity)> purchaseLines)
    {
        json.WriteStartObject();
        json.WriteString(EventType, EventTypes[(int)e.Kind]);
        json.WriteString(VisitorId, visitor.VisitorId);
        Span<byte> time = stackalloc byte[24];
        json.WriteString(EventTime, FormatTime(e.Seconds, time));
        if (visitor.UserId is not null)
        {
            json.WriteStartObject(UserInfo);
            json.WriteString(UserId, visitor.UserId);
            json.WriteEndObject();
        }

        switch (e.Kind)
        {
            case UserEventKind.DetailPageView:
                json.WriteStartArray(ProductDetails);
                WriteProductDetail(json, e.Product, quantity: 0);
                json.WriteEndArray();
                break;
            case UserEventKind.AddToCart:
                json.WriteStartArray(ProductDetails);
                WriteProductDetail(json, e.Product, e.Quantity);
                json.WriteEndArray();
                break;
            case UserEventKind.PurchaseComplete:
                json.WriteStartArray(ProductDetails);
                for (int i = e.PurchaseFirst; i < e.PurchaseFirst + e.PurchaseCount; i++)
                    WriteProductDetail(json, purchaseLines[i].Product, purchaseLines[i].Quantity);
                json.WriteEndArray();
                json.WriteStartObject(PurchaseTransaction);
                json.WriteNumber(Revenue, ProductJsonWriter.Cents(e.RevenueCents));
                json.WriteString(CurrencyCode, ProductJsonWriter.CurrencyCode);
                json.WriteEndObject();
                break;
            case UserEventKind.Search:
                json.WriteString(SearchQuery, e.SearchQuery);
                break;
            case UserEventKind.CategoryPageView:
                json.WriteStartArray(PageCategories);
                json.WriteStringValue(catalog.Categories[e.Category].Path);
                json.WriteEndArray();
                break;
        }
        json.WriteEndObject();
    }

    public DateTimeOffset TimeOf(long seconds) => new(periodStartUtc.AddSeconds(seconds), TimeSpan.Zero);

    private void WriteProductDetail(Utf8JsonWriter json, int product, int quantity)
    {
        json.WriteStartObject();
        json.WriteStartObject(Product);
        json.WriteString(Id, catalog.Products[product].Id);
        json.WriteEndObject();
        if (quantity > 0) json.WriteNumber(Quantity, quantity);
        json.WriteEndObject();
    }

    private ReadOnlySpan<byte> FormatTime(long seconds, Span<byte> buffer)
    {
        var time = periodStartUtc.AddTicks(seconds * TimeSpan.TicksPerSecond);
        time.TryFormat(buffer, out int written, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return buffer[..written];
    }
}
