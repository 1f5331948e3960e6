using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Teddy.Functions.Http;

/// <summary>
/// The one reading of percent-encoded URL text (RFC 3986 §2.1), for a path and for a query parameter's name and value
/// alike: every '%' starts a <c>%XX</c> escape (two hex digits), and the bytes the text stands for — escapes and
/// characters sent as they are — are UTF-8. Text that is not so (<c>%zz</c>, a bare <c>%</c>, <c>%FF%FE</c>) is
/// malformed: both hosts keep it as literal text, which is also what a correct <c>%25</c> gives, so one value would
/// have two spellings; Teddy refuses it instead (a 400 naming the parameter).
/// </summary>
public static class PercentEncoding
{
    /// <summary>The rule in words, for the 400s that refuse malformed text (path ids and query parameters alike).</summary>
    public const string Rule = "every '%' must start a %XX escape, and the escaped bytes must be UTF-8 (send a literal '%' as %25).";

    /// <summary>Whether <paramref name="text"/> is well-formed percent-encoded UTF-8 (see the type's remarks).</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> text) => Decode(text, plusIsSpace: false) is not null;

    /// <summary>
    /// <paramref name="text"/> percent-decoded once, or null when it is malformed (see the type's remarks, and a lone
    /// surrogate among its characters).
    /// </summary>
    /// <param name="plusIsSpace">Read '+' as a space, as HTML forms (and ASP.NET Core's <c>IQueryCollection</c>) do;
    /// false keeps it a plus, as RFC 3986 does (ids, where base64's '+' is far likelier than a space).</param>
    public static string? Decode(ReadOnlySpan<char> text, bool plusIsSpace)
    {
        if (text.IndexOf('%') < 0)
        {
            if (HasLoneSurrogate(text)) return null;
            string plain = text.ToString();
            return plusIsSpace ? plain.Replace('+', ' ') : plain;
        }

        var bytes = new ArrayBufferWriter<byte>(text.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '%')
            {
                if (i + 2 >= text.Length || !char.IsAsciiHexDigit(text[i + 1]) || !char.IsAsciiHexDigit(text[i + 2])) return null;
                bytes.Write([(byte)(HexValue(text[i + 1]) << 4 | HexValue(text[i + 2]))]);
                i += 2;
                continue;
            }
            if (Rune.DecodeFromUtf16(text[i..], out var rune, out int used) != OperationStatus.Done) return null;
            int length = (plusIsSpace && c == '+' ? new Rune(' ') : rune).EncodeToUtf8(utf8);
            bytes.Write(utf8[..length]);
            i += used - 1;
        }
        return Utf8.IsValid(bytes.WrittenSpan) ? Encoding.UTF8.GetString(bytes.WrittenSpan) : null;
    }

    private static bool HasLoneSurrogate(ReadOnlySpan<char> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i])) continue;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else return true;
        }
        return false;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
