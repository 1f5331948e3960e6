using System.Text;

namespace Teddy.Storage;

/// <summary>
/// Makes any string safe as a Table Storage PartitionKey or RowKey. The service forbids '/', '\', '#',
/// '?' and control characters (U+0000–U+001F, U+007F–U+009F) in keys; each of those, and the escape
/// character '%' itself, becomes %XX per UTF-8 byte, so the mapping is reversible and collision-free.
/// </summary>
public static class TableKeys
{
    public static string Escape(string value)
    {
        int first = value.AsSpan().IndexOfAny(Forbidden);
        if (first < 0 && !value.Any(char.IsControl)) return value;

        var builder = new StringBuilder(value.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (NeedsEscape(rune))
            {
                int length = rune.EncodeToUtf8(utf8);
                for (int i = 0; i < length; i++) builder.Append('%').Append(utf8[i].ToString("X2"));
            }
            else builder.Append(rune.ToString());
        }
        return builder.ToString();
    }

    public static string Unescape(string key) => Uri.UnescapeDataString(key);

    private static readonly System.Buffers.SearchValues<char> Forbidden = System.Buffers.SearchValues.Create("/\\#?%");

    private static bool NeedsEscape(Rune rune) =>
        rune.Value is '/' or '\\' or '#' or '?' or '%' || rune.Value <= 0x1F || (rune.Value >= 0x7F && rune.Value <= 0x9F);
}
