using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Teddy.Retail;

/// <summary>
/// RFC 3339 timestamps as the Retail API writes them ("2022-02-23T10:27:42Z", "...42.123456789Z", "...+00:00").
/// Uses System.Text.Json's ISO 8601 parser after normalising what RFC 3339 allows and it does not:
/// a lower-case 't'/'z' and a space between date and time. Fractions beyond 100 ns are truncated.
/// As RFC 3339 (and the Retail API's protobuf Timestamp JSON) requires, a value is a full date-time with
/// seconds and an offset (<c>Z</c> or <c>±hh:mm</c>): a bare date, or a date-time without an offset, is refused
/// rather than guessed at (it would be the sender's local time, not UTC).
/// </summary>
internal static class Rfc3339Timestamp
{
    /// <summary>The longest timestamp read, in bytes after trimming (RFC 3339 allows any number of fraction digits; no clock sends 40).</summary>
    public const int MaxLength = 64;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<byte> text, out DateTimeOffset time)
    {
        time = default;
        text = text.Trim(" \t"u8);
        if (text.Length < 20 || text.Length > MaxLength || !IsDateTimeWithOffset(text)) return false;

        // Utf8JsonReader only parses dates inside a JSON string token, so quote the normalised text.
        Span<byte> quoted = stackalloc byte[MaxLength + 2];
        quoted[0] = (byte)'"';
        text.CopyTo(quoted[1..]);
        quoted[text.Length + 1] = (byte)'"';
        int length = text.Length;
        // Fractions beyond 100 ns are cut here (the JSON reader takes at most 16 digits; RFC 3339 allows any number).
        if (text[19] == '.' && text[20..].IndexOfAnyExceptInRange((byte)'0', (byte)'9') is var digits and > 7)
        {
            text[(20 + digits)..].CopyTo(quoted[(1 + 27)..]);
            length -= digits - 7;
            quoted[length + 1] = (byte)'"';
        }
        Span<byte> value = quoted.Slice(1, length);
        if (value.Length > 10 && value[10] is (byte)' ' or (byte)'t') value[10] = (byte)'T';
        if (value[^1] == (byte)'z') value[^1] = (byte)'Z';

        if (TryRead(quoted[..(length + 2)], out time)) return true;
        // A valid date and time whose offset takes it past the representable range (0001-01-01T00:00:00+14:00 is in year 0
        // in UTC): it is a time all the same, before 1970 or far in the future, so it is the earliest or latest one (the
        // rules on event times then say which) rather than "not a date-time".
        if (value[^1] is (byte)'Z' || value.Length < 25 || value[^6] is not ((byte)'+' or (byte)'-')) return false;
        int hours = (value[^5] - '0') * 10 + value[^4] - '0', minutes = (value[^2] - '0') * 10 + value[^1] - '0';
        if (hours * 60 + minutes > 14 * 60 || minutes > 59) return false; // not an offset (they range over ±14:00)
        int end = length - 6 + 1; // the offset's first byte in quoted
        quoted[end] = (byte)'Z';
        quoted[end + 1] = (byte)'"';
        if (!TryRead(quoted[..(end + 2)], out var local) || local.Year is not (1 or 9999)) return false;
        time = local.Year < 5000 ? DateTimeOffset.MinValue : DateTimeOffset.MaxValue;
        return true;
    }

    private static bool TryRead(ReadOnlySpan<byte> quoted, out DateTimeOffset time)
    {
        time = default;
        var reader = new Utf8JsonReader(quoted);
        try
        {
            return reader.Read() && reader.TryGetDateTimeOffset(out time);
        }
        catch (JsonException)
        {
            return false; // e.g. a control character in the text
        }
    }

    /// <summary>RFC 3339's date-time shape: <c>yyyy-MM-dd</c>, <c>T</c> (or <c>t</c> or a space), <c>HH:mm:ss</c>, an optional fraction, and <c>Z</c> or <c>±hh:mm</c>.</summary>
    private static bool IsDateTimeWithOffset(ReadOnlySpan<byte> t)
    {
        static bool Digits(ReadOnlySpan<byte> s) => s.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0;
        if (!(Digits(t[..4]) && t[4] == '-' && Digits(t[5..7]) && t[7] == '-' && Digits(t[8..10]) && t[10] is (byte)'T' or (byte)'t' or (byte)' '
              && Digits(t[11..13]) && t[13] == ':' && Digits(t[14..16]) && t[16] == ':' && Digits(t[17..19])))
            return false;
        var rest = t[19..];
        if (rest.Length > 0 && rest[0] == '.')
        {
            int digits = rest[1..].IndexOfAnyExceptInRange((byte)'0', (byte)'9');
            if (digits == 0) return false; // a dot needs at least one digit
            rest = digits < 0 ? [] : rest[(1 + digits)..];
        }
        return rest is [(byte)'Z' or (byte)'z']
            || (rest.Length == 6 && rest[0] is (byte)'+' or (byte)'-' && Digits(rest[1..3]) && rest[3] == ':' && Digits(rest[4..6]));
    }

    /// <summary>Reads a timestamp string at the reader's current token; anything else is false.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryRead(ref Utf8JsonReader reader, out DateTimeOffset time)
    {
        time = default;
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return false;
        }
        if (!reader.HasValueSequence && !reader.ValueIsEscaped) return TryParse(reader.ValueSpan, out time);
        return TryParse(System.Text.Encoding.UTF8.GetBytes(reader.GetString()!), out time);
    }
}
