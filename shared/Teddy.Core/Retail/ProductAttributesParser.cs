using System.Runtime.CompilerServices;
using System.Text.Json;
using static Teddy.Retail.JsonValues;

namespace Teddy.Retail;

/// <summary>
/// Product.attributes in either shape seen in the wild:
/// the API's map <c>{"material": {"text": ["Metal"]}, "length_cm": {"numbers": [2.5]}}</c>, or Google's sample's
/// array <c>[{"key": "material", "value": {"indexable": "true", "text": ["Metal"]}}]</c>.
/// indexable/searchable are search settings, not product data, and are ignored. Empty values are dropped;
/// a key in two entries of the array form has its values appended (and so do map keys that differ only by spaces
/// around them); a field given twice in one object — a map key, an entry's <c>key</c> or <c>value</c>, a value's
/// <c>text</c> or <c>numbers</c> — sets <c>twice</c> (the line is duplicate_field).
/// </summary>
internal static class ProductAttributesParser
{
    public static readonly IReadOnlyDictionary<string, ProductAttributeValue> None =
        new Dictionary<string, ProductAttributeValue>(StringComparer.Ordinal);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IReadOnlyDictionary<string, ProductAttributeValue>? Read(ref Utf8JsonReader reader, StringPool vocabulary, ref bool twice)
    {
        Dictionary<string, ProductAttributeValue>? attributes = null;
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            var keys = new ObjectFields();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                string name = reader.GetString()!;
                keys.Read(name, ref twice);
                string key = vocabulary.Intern(name.Trim(), out _);
                MoveToValue(ref reader);
                Add(ref attributes, key, ReadValue(ref reader, vocabulary, ref twice));
            }
        }
        else if (reader.TokenType == JsonTokenType.StartArray)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                ReadKeyValueEntry(ref reader, vocabulary, ref attributes, ref twice);
        }
        else reader.Skip();
        return attributes;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ReadKeyValueEntry(ref Utf8JsonReader reader, StringPool vocabulary, ref Dictionary<string, ProductAttributeValue>? attributes,
        ref bool twice)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            reader.Skip();
            return;
        }
        string? key = null;
        ProductAttributeValue? value = null;
        var fields = new ObjectFields();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("key"u8)) { fields.Read(1, ref twice); MoveToValue(ref reader); key = ReadPooledTrimmed(ref reader, vocabulary); }
            else if (reader.ValueTextEquals("value"u8)) { fields.Read(2, ref twice); MoveToValue(ref reader); value = ReadValue(ref reader, vocabulary, ref twice); }
            else { MoveToValue(ref reader); reader.Skip(); }
        }
        if (key is not null && value is not null) Add(ref attributes, key, value);
    }

    /// <summary>The API's CustomAttribute object; a bare string, number or array is taken as its text or numbers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ProductAttributeValue ReadValue(ref Utf8JsonReader reader, StringPool vocabulary, ref bool twice)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                IReadOnlyList<string> text = [];
                IReadOnlyList<double> numbers = [];
                var fields = new ObjectFields();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("text"u8)) { fields.Read(1, ref twice); MoveToValue(ref reader); text = ReadStrings(ref reader, vocabulary); }
                    else if (reader.ValueTextEquals("numbers"u8)) { fields.Read(2, ref twice); MoveToValue(ref reader); numbers = ReadNumbers(ref reader); }
                    else { MoveToValue(ref reader); reader.Skip(); }
                }
                return new ProductAttributeValue(text, numbers);
            case JsonTokenType.String:
                return new ProductAttributeValue(ReadStrings(ref reader, vocabulary), []);
            case JsonTokenType.Number:
                return new ProductAttributeValue([], ReadNumbers(ref reader));
            case JsonTokenType.StartArray:
                return ReadBareArray(ref reader);
            default:
                reader.Skip();
                return new ProductAttributeValue([], []);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ProductAttributeValue ReadBareArray(ref Utf8JsonReader reader)
    {
        var text = new List<string>();
        var numbers = new List<double>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.String && reader.GetString()!.Trim() is { Length: > 0 } item) text.Add(item);
            else if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out double number) && double.IsFinite(number)) numbers.Add(number);
            else reader.Skip();
        }
        return new ProductAttributeValue(text.ToArray(), numbers.ToArray());
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Add(ref Dictionary<string, ProductAttributeValue>? attributes, string key, ProductAttributeValue value)
    {
        key = key.Trim();
        if (key.Length == 0 || value.IsEmpty) return;
        attributes ??= new Dictionary<string, ProductAttributeValue>(StringComparer.Ordinal);
        attributes[key] = attributes.TryGetValue(key, out var existing)
            ? new ProductAttributeValue([.. existing.Text, .. value.Text], [.. existing.Numbers, .. value.Numbers])
            : value;
    }
}
