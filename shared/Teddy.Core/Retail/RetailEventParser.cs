using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using static Teddy.Retail.JsonValues;

namespace Teddy.Retail;

/// <summary>
/// Parses one UserEvent line with <see cref="Utf8JsonReader"/> straight from the line's bytes. Checks, first
/// failure wins: malformed_json, unknown_event_type (also when missing), missing_visitor_id, bad_timestamp,
/// missing_product, unknown_product. With a catalog, product ids are looked up without allocating a string
/// and unknown ones are dropped; visitor and user ids are pooled.
/// The accepted event stays in this parser's reusable state until the next line: the ingestion feeds that state
/// to the aggregator without allocating a <see cref="RetailEvent"/>; <see cref="ToRetailEvent"/> makes one for
/// everyone else. One instance per reader (not thread-safe).
/// </summary>
internal sealed class RetailEventParser
{
    private readonly (byte[] Utf8, string Name)[] _knownTypes;
    // A reference resolved against the catalog keeps only its index: fetching the catalog's id string would cost a
    // cache miss per reference, and only ToRetailEvent needs it.
    private readonly record struct ProductReference(string? Id, int Index, int Quantity);

    private readonly List<ProductReference> _details = new(4);
    private readonly List<int> _productIndices = new(4); // parallel to _details when there is a catalog
    private int _unknownReferences;
    private PooledText _visitor, _user;
    private RetailPurchaseTransaction? _purchase;

    public RetailEventParser(IEnumerable<string> knownEventTypes, ProductCatalog? catalog)
    {
        _knownTypes = knownEventTypes
            .Where(type => !string.IsNullOrWhiteSpace(type))
            .Distinct(StringComparer.Ordinal)
            .Select(type => (System.Text.Encoding.UTF8.GetBytes(type), type))
            .ToArray();
        Catalog = catalog;
    }

    public ProductCatalog? Catalog { get; }

    /// <summary>Pools visitor and user ids (and product ids when there is no catalog).</summary>
    public StringPool Pool { get; } = new();

    // The last accepted event; only meaningful after TryParse returned null.
    public string EventType { get; private set; } = "";
    public DateTimeOffset EventTime { get; private set; }

    /// <summary>userInfo.userId when present, else visitorId (see <see cref="RetailEvent.UserKey"/>).</summary>
    public string UserKey => (_user.IsMissing ? _visitor : _user).Resolve(Pool);

    /// <summary>The user key's id in <see cref="Pool"/>; -1 when it is not pooled.</summary>
    public int UserKeyId => _user.IsMissing ? _visitor.Id : _user.Id;

    /// <summary>Catalog indices of the event's products (only with a catalog), in the order of the details.</summary>
    public ReadOnlySpan<int> ProductIndices => CollectionsMarshal.AsSpan(_productIndices);

    /// <summary>Product references dropped because they are not in the catalog.</summary>
    public int DroppedUnknownReferences => _unknownReferences;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public RetailEvent ToRetailEvent() => new()
    {
        EventType = EventType,
        VisitorId = _visitor.Resolve(Pool),
        UserId = _user.IsMissing ? null : _user.Resolve(Pool),
        EventTime = EventTime,
        ProductDetails = _details.Count == 0 ? [] : _details.ConvertAll(d => new RetailProductDetail(d.Id ?? Catalog![d.Index].Id, d.Quantity)).ToArray(),
        PurchaseTransaction = _purchase,
    };

