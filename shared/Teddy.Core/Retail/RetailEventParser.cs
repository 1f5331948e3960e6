using System.Text.Json;
using static Teddy.Retail.JsonValues;

namespace Teddy.Retail;

/// <summary>
/// Parses one UserEvent line with <see cref="Utf8JsonReader"/> straight from the line's bytes. Checks, first
/// failure wins: malformed_json, unknown_event_type (also when missing), missing_visitor_id, bad_timestamp,
/// missing_product, unknown_product. With a catalog, product ids are looked up without allocating a string
/// and unknown ones are dropped; visitor and user ids are pooled. One instance per reader (not thread-safe).
/// </summary>
internal sealed class RetailEventParser
{
    private const int StackCharLimit = 256;

    private readonly (byte[] Utf8, string Name)[] _knownTypes;
    private readonly ProductCatalog? _catalog;
    private readonly StringPool _pool = new();
    private readonly List<RetailProductDetail> _details = new(4);
    private int _unknownReferences;

    public RetailEventParser(IEnumerable<string> knownEventTypes, ProductCatalog? catalog)
    {
        _knownTypes = knownEventTypes
            .Where(type => !string.IsNullOrWhiteSpace(type))
            .Distinct(StringComparer.Ordinal)
            .Select(type => (System.Text.Encoding.UTF8.GetBytes(type), type))
            .ToArray();
        _catalog = catalog;
    }

    /// <summary>Null and the event on success (with how many unknown product references were dropped); otherwise the skip reason.</summary>
    public string? TryParse(ReadOnlySpan<byte> line, out RetailEvent? retailEvent, out int droppedUnknownReferences)
    {
        retailEvent = null;
        droppedUnknownReferences = 0;
        _details.Clear();
        _unknownReferences = 0;
        try
        {
            return Parse(line, out retailEvent, out droppedUnknownReferences);
        }
        catch (JsonException)
        {
            return IngestionSkipReasons.MalformedJson;
        }
        catch (InvalidOperationException)
        {
            return IngestionSkipReasons.MalformedJson; // invalid UTF-8 inside a string
        }
    }

