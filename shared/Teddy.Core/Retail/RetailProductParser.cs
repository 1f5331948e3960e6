using System.Runtime.CompilerServices;
using System.Text.Json;
using static Teddy.Retail.JsonValues;

namespace Teddy.Retail;

/// <summary>
/// Parses one Product line with <see cref="Utf8JsonReader"/> straight from the line's bytes (no DOM, no
/// line string). Unknown fields are skipped. Checks, first failure wins: malformed_json, duplicate_field (a field it
/// reads given twice in one object, at any level: <c>id</c>, <c>priceInfo.price</c>, an attribute's key, ...),
/// wrong_type (<c>id</c> or <c>primaryProductId</c> not a string), missing_id, id_too_long (<c>id</c> or
/// <c>primaryProductId</c> over <see cref="IdLimit.MaxLength"/>), invalid_price (price, then originalPrice). The whole
/// line is read before any field check, so a broken line is always malformed_json. An availability the API does not
/// define is not a failure: it reads as <see cref="ProductAvailability.Unknown"/>.
/// </summary>
internal static class RetailProductParser
{
    /// <summary>
    /// Null and the product on success; otherwise the skip reason, with <paramref name="rejectedId"/> the line's
    /// product id when it had one (so events naming it can be told apart from events naming products that never
    /// existed). Repeated vocabulary comes from <paramref name="vocabulary"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string? TryParse(ReadOnlySpan<byte> line, StringPool vocabulary, out RetailProduct? product, out string? rejectedId)
    {
        product = null;
        rejectedId = null;
        try
        {
            return Parse(line, vocabulary, out product, out rejectedId);
        }
        catch (JsonException)
        {
            return IngestionSkipReasons.MalformedJson;
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader reports invalid UTF-8 inside a string this way.
            return IngestionSkipReasons.MalformedJson;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? Parse(ReadOnlySpan<byte> line, StringPool vocabulary, out RetailProduct? product, out string? rejectedId)
    {
        product = null;
        rejectedId = null;
        var reader = new Utf8JsonReader(line);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return IngestionSkipReasons.MalformedJson;

        string? id = null, title = null, description = null, uri = null, primaryProductId = null;
        IReadOnlyList<string> categories = [], brands = [], imageUris = [], colors = [], colorFamilies = [], ageGroups = [], sizes = [];
        var price = new PriceFields();
        var availability = ProductAvailability.Unspecified;
        var type = ProductType.Primary;
        IReadOnlyDictionary<string, ProductAttributeValue>? attributes = null;

        bool twice = false, wrongType = false; // a field read twice in one object; an id that is not a string
        int ids = 0;
        var fields = new ObjectFields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id"u8)) { fields.Read(1, ref twice); ids++; MoveToValue(ref reader); id = ReadId(ref reader, ref wrongType); }
            else if (reader.ValueTextEquals("title"u8)) { fields.Read(2, ref twice); MoveToValue(ref reader); title = ReadString(ref reader)?.Trim(); }
            else if (reader.ValueTextEquals("description"u8)) { fields.Read(4, ref twice); MoveToValue(ref reader); description = ReadString(ref reader)?.Trim(); }
            else if (reader.ValueTextEquals("categories"u8)) { fields.Read(8, ref twice); MoveToValue(ref reader); categories = ReadStrings(ref reader, vocabulary); }
            else if (reader.ValueTextEquals("brands"u8)) { fields.Read(16, ref twice); MoveToValue(ref reader); brands = ReadStrings(ref reader, vocabulary); }
            else if (reader.ValueTextEquals("priceInfo"u8)) { fields.Read(32, ref twice); MoveToValue(ref reader); price = ReadPriceInfo(ref reader, vocabulary, ref twice); }
            else if (reader.ValueTextEquals("availability"u8)) { fields.Read(64, ref twice); MoveToValue(ref reader); availability = ReadAvailability(ref reader); }
            else if (reader.ValueTextEquals("type"u8)) { fields.Read(128, ref twice); MoveToValue(ref reader); type = ReadType(ref reader); }
            else if (reader.ValueTextEquals("primaryProductId"u8)) { fields.Read(256, ref twice); MoveToValue(ref reader); primaryProductId = NonBlank(ReadId(ref reader, ref wrongType)); }
            else if (reader.ValueTextEquals("sizes"u8)) { fields.Read(512, ref twice); MoveToValue(ref reader); sizes = ReadStrings(ref reader, vocabulary); }
            else if (reader.ValueTextEquals("images"u8)) { fields.Read(1024, ref twice); MoveToValue(ref reader); imageUris = ReadImageUris(ref reader, ref twice); }
            else if (reader.ValueTextEquals("colorInfo"u8)) { fields.Read(2048, ref twice); MoveToValue(ref reader); ReadColorInfo(ref reader, vocabulary, ref colors, ref colorFamilies, ref twice); }
            else if (reader.ValueTextEquals("audience"u8)) { fields.Read(4096, ref twice); MoveToValue(ref reader); ageGroups = ReadAgeGroups(ref reader, vocabulary, ref twice); }
            else if (reader.ValueTextEquals("attributes"u8)) { fields.Read(8192, ref twice); MoveToValue(ref reader); attributes = ProductAttributesParser.Read(ref reader, vocabulary, ref twice); }
            else if (reader.ValueTextEquals("uri"u8)) { fields.Read(16384, ref twice); MoveToValue(ref reader); uri = ReadString(ref reader); }
            else { MoveToValue(ref reader); reader.Skip(); }
        }
        if (reader.Read()) return IngestionSkipReasons.MalformedJson; // a second value on the line

        // The line's own id, when it has one beyond doubt: events naming it are then rejected_product ("fix that line").
        string? lineId = ids == 1 && !string.IsNullOrWhiteSpace(id) && id.Length <= IdLimit.MaxLength ? id : null;
        if (twice || wrongType)
        {
            rejectedId = lineId;
            return twice ? IngestionSkipReasons.DuplicateField : IngestionSkipReasons.WrongType;
        }
        if (string.IsNullOrWhiteSpace(id)) return IngestionSkipReasons.MissingId;
        string? reason = id.Length > IdLimit.MaxLength || primaryProductId is { Length: > IdLimit.MaxLength } ? IngestionSkipReasons.IdTooLong
            : !price.Valid ? IngestionSkipReasons.InvalidPrice
            : null;
        if (reason is not null)
        {
            rejectedId = lineId;
            return reason;
        }

        product = new RetailProduct
        {
            Id = id,
            Type = type,
            PrimaryProductId = primaryProductId,
            Sizes = sizes,
            Title = title ?? "",
            Description = description ?? "",
            Categories = categories,
            Brands = brands,
            Price = price.Price,
            OriginalPrice = price.OriginalPrice,
            CurrencyCode = price.CurrencyCode,
            Availability = availability,
            ImageUris = imageUris,
            Colors = colors,
            ColorFamilies = colorFamilies,
            AgeGroups = ageGroups,
            Attributes = attributes ?? ProductAttributesParser.None,
            Uri = string.IsNullOrWhiteSpace(uri) ? null : uri.Trim(),
        };
        return null;
    }

    private struct PriceFields
    {
        public PriceFields() { }
        public double? Price;
        public double? OriginalPrice;
        public string? CurrencyCode;
        public bool Valid = true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static PriceFields ReadPriceInfo(ref Utf8JsonReader reader, StringPool vocabulary, ref bool twice)
    {
        var fields = new PriceFields();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return fields;
        }
        var read = new ObjectFields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("price"u8))
            {
                read.Read(1, ref twice);
                MoveToValue(ref reader);
                fields.Valid &= TryReadPrice(ref reader, out fields.Price);
            }
            else if (reader.ValueTextEquals("originalPrice"u8))
            {
                read.Read(2, ref twice);
                MoveToValue(ref reader);
                fields.Valid &= TryReadPrice(ref reader, out fields.OriginalPrice);
            }
            else if (reader.ValueTextEquals("currencyCode"u8))
            {
                read.Read(4, ref twice);
                MoveToValue(ref reader);
                fields.CurrencyCode = ReadPooledTrimmed(ref reader, vocabulary);
            }
            else { MoveToValue(ref reader); reader.Skip(); }
        }
        return fields;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryReadPrice(ref Utf8JsonReader reader, out double? price) =>
        TryReadNumber(ref reader, out price) && price is not < 0;