    /// <summary>Null when the line is an accepted event (now held in this parser's state); otherwise the skip reason.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string? TryParse(ReadOnlySpan<byte> line)
    {
        _details.Clear();
        _productIndices.Clear();
        _unknownReferences = 0;
        _visitor = _user = PooledText.Missing;
        _purchase = null;
        try
        {
            return Parse(line);
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? Parse(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return IngestionSkipReasons.MalformedJson;

        string? eventType = null;
        bool timeValid = false;
        DateTimeOffset eventTime = default;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("eventType"u8)) { MoveToValue(ref reader); eventType = MatchEventType(ref reader); }
            else if (reader.ValueTextEquals("visitorId"u8)) { MoveToValue(ref reader); _visitor = ReadPooledText(ref reader, Pool); }
            else if (reader.ValueTextEquals("userInfo"u8)) { MoveToValue(ref reader); ReadUserId(ref reader); }
            else if (reader.ValueTextEquals("eventTime"u8)) { MoveToValue(ref reader); timeValid = Rfc3339Timestamp.TryRead(ref reader, out eventTime); }
            else if (reader.ValueTextEquals("productDetails"u8)) { MoveToValue(ref reader); ReadProductDetails(ref reader); }
            else if (reader.ValueTextEquals("purchaseTransaction"u8)) { MoveToValue(ref reader); _purchase = ReadPurchase(ref reader); }
            else { MoveToValue(ref reader); reader.Skip(); }
        }
        if (reader.Read()) return IngestionSkipReasons.MalformedJson; // a second value on the line

        if (eventType is null) return IngestionSkipReasons.UnknownEventType;
        if (_visitor.IsMissing) return IngestionSkipReasons.MissingVisitorId;
        if (!timeValid) return IngestionSkipReasons.BadTimestamp;
        if (_details.Count == 0 && _unknownReferences == 0 && RetailEventTypes.RequiresProducts(eventType))
            return IngestionSkipReasons.MissingProduct;
        if (_details.Count == 0 && _unknownReferences > 0) return IngestionSkipReasons.UnknownProduct;

        EventType = eventType;
        EventTime = eventTime;
        return null;
    }

    /// <summary>The known type's shared string instance, or null when the type is missing or unknown.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadUserId(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isUserId = reader.ValueTextEquals("userId"u8);
            MoveToValue(ref reader);
            if (isUserId) _user = ReadPooledText(ref reader, Pool);
            else reader.Skip();
        }
    }

    /// <summary>The documented array, or a single object as in Google's own user_events.json sample.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadProductDetail(ref Utf8JsonReader reader)
    {
        string? productId = null;
        int productIndex = -1;
        bool unknown = false;
        int quantity = 1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("product"u8))
            {
                MoveToValue(ref reader);
                ReadProduct(ref reader, ref productId, ref productIndex, ref unknown);
            }
            else if (reader.ValueTextEquals("quantity"u8))
            {
                MoveToValue(ref reader);
                if (!TryReadInt(ref reader, out quantity) || quantity < 1) quantity = 1;
            }
            else { MoveToValue(ref reader); reader.Skip(); }
        }
        if (productId is not null || productIndex >= 0)
        {
            _details.Add(new ProductReference(productId, productIndex, quantity));
            _productIndices.Add(productIndex);
        }
        else if (unknown) _unknownReferences++;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadProduct(ref Utf8JsonReader reader, ref string? productId, ref int productIndex, ref bool unknown)
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
            if (isId && reader.TokenType == JsonTokenType.String) ResolveProductId(ref reader, ref productId, ref productIndex, ref unknown);
            else reader.Skip();
        }
    }

    /// <summary>With a catalog: the product's index when known (no allocation), else marks the reference unknown.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ResolveProductId(ref Utf8JsonReader reader, ref string? productId, ref int productIndex, ref bool unknown)
    {
        productId = null;
        productIndex = -1;
        unknown = false;
        if (Catalog is null)
        {
            string? id = ReadPooledString(ref reader, Pool, out _);
            productId = string.IsNullOrWhiteSpace(id) ? null : id;
            return;
        }
        bool found;
        int index;
        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            var utf8 = reader.ValueSpan;
            if (utf8.Trim(" \t\r\n"u8).IsEmpty) return;
            found = Catalog.TryGetIndex(utf8, out index);
            if (!found && !Utf8.IsValid(utf8)) throw new JsonException("A product id is not valid UTF-8.");
        }
        else
        {
            string id = reader.GetString()!; // escaped: rare, GetString unescapes and validates
            if (string.IsNullOrWhiteSpace(id)) return;
            found = Catalog.TryGetIndex(id, out index);
        }
        if (found) productIndex = index;
        else unknown = true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