    private string? Parse(ReadOnlySpan<byte> line, out RetailEvent? retailEvent, out int droppedUnknownReferences)
    {
        retailEvent = null;
        droppedUnknownReferences = 0;
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return IngestionSkipReasons.MalformedJson;

        string? eventType = null, visitorId = null, userId = null;
        bool timeValid = false;
        DateTimeOffset eventTime = default;
        RetailPurchaseTransaction? purchase = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("eventType"u8)) { MoveToValue(ref reader); eventType = MatchEventType(ref reader); }
            else if (reader.ValueTextEquals("visitorId"u8)) { MoveToValue(ref reader); visitorId = ReadPooledString(ref reader, _pool); }
            else if (reader.ValueTextEquals("userInfo"u8)) { MoveToValue(ref reader); userId = ReadUserId(ref reader); }
            else if (reader.ValueTextEquals("eventTime"u8)) { MoveToValue(ref reader); timeValid = Rfc3339Timestamp.TryRead(ref reader, out eventTime); }
            else if (reader.ValueTextEquals("productDetails"u8)) { MoveToValue(ref reader); ReadProductDetails(ref reader); }
            else if (reader.ValueTextEquals("purchaseTransaction"u8)) { MoveToValue(ref reader); purchase = ReadPurchase(ref reader); }
            else { MoveToValue(ref reader); reader.Skip(); }
        }
        if (reader.Read()) return IngestionSkipReasons.MalformedJson; // a second value on the line

        if (eventType is null) return IngestionSkipReasons.UnknownEventType;
        if (string.IsNullOrWhiteSpace(visitorId)) return IngestionSkipReasons.MissingVisitorId;
        if (!timeValid) return IngestionSkipReasons.BadTimestamp;
        if (_details.Count == 0 && _unknownReferences == 0 && RetailEventTypes.RequiresProducts(eventType))
            return IngestionSkipReasons.MissingProduct;
        if (_details.Count == 0 && _unknownReferences > 0) return IngestionSkipReasons.UnknownProduct;

        droppedUnknownReferences = _unknownReferences;
        retailEvent = new RetailEvent
        {
            EventType = eventType,
            VisitorId = visitorId,
            UserId = string.IsNullOrWhiteSpace(userId) ? null : userId,
            EventTime = eventTime,
            ProductDetails = _details.Count == 0 ? [] : _details.ToArray(),
            PurchaseTransaction = purchase,
        };
        return null;
    }

    /// <summary>The known type's shared string instance, or null when the type is missing or unknown.</summary>
    private string? MatchEventType(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }
        foreach (var (utf8, name) in _knownTypes)
            if (reader.ValueTextEquals(utf8)) return name;
        return null;
    }

    private string? ReadUserId(ref Utf8JsonReader reader)
    {
        string? userId = null;
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isUserId = reader.ValueTextEquals("userId"u8);
            MoveToValue(ref reader);
            if (isUserId) userId = ReadPooledString(ref reader, _pool);
            else reader.Skip();
        }
        return userId;
    }

    /// <summary>The documented array, or a single object as in Google's own user_events.json sample.</summary>
    private void ReadProductDetails(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            ReadProductDetail(ref reader);
            return;
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject) ReadProductDetail(ref reader);
            else reader.Skip();
        }
    }

    /// <summary>{"product": {"id": ...}, "quantity": n}. A detail without a product id refers to nothing and is ignored.</summary>
    private void ReadProductDetail(ref Utf8JsonReader reader)
    {
        string? productId = null;
        bool unknown = false;
        int quantity = 1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("product"u8))
            {
                MoveToValue(ref reader);
                ReadProduct(ref reader, ref productId, ref unknown);
            }
            else if (reader.ValueTextEquals("quantity"u8))
            {
                MoveToValue(ref reader);
                if (!TryReadInt(ref reader, out quantity) || quantity < 1) quantity = 1;
            }
            else { MoveToValue(ref reader); reader.Skip(); }
        }
        if (productId is not null) _details.Add(new RetailProductDetail(productId, quantity));
        else if (unknown) _unknownReferences++;
    }

    private void ReadProduct(ref Utf8JsonReader reader, ref string? productId, ref bool unknown)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isId = reader.ValueTextEquals("id"u8);
            MoveToValue(ref reader);
            if (isId && reader.TokenType == JsonTokenType.String) ResolveProductId(ref reader, ref productId, ref unknown);
            else reader.Skip();
        }
    }

    /// <summary>With a catalog: the catalog's own id string when known (no allocation), else marks the reference unknown.</summary>
    private void ResolveProductId(ref Utf8JsonReader reader, ref string? productId, ref bool unknown)
    {
        productId = null;
        unknown = false;
        if (_catalog is null)
        {
            string? id = ReadPooledString(ref reader, _pool);
            productId = string.IsNullOrWhiteSpace(id) ? null : id;
            return;
        }
        int maxChars = reader.HasValueSequence ? int.MaxValue : reader.ValueSpan.Length;
        bool found;
        int index;
        if (maxChars <= StackCharLimit)
        {
            Span<char> chars = stackalloc char[StackCharLimit];
            var id = chars[..reader.CopyString(chars)];
            if (id.IsWhiteSpace()) return;
            found = _catalog.TryGetIndex(id, out index);
        }
        else
        {
            found = _catalog.TryGetIndex(reader.GetString()!, out index);
        }
        if (found) productId = _catalog[index].Id;
        else unknown = true;
    }

    private static RetailPurchaseTransaction? ReadPurchase(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        double? revenue = null;
        string? currencyCode = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("revenue"u8))
            {
                MoveToValue(ref reader);
                if (!TryReadNumber(ref reader, out revenue)) revenue = null; // revenue is informative only: never fail the event on it
            }
            else if (reader.ValueTextEquals("currencyCode"u8))
            {
                MoveToValue(ref reader);
                currencyCode = ReadString(ref reader)?.Trim() is { Length: > 0 } code ? code : null;
            }
            else { MoveToValue(ref reader); reader.Skip(); }
        }
        return new RetailPurchaseTransaction(revenue, currencyCode);
    }
}