    /// <summary>
    /// The API's enum name, or its number (protobuf JSON allows both); blank or null is unspecified; any other
    /// value (a name the API does not define, a number out of range, another JSON type) is unknown.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ProductAvailability ReadAvailability(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return ProductAvailability.Unspecified;
            case JsonTokenType.String:
                // The API's exact spellings without allocating; anything else goes through the tolerant parser.
                if (reader.ValueTextEquals("IN_STOCK"u8)) return ProductAvailability.InStock;
                if (reader.ValueTextEquals("OUT_OF_STOCK"u8)) return ProductAvailability.OutOfStock;
                return ProductAvailabilityNames.TryParse(reader.GetString(), out var named) ? named : ProductAvailability.Unknown;
            case JsonTokenType.Number:
                return reader.TryGetInt32(out int number) && number is >= 0 and <= (int)ProductAvailability.Backorder
                    ? (ProductAvailability)number : ProductAvailability.Unknown;
            default:
                reader.Skip();
                return ProductAvailability.Unknown;
        }
    }

    /// <summary>PRIMARY, VARIANT or COLLECTION by name (any case) or number; anything else (or unspecified) is primary.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ProductType ReadType(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Number)
            return reader.TryGetInt32(out int number) && number is (int)ProductType.Variant or (int)ProductType.Collection
                ? (ProductType)number : ProductType.Primary;
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return ProductType.Primary;
        }
        if (reader.ValueTextEquals("PRIMARY"u8)) return ProductType.Primary;
        if (reader.ValueTextEquals("VARIANT"u8)) return ProductType.Variant;
        string text = reader.GetString()!.Trim();
        return text.Equals("VARIANT", StringComparison.OrdinalIgnoreCase) ? ProductType.Variant
            : text.Equals("COLLECTION", StringComparison.OrdinalIgnoreCase) ? ProductType.Collection
            : ProductType.Primary;
    }

    /// <summary>images[].uri; also accepts a single image object or bare uri strings.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static IReadOnlyList<string> ReadImageUris(ref Utf8JsonReader reader, ref bool twice)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
            return ReadImageUri(ref reader, ref twice) is { } single ? [single] : [];
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return [];
        }
        List<string>? uris = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            if (ReadImageUri(ref reader, ref twice) is { } uri) (uris ??= new List<string>(1)).Add(uri);
        return uris is null ? [] : uris.ToArray();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? ReadImageUri(ref Utf8JsonReader reader, ref bool twice)
    {
        if (reader.TokenType == JsonTokenType.String) return NonBlank(reader.GetString());
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return null;
        }
        string? uri = null;
        var fields = new ObjectFields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isUri = reader.ValueTextEquals("uri"u8);
            if (isUri) fields.Read(1, ref twice);
            MoveToValue(ref reader);
            if (isUri) uri = NonBlank(ReadString(ref reader));
            else reader.Skip();
        }
        return uri;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadColorInfo(ref Utf8JsonReader reader, StringPool vocabulary, ref IReadOnlyList<string> colors, ref IReadOnlyList<string> colorFamilies,
        ref bool twice)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        var fields = new ObjectFields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("colors"u8)) { fields.Read(1, ref twice); MoveToValue(ref reader); colors = ReadStrings(ref reader, vocabulary); }
            else if (reader.ValueTextEquals("colorFamilies"u8)) { fields.Read(2, ref twice); MoveToValue(ref reader); colorFamilies = ReadStrings(ref reader, vocabulary); }
            else { MoveToValue(ref reader); reader.Skip(); }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static IReadOnlyList<string> ReadAgeGroups(ref Utf8JsonReader reader, StringPool vocabulary, ref bool twice)
    {
        IReadOnlyList<string> ageGroups = [];
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return ageGroups;
        }
        var fields = new ObjectFields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isAgeGroups = reader.ValueTextEquals("ageGroups"u8);
            if (isAgeGroups) fields.Read(1, ref twice);
            MoveToValue(ref reader);
            if (isAgeGroups) ageGroups = ReadStrings(ref reader, vocabulary);
            else reader.Skip();
        }
        return ageGroups;
    }

    /// <summary>An id: a string, or null when absent or null; another JSON type sets <paramref name="wrongType"/> (the line is wrong_type, never missing_id).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? ReadId(ref Utf8JsonReader reader, ref bool wrongType)
    {
        if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null)) wrongType = true;
        return ReadString(ref reader);
    }

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
