using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Teddy.Retail;

/// <summary>
/// Tolerant readers for one JSON value at the reader's current token. Feeds are hand-made and drift from the
/// documented schema (Google's own samples quote numbers and put an object where an array belongs), so each
/// reader accepts the reasonable variants and skips values of a type it cannot use instead of failing the line.
/// Per-line hot paths are marked AggressiveOptimization: an ingestion is often the first and only run of this
/// code in a process, and tier-0 code would make that run several times slower.
/// </summary>
internal static class JsonValues
{
    private const int StackCharLimit = 256;

    /// <summary>A string value, or null for null / any other type (which is skipped).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string? ReadString(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String) return reader.GetString();
        reader.Skip();
        return null;
    }

    /// <summary>
    /// Like <see cref="ReadString"/>, but repeated values come from <paramref name="pool"/>, looked up by their raw
    /// UTF-8 bytes; <paramref name="id"/> is the pool id (-1 when none). Invalid UTF-8 is a JsonException (malformed line).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string? ReadPooledString(ref Utf8JsonReader reader, StringPool pool, out int id)
    {
        id = -1;
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }
        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
            return pool.TryIntern(reader.ValueSpan, out string value, out id) ? value : throw new JsonException("A string is not valid UTF-8.");
        return pool.Intern(reader.GetString()!, out id); // escaped: rare, GetString unescapes and validates
    }

    /// <summary>
    /// A string value as a pool id, without fetching the string (see <see cref="PooledText"/>). Missing for null,
    /// another type, or blank (for unescaped values: ASCII whitespace only; an id made of other whitespace is kept).
    /// Invalid UTF-8 is a JsonException (malformed line).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static PooledText ReadPooledText(ref Utf8JsonReader reader, StringPool pool)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return PooledText.Missing;
        }
        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            var utf8 = reader.ValueSpan;
            if (utf8.Trim(" \t\r\n"u8).IsEmpty) return PooledText.Missing;
            return pool.TryGetId(utf8, out int id) ? new PooledText(id, null) : throw new JsonException("A string is not valid UTF-8.");
        }
        string value = reader.GetString()!; // escaped: rare, GetString unescapes and validates
        if (string.IsNullOrWhiteSpace(value)) return PooledText.Missing;
        string pooled = pool.Intern(value, out int pooledId);
        return pooledId >= 0 ? new PooledText(pooledId, null) : new PooledText(-1, pooled);
    }

    /// <summary>
    /// Whether the string value at the reader is an id longer than <see cref="IdLimit.MaxLength"/> UTF-16 code units. A
    /// blank value (by <see cref="ReadPooledText"/>'s rule) is not: it counts as absent. Free for a short value: its raw
    /// length bounds its length (each UTF-8 byte, and each escape, gives at most one UTF-16 code unit per byte), so only
    /// a long one is measured. Invalid UTF-8 is a JsonException (malformed line), as when the value is read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsTooLongId(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String) return false;
        long raw = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (raw <= IdLimit.MaxLength) return false;
        if (!reader.HasValueSequence && !reader.ValueIsEscaped)
        {
            var utf8 = reader.ValueSpan;
            if (!System.Text.Unicode.Utf8.IsValid(utf8)) throw new JsonException("A string is not valid UTF-8.");
            return !utf8.Trim(" \t\r\n"u8).IsEmpty && System.Text.Encoding.UTF8.GetCharCount(utf8) > IdLimit.MaxLength;
        }
        string value = reader.GetString()!; // escaped: GetString unescapes and validates
        return !string.IsNullOrWhiteSpace(value) && value.Length > IdLimit.MaxLength;
    }

    /// <summary>A JSON value's type in words, for messages: "a number", "an object".</summary>
    public static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "true or false",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.Null => "null",
        _ => "another JSON value",
    };

    /// <summary>A JSON element's type in words, as <see cref="Describe(JsonTokenType)"/>.</summary>
    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true or false",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.Null => "null",
        _ => "another JSON value",
    };

    /// <summary>
    /// A list of strings from an array (non-strings and blanks ignored) or from a single string; trimmed.
    /// With a pool, values come from it: brands, categories, colours and attribute values repeat across a catalog.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IReadOnlyList<string> ReadStrings(ref Utf8JsonReader reader, StringPool? pool = null)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            string single = ReadTrimmed(ref reader, pool);
            return single.Length == 0 ? [] : [single];
        }
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            reader.Skip();
            return [];
        }
        // Most lists have one element: no List for those.
        string? first = null;
        List<string>? more = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                continue;
            }
            string value = ReadTrimmed(ref reader, pool);
            if (value.Length == 0) continue;
            if (first is null) first = value;
            else (more ??= new List<string>(4)).Add(value);
        }
        if (first is null) return [];
        if (more is null) return [first];
        var values = new string[more.Count + 1];
        values[0] = first;
        more.CopyTo(values, 1);
        return values;
    }

    /// <summary>A trimmed string from the pool, or null for blank / null / any other type (which is skipped).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static string? ReadPooledTrimmed(ref Utf8JsonReader reader, StringPool pool)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }
        string value = ReadTrimmed(ref reader, pool);
        return value.Length == 0 ? null : value;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string ReadTrimmed(ref Utf8JsonReader reader, StringPool? pool)
    {
        int maxChars = reader.HasValueSequence ? int.MaxValue : reader.ValueSpan.Length;
        if (pool is null || maxChars > StackCharLimit)
        {
            string value = reader.GetString()!.Trim();
            return pool is null || value.Length == 0 ? value : pool.Intern(value, out _);
        }
        Span<char> chars = stackalloc char[StackCharLimit];
        var trimmed = chars[..reader.CopyString(chars)].Trim();
        return trimmed.IsEmpty ? "" : pool.Intern(trimmed, out _);
    }

    /// <summary>A list of numbers from an array or a single value; numeric strings count, other values are ignored.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static IReadOnlyList<double> ReadNumbers(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
            return TryReadNumber(ref reader, out double? single) && single is { } value ? [value] : [];
        List<double>? values = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            if (TryReadNumber(ref reader, out double? number) && number is { } value) (values ??= new List<double>(2)).Add(value);
        return values is null ? [] : values.ToArray();
    }

    /// <summary>
    /// A JSON number or a numeric string (invariant culture; Google's samples quote prices).
    /// Null or an absent value gives true with null; anything unparseable or non-finite gives false.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryReadNumber(ref Utf8JsonReader reader, out double? value)
    {
        value = null;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.Number:
                if (reader.TryGetDouble(out double number) && double.IsFinite(number)) { value = number; return true; }
                return false;
            case JsonTokenType.String:
                return TryParseNumericString(ref reader, out value);
            default:
                reader.Skip();
                return false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool TryParseNumericString(ref Utf8JsonReader reader, out double? value)
    {
        value = null;
        ReadOnlySpan<byte> utf8 = reader.HasValueSequence || reader.ValueIsEscaped
            ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!)
            : reader.ValueSpan;
        utf8 = utf8.Trim(" \t"u8);
        // double.TryParse also takes "NaN" and "Infinity": a price can be neither.
        if (utf8.IsEmpty || !double.TryParse(utf8, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) || !double.IsFinite(number))
            return false;
        value = number;
        return true;
    }

    /// <summary>A whole number (JSON number or numeric string); false when absent, fractional or out of range.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryReadInt(ref Utf8JsonReader reader, out int value)
    {
        value = 0;
        if (!TryReadNumber(ref reader, out double? number) || number is not { } n) return false;
        if (n != Math.Floor(n) || n < int.MinValue || n > int.MaxValue) return false;
        value = (int)n;
        return true;
    }

    /// <summary>Reads past the property name to its value.</summary>
    public static void MoveToValue(ref Utf8JsonReader reader)
    {
        if (!reader.Read()) throw new JsonException("Property without a value.");
    }
}
