namespace Teddy.Text;

/// <summary>
/// Reads UTF-16 text as Python does, one code point at a time. A lone surrogate is a code point of its own
/// (Python strings may hold them; every property here treats them as neither word, cased nor ignorable).
/// </summary>
internal static class CodePoints
{
    /// <summary>The code point starting at <paramref name="index"/> and how many chars it spans (1 or 2).</summary>
    public static int At(ReadOnlySpan<char> text, int index, out int length)
    {
        char c = text[index];
        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            length = 2;
            return char.ConvertToUtf32(c, text[index + 1]);
        }
        length = 1;
        return c;
    }

    /// <summary>The code point ending just before <paramref name="index"/> and how many chars it spans.</summary>
    public static int Before(ReadOnlySpan<char> text, int index, out int length)
    {
        char c = text[index - 1];
        if (char.IsLowSurrogate(c) && index >= 2 && char.IsHighSurrogate(text[index - 2]))
        {
            length = 2;
            return char.ConvertToUtf32(text[index - 2], c);
        }
        length = 1;
        return c;
    }

    /// <summary>Writes <paramref name="codePoint"/> (possibly a lone surrogate) and returns the chars written.</summary>
    public static int Write(int codePoint, Span<char> destination)
    {
        if (codePoint < 0x10000)
        {
            destination[0] = (char)codePoint;
            return 1;
        }
        codePoint -= 0x10000;
        destination[0] = (char)(0xD800 + (codePoint >> 10));
        destination[1] = (char)(0xDC00 + (codePoint & 0x3FF));
        return 2;
    }
}
