using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
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
    private const int StackCharLimit = 256;

    private readonly (byte[] Utf8, string Name)[] _knownTypes;
    private readonly List<RetailProductDetail> _details = new(4);
    private readonly List<int> _productIndices = new(4); // parallel to _details when there is a catalog
    private int _unknownReferences;
    private string? _visitorId, _userId;
    private int _visitorKeyId, _userKeyId;
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
    public string UserKey => _userId ?? _visitorId!;

    /// <summary>The user key's id in <see cref="Pool"/>.</summary>
    public int UserKeyId => _userId is null ? _visitorKeyId : _userKeyId;

    /// <summary>Catalog indices of the event's products (only with a catalog), in the order of the details.</summary>
    public ReadOnlySpan<int> ProductIndices => CollectionsMarshal.AsSpan(_productIndices);

    /// <summary>Product references dropped because they are not in the catalog.</summary>
    public int DroppedUnknownReferences => _unknownReferences;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public RetailEvent ToRetailEvent() => new()
    {
        EventType = EventType,
        VisitorId = _visitorId!,
        UserId = _userId,
        EventTime = EventTime,
        ProductDetails = _details.Count == 0 ? [] : _details.ToArray(),
        PurchaseTransaction = _purchase,
    };

    /// <summary>Null when the line is an accepted event (now held in this parser's state); otherwise the skip reason.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string? TryParse(ReadOnlySpan<byte> line)
    {
        _details.Clear();
        _productIndices.Clear();
        _unknownReferences = 0;
        _visitorId = _userId = null;
        _visitorKeyId = _userKeyId = -1;
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
            else if (reader.ValueTextEquals("visitorId"u8)) { MoveToValue(ref reader); _visitorId = ReadPooledString(ref reader, Pool, out _visitorKeyId); }
            else if (reader.ValueTextEquals("userInfo"u8)) { MoveToValue(ref reader); ReadUserId(ref reader); }
            else if (reader.ValueTextEquals("eventTime"u8)) { MoveToValue(ref reader); timeValid = Rfc3339Timestamp.TryRead(ref reader, out eventTime); }
            else if (reader.ValueTextEquals("productDetails"u8)) { MoveToValue(ref reader); ReadProductDetails(ref reader); }
            else if (reader.ValueTextEquals("purchaseTransaction"u8)) { MoveToValue(ref reader); _purchase = ReadPurchase(ref reader); }
            else { MoveToValue(ref reader); reader.Skip(); }
        }
        if (reader.Read()) return IngestionSkipReasons.MalformedJson; // a second value on the line

        if (eventType is null) return IngestionSkipReasons.UnknownEventType;
        if (string.IsNullOrWhiteSpace(_visitorId)) return IngestionSkipReasons.MissingVisitorId;
        if (!timeValid) return IngestionSkipReasons.BadTimestamp;
        if (_details.Count == 0 && _unknownReferences == 0 && RetailEventTypes.RequiresProducts(eventType))
            return IngestionSkipReasons.MissingProduct;
        if (_details.Count == 0 && _unknownReferences > 0) return IngestionSkipReasons.UnknownProduct;

        if (string.IsNullOrWhiteSpace(_userId)) _userId = null;
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
            if (isUserId) _userId = ReadPooledString(ref reader, Pool, out _userKeyId);
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
        if (productId is not null)
        {
            _details.Add(new RetailProductDetail(productId, quantity));
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

    /// <summary>With a catalog: the catalog's own id string when known (no allocation), else marks the reference unknown.</summary>
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
        int maxChars = reader.HasValueSequence ? int.MaxValue : reader.ValueSpan.Length;
        bool found;
        int index;
        if (maxChars <= StackCharLimit)
        {
            Span<char> chars = stackalloc char[StackCharLimit];
            var id = chars[..reader.CopyString(chars)];
            if (id.IsWhiteSpace()) return;
            found = Catalog.TryGetIndex(id, out index);
        }
        else
        {
            found = Catalog.TryGetIndex(reader.GetString()!, out index);
        }
        if (found)
        {
            productId = Catalog[index].Id;
            productIndex = index;
        }
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
