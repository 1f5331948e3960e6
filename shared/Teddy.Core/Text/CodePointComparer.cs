namespace Teddy.Text;

/// <summary>
/// Orders strings as Python does: by Unicode code point. <see cref="string.CompareOrdinal(string, string)"/>
/// compares UTF-16 code units instead, which disagrees exactly where an astral character (a surrogate pair,
/// D800..DFFF) meets a character in U+E000..U+FFFF (e.g. full-width letters): UTF-16 sorts the astral one
/// first, code points sort it last.
/// </summary>
internal sealed class CodePointComparer : IComparer<string>
{
    public static readonly CodePointComparer Instance = new();

    public int Compare(string? x, string? y) =>
        ReferenceEquals(x, y) ? 0 : x is null ? -1 : y is null ? 1 : Compare(x.AsSpan(), y.AsSpan());

    public static int Compare(ReadOnlySpan<char> x, ReadOnlySpan<char> y)
    {
        int common = x.CommonPrefixLength(y);
        if (common == x.Length || common == y.Length)
            return x.Length.CompareTo(y.Length);
        return InCodePointOrder(x[common]) - InCodePointOrder(y[common]);
    }

    // Moves surrogates above U+E000..U+FFFF while keeping each group's internal order; a first difference
    // inside a surrogate pair is between two highs or two lows, whose order the shift preserves.
    private static int InCodePointOrder(char c) => c < 0xD800 ? c : c >= 0xE000 ? c - 0x800 : c + 0x2000;
}
