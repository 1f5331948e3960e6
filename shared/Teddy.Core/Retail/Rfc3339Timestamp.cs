using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Teddy.Retail;

/// <summary>
/// RFC 3339 timestamps as the Retail API writes them ("2022-02-23T10:27:42Z", "...42.123456789Z", "...+00:00").
/// Uses System.Text.Json's ISO 8601 parser after normalising what RFC 3339 allows and it does not:
/// a lower-case 't'/'z' and a space between date and time. Fractions beyond 100 ns are truncated.
/// Deliberate tolerance: a value without an offset (or a bare date) is taken as UTC, never as the
/// server's local time, so results do not depend on where the code runs.
/// </summary>
internal static class Rfc3339Timestamp
{
    private const int MaxLength = 64;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<byte> text, out DateTimeOffset time)
    {
        time = default;
        text = text.Trim(" \t"u8);
        if (text.Length < 10 || text.Length > MaxLength) return false;

        // Utf8JsonReader only parses dates inside a JSON string token, so quote the normalised text.
        Span<byte> quoted = stackalloc byte[MaxLength + 2];
        quoted[0] = (byte)'"';
        text.CopyTo(quoted[1..]);
        quoted[text.Length + 1] = (byte)'"';
        Span<byte> value = quoted.Slice(1, text.Length);
        if (value.Length > 10 && value[10] is (byte)' ' or (byte)'t') value[10] = (byte)'T';
        if (value[^1] == (byte)'z') value[^1] = (byte)'Z';

        var reader = new Utf8JsonReader(quoted[..(text.Length + 2)]);
        try
        {
            if (!reader.Read() || !reader.TryGetDateTimeOffset(out time)) return false;
        }
        catch (JsonException)
        {
            return false; // e.g. a control character in the text
        }
        if (!HasOffset(value)) time = new DateTimeOffset(DateTime.SpecifyKind(time.DateTime, DateTimeKind.Unspecified), TimeSpan.Zero);
        return true;
    }

    private static bool HasOffset(ReadOnlySpan<byte> value) =>
        value.Length > 11 && value[11..].IndexOfAny("Z+-"u8) >= 0;

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
