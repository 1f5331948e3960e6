using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using static Teddy.Retail.JsonValues;

namespace Teddy.Retail;

/// <summary>
/// Parses one UserEvent line with <see cref="Utf8JsonReader"/> straight from the line's bytes. Checks, first
/// failure wins: malformed_json, duplicate_field, wrong_type (a field it needs of another JSON type: a number where a
/// string belongs), id_too_long (an id over <see cref="IdLimit.MaxLength"/>), unknown_event_type (also when missing),
/// missing_visitor_id (neither a visitor id nor a user id), bad_timestamp, event_time_in_future, missing_product,
/// rejected_product / unknown_product. The field behind a wrong_type or id_too_long is kept (<see cref="WrongType"/>,
/// <see cref="TooLongField"/>) for the API to name. With a catalog, product ids
/// are looked up without allocating a string (a variant's id finds its primary) and unknown ones are dropped;
/// visitor and user ids are pooled. It also digests what identifies the event for duplicate detection
/// (<see cref="Identity"/>).
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
    private int _unknownReferences, _rejectedReferences, _variantReferences;
    private int _eventTypeIndex;
    private int _referencesDigest, _queryDigest, _pageCategoriesDigest; // what the event is about, for Identity
    private PooledText _visitor, _user;
    private RetailPurchaseTransaction? _purchase;
    private bool _duplicate; // a field this parser reads was given twice in one object

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

    /// <summary>After a wrong_type line: its first field of another JSON type (<c>visitorId</c>, <c>productDetails[1].product.id</c>).</summary>
    public FieldTypeMismatch? WrongType { get; private set; }

    /// <summary>After an id_too_long line: its first id over <see cref="IdLimit.MaxLength"/> (<c>userInfo.userId</c>, <c>productDetails[0].product.id</c>).</summary>
    public string? TooLongField { get; private set; }

    /// <summary>The latest eventTime accepted (now plus the tolerated clock skew); a later one is <c>event_time_in_future</c>. Max value: no limit.</summary>
    public DateTimeOffset LatestEventTime { get; set; } = DateTimeOffset.MaxValue;

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

    /// <summary>Product references dropped because no product line had that id.</summary>
    public int DroppedUnknownReferences => _unknownReferences;

    /// <summary>Product references dropped because the product's line was rejected (see the products report).</summary>
    public int DroppedRejectedReferences => _rejectedReferences;

    /// <summary>Product references naming a variant, resolved to its primary product.</summary>
    public int VariantReferences => _variantReferences;

    /// <summary>
    /// What makes two accepted events the same event: the user key (its pool id), the type, the instant, and a
    /// digest of what the event is about (its products as a set, searchQuery, pageCategories). Two lines with equal
    /// identities are one event sent twice.
    /// </summary>
    public EventIdentity Identity => new(
        UserKeyId >= 0 ? UserKeyId : ~StringComparer.Ordinal.GetHashCode(UserKey), _eventTypeIndex, EventTime.UtcTicks,
        HashCode.Combine(_referencesDigest, _queryDigest, _pageCategoriesDigest));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public RetailEvent ToRetailEvent() => new()
    {
        EventType = EventType,
        VisitorId = _visitor.IsMissing ? null : _visitor.Resolve(Pool),
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
        _unknownReferences = _rejectedReferences = _variantReferences = 0;
        _referencesDigest = _queryDigest = _pageCategoriesDigest = 0;
        _eventTypeIndex = -1;
        _visitor = _user = PooledText.Missing;
        _purchase = null;
        _duplicate = false;
        WrongType = null;
        TooLongField = null;
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

        var fields = new ObjectFields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("eventType"u8)) { fields.Read(1, ref _duplicate); MoveToValue(ref reader); eventType = MatchEventType(ref reader); }
            else if (reader.ValueTextEquals("visitorId"u8)) { fields.Read(2, ref _duplicate); MoveToValue(ref reader); _visitor = ReadId(ref reader, "visitorId"); }
            else if (reader.ValueTextEquals("userInfo"u8)) { fields.Read(4, ref _duplicate); MoveToValue(ref reader); ReadUserId(ref reader); }
            else if (reader.ValueTextEquals("eventTime"u8)) { fields.Read(8, ref _duplicate); MoveToValue(ref reader); timeValid = ReadEventTime(ref reader, out eventTime); }
            else if (reader.ValueTextEquals("productDetails"u8)) { fields.Read(16, ref _duplicate); MoveToValue(ref reader); ReadProductDetails(ref reader); }
            else if (reader.ValueTextEquals("purchaseTransaction"u8)) { fields.Read(32, ref _duplicate); MoveToValue(ref reader); _purchase = ReadPurchase(ref reader); }
            else if (reader.ValueTextEquals("searchQuery"u8)) { fields.Read(64, ref _duplicate); MoveToValue(ref reader); _queryDigest = DigestValue(ref reader, line); }
            else if (reader.ValueTextEquals("pageCategories"u8)) { fields.Read(128, ref _duplicate); MoveToValue(ref reader); _pageCategoriesDigest = DigestValue(ref reader, line); }
            else { MoveToValue(ref reader); reader.Skip(); }
        }
        if (reader.Read()) return IngestionSkipReasons.MalformedJson; // a second value on the line
        if (_duplicate) return IngestionSkipReasons.DuplicateField;
        if (WrongType is not null) return IngestionSkipReasons.WrongType;
        if (TooLongField is not null) return IngestionSkipReasons.IdTooLong;

        if (eventType is null) return IngestionSkipReasons.UnknownEventType;
        if (_visitor.IsMissing && _user.IsMissing) return IngestionSkipReasons.MissingVisitorId;
        if (!timeValid) return IngestionSkipReasons.BadTimestamp;
        if (eventTime > LatestEventTime) return IngestionSkipReasons.EventTimeInFuture;
        if (_details.Count == 0 && _unknownReferences == 0 && _rejectedReferences == 0 && RetailEventTypes.RequiresProducts(eventType))
            return IngestionSkipReasons.MissingProduct;
        if (_details.Count == 0 && _rejectedReferences > 0) return IngestionSkipReasons.RejectedProduct;
        if (_details.Count == 0 && _unknownReferences > 0) return IngestionSkipReasons.UnknownProduct;

        EventType = eventType;
        EventTime = eventTime;
        return null;
    }

    /// <summary>
    /// Whether the value at the reader is of <paramref name="type"/>; null counts as absent (false). Any other type is
    /// recorded as the line's wrong_type (the first one is named) and skipped: a number given for an id is a mistake
    /// to report as such, never an id that is "missing".
    /// </summary>
    /// <param name="expected">What the field must be, in words ("a string").</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Is(ref Utf8JsonReader reader, JsonTokenType type, string field, string expected)
    {
        if (reader.TokenType == type) return true;
        if (reader.TokenType != JsonTokenType.Null) WrongType ??= new FieldTypeMismatch(field, expected, Describe(reader.TokenType));
        reader.Skip();
        return false;
    }

    /// <summary>A visitor or user id: missing when null or blank; wrong_type when not a string; id_too_long (not pooled) when over the limit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private PooledText ReadId(ref Utf8JsonReader reader, string field)
    {
        if (!Is(ref reader, JsonTokenType.String, field, "a string")) return PooledText.Missing;
        if (IsTooLongId(ref reader))
        {
            TooLongField ??= field;
            return PooledText.Missing;
        }
        return ReadPooledText(ref reader, Pool);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool ReadEventTime(ref Utf8JsonReader reader, out DateTimeOffset eventTime)
    {
        eventTime = default;
        return Is(ref reader, JsonTokenType.String, "eventTime", "a string") && Rfc3339Timestamp.TryRead(ref reader, out eventTime);
    }

    /// <summary>The known type's shared string instance, or null when the type is missing, unknown or not a string.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private string? MatchEventType(ref Utf8JsonReader reader)
    {
        if (!Is(ref reader, JsonTokenType.String, "eventType", "a string")) return null;
        for (int i = 0; i < _knownTypes.Length; i++)
        {
            if (!reader.ValueTextEquals(_knownTypes[i].Utf8)) continue;
            _eventTypeIndex = i;
            return _knownTypes[i].Name;
        }
        return null;
    }

    /// <summary>A digest of a value's raw JSON (a search query, page categories): equal text, equal digest.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int DigestValue(ref Utf8JsonReader reader, ReadOnlySpan<byte> line)
    {
        int start = (int)reader.TokenStartIndex;
        reader.Skip();
        return Digest(line[start..(int)reader.BytesConsumed]);
    }

    private static int Digest(ReadOnlySpan<byte> utf8)
    {
        var digest = new HashCode();
        digest.AddBytes(utf8);
        return digest.ToHashCode();
    }

    /// <summary>The digest of the string's UTF-8 bytes, as <see cref="Digest(ReadOnlySpan{byte})"/> of the same id read unescaped.</summary>
    private static int Digest(string id)
    {
        int length = System.Text.Encoding.UTF8.GetMaxByteCount(id.Length);
        Span<byte> utf8 = length <= 512 ? stackalloc byte[512] : new byte[length];
        return Digest(utf8[..System.Text.Encoding.UTF8.GetBytes(id, utf8)]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadUserId(ref Utf8JsonReader reader)
    {
        if (!Is(ref reader, JsonTokenType.StartObject, "userInfo", "an object")) return;
        var fields = new ObjectFields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isUserId = reader.ValueTextEquals("userId"u8);
            if (isUserId) fields.Read(1, ref _duplicate);
            MoveToValue(ref reader);
            if (isUserId) _user = ReadId(ref reader, "userInfo.userId");
            else reader.Skip();
        }
    }

    /// <summary>The documented array, or a single object as in Google's own user_events.json sample.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadProductDetails(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            ReadProductDetail(ref reader, -1);
            return;
        }
        if (!Is(ref reader, JsonTokenType.StartArray, "productDetails", "an array of objects ({\"product\": {\"id\": ...}})")) return;
        int index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject) ReadProductDetail(ref reader, index);
            else if (reader.TokenType != JsonTokenType.Null) Is(ref reader, JsonTokenType.StartObject, DetailPath(index), "an object ({\"product\": {\"id\": ...}})");
            index++;
        }
    }

    /// <summary>Where a detail is, for messages: <c>productDetails[2]</c>, or <c>productDetails</c> for a single object (<paramref name="index"/> -1).</summary>
    private static string DetailPath(int index) => index < 0 ? "productDetails" : $"productDetails[{index}]";

    /// <summary>{"product": {"id": ...}, "quantity": n}. A detail without a product id refers to nothing and is ignored.</summary>
    /// <param name="index">The detail's place in the array, -1 when productDetails is this one object (for messages).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadProductDetail(ref Utf8JsonReader reader, int index)
    {
        string? productId = null;
        int productIndex = -1, digest = 0;
        var unknown = Unresolved.No;
        int quantity = 1;
        var fields = new ObjectFields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("product"u8))
            {
                fields.Read(1, ref _duplicate);
                MoveToValue(ref reader);
                ReadProduct(ref reader, index, ref productId, ref productIndex, ref unknown, ref digest);
            }
            else if (reader.ValueTextEquals("quantity"u8))
            {
                fields.Read(2, ref _duplicate);
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
        else if (unknown == Unresolved.Rejected) _rejectedReferences++;
        else if (unknown == Unresolved.Unknown) _unknownReferences++;
        // The products named, dropped ones included, as a set: a sum does not depend on their order.
        _referencesDigest += digest;
    }

    /// <summary>Why a product reference found no catalog product.</summary>
    private enum Unresolved : byte
    {
        No,
        /// <summary>No product line had this id.</summary>
        Unknown,
        /// <summary>A product line had this id but was rejected.</summary>
        Rejected,
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ReadProduct(ref Utf8JsonReader reader, int index, ref string? productId, ref int productIndex, ref Unresolved unknown, ref int digest)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            if (reader.TokenType != JsonTokenType.Null) Is(ref reader, JsonTokenType.StartObject, DetailPath(index) + ".product", "an object ({\"id\": ...})");
            return;
        }
        var fields = new ObjectFields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isId = reader.ValueTextEquals("id"u8);
            if (isId) fields.Read(1, ref _duplicate);
            MoveToValue(ref reader);
            if (!isId) reader.Skip();
            else if (reader.TokenType != JsonTokenType.String) Is(ref reader, JsonTokenType.String, DetailPath(index) + ".product.id", "a string");
            else if (IsTooLongId(ref reader)) TooLongField ??= DetailPath(index) + ".product.id";
            else ResolveProductId(ref reader, ref productId, ref productIndex, ref unknown, ref digest);
        }
    }

    /// <summary>
    /// With a catalog: the product's index when known (no allocation; a variant's id gives its primary's index),
    /// else marks the reference unknown, or rejected when the catalog rejected a line with that id.
    /// <paramref name="digest"/> identifies what was named, the same whatever the id's JSON spelling: a product by
    /// its index, anything else (a variant, an id not in the catalog) by the id's UTF-8 bytes.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ResolveProductId(ref Utf8JsonReader reader, ref string? productId, ref int productIndex, ref Unresolved unknown, ref int digest)
    {
        productId = null;
        productIndex = -1;
        unknown = Unresolved.No;
        digest = 0;
        if (Catalog is null)
        {
            string? id = ReadPooledString(ref reader, Pool, out _);
            productId = string.IsNullOrWhiteSpace(id) ? null : id;
            if (productId is not null) digest = Digest(productId);
            return;
        }
        ProductCatalog.IdKind kind;
        int index;
        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            var utf8 = reader.ValueSpan;
            if (utf8.Trim(" \t\r\n"u8).IsEmpty) return;
            kind = Catalog.Resolve(utf8, out index);
            if (kind == ProductCatalog.IdKind.None && !Utf8.IsValid(utf8)) throw new JsonException("A product id is not valid UTF-8.");
            digest = kind == ProductCatalog.IdKind.Product ? HashCode.Combine(index) : Digest(utf8);
        }
        else
        {
            string id = reader.GetString()!; // escaped: rare, GetString unescapes and validates
            if (string.IsNullOrWhiteSpace(id)) return;
            kind = Catalog.Resolve(id, out index);
            digest = kind == ProductCatalog.IdKind.Product ? HashCode.Combine(index) : Digest(id);
        }
        switch (kind)
        {
            case ProductCatalog.IdKind.Product: productIndex = index; break;
            case ProductCatalog.IdKind.Variant: productIndex = index; _variantReferences++; break;
            case ProductCatalog.IdKind.Rejected: unknown = Unresolved.Rejected; break;
            default: unknown = Unresolved.Unknown; break;
        }
    }

    /// <summary>Informative only: a value of an unusable type is ignored, never fatal (but a field given twice is duplicate_field).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private RetailPurchaseTransaction? ReadPurchase(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        double? revenue = null;
        string? currencyCode = null;
        var fields = new ObjectFields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("revenue"u8))
            {
                fields.Read(1, ref _duplicate);
                MoveToValue(ref reader);
                if (!TryReadNumber(ref reader, out revenue)) revenue = null; // revenue is informative only: never fail the event on it
            }
            else if (reader.ValueTextEquals("currencyCode"u8))
            {
                fields.Read(2, ref _duplicate);
                MoveToValue(ref reader);
                currencyCode = ReadString(ref reader)?.Trim() is { Length: > 0 } code ? code : null;
            }
            else { MoveToValue(ref reader); reader.Skip(); }
        }
        return new RetailPurchaseTransaction(revenue, currencyCode);
    }
}

/// <summary>A field given a value of another JSON type than the one it needs: where (<c>visitorId</c>), what it must be ("a string"), what it was ("a number").</summary>
public sealed record FieldTypeMismatch(string Field, string Expected, string Found);
