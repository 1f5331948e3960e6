using System.Buffers;
using System.Text;

namespace Teddy.Text;

/// <summary>
/// Python's <c>str.lower()</c>, which sklearn's default preprocessor applies to the whole document before
/// tokenising. It differs from <see cref="string.ToLowerInvariant()"/> in two ways that change tokens:
/// U+0130 (İ) becomes "i" + U+0307 COMBINING DOT ABOVE (a non-word character, so "İstanbul" yields the
/// token "stanbul"), and a capital sigma at the end of a word becomes final sigma ς, not σ.
/// </summary>
internal static class PythonLowercase
{
    /// <summary>
    /// An upper bound on the output length: only U+0130 grows (1 char to 2), and no BMP character lowers to
    /// an astral one, so twice the input always suffices.
    /// </summary>
    public static int MaxOutputLength(int sourceLength) => checked(sourceLength * 2);

    /// <summary>Lower-cases <paramref name="source"/> into <paramref name="destination"/>; returns the chars written.</summary>
    public static int ToLower(ReadOnlySpan<char> source, Span<char> destination)
    {
        int read = 0, written = 0;
        while (read < source.Length)
        {
            // Product text is overwhelmingly ASCII: let the vectorised ASCII path take runs of it.
            OperationStatus status = Ascii.ToLower(source[read..], destination[written..], out int asciiChars);
            read += asciiChars;
            written += asciiChars;
            if (status == OperationStatus.Done)
                break;
            written += LowerNonAscii(source, ref read, destination[written..]);
        }
        return written;
    }

    public static string ToLower(string text)
    {
        char[] buffer = ArrayPool<char>.Shared.Rent(Math.Max(1, MaxOutputLength(text.Length)));
        try
        {
            int length = ToLower(text, buffer);
            return new string(buffer, 0, length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static int LowerNonAscii(ReadOnlySpan<char> source, ref int read, Span<char> destination)
    {
        int codePoint = CodePoints.At(source, read, out int length);
        int at = read;
        read += length;
        switch (codePoint)
        {
            case 0x130:
                destination[0] = 'i';
                destination[1] = '\u0307';
                return 2;
            case 0x3A3:
                destination[0] = IsFinalSigma(source, at) ? '\u03C2' : '\u03C3';
                return 1;
            default:
                return CodePoints.Write(PythonCharacters.ToLowerSimple(codePoint), destination);
        }
    }

    /// <summary>
    /// CPython's Final_Sigma context: a cased character before the sigma and none after it, skipping
    /// case-ignorable characters in both directions, looking across the whole string (not just the word).
    /// </summary>
    private static bool IsFinalSigma(ReadOnlySpan<char> text, int sigmaIndex)
    {
        int index = sigmaIndex;
        int codePoint = 0;
        bool foundBefore = false;
        while (index > 0)
        {
            codePoint = CodePoints.Before(text, index, out int length);
            index -= length;
            if (!PythonCharacters.IsCaseIgnorable(codePoint))
            {
                foundBefore = true;
                break;
            }
        }
        if (!foundBefore || !PythonCharacters.IsCased(codePoint))
            return false;

        index = sigmaIndex + 1;
        while (index < text.Length)
        {
            codePoint = CodePoints.At(text, index, out int length);
            index += length;
            if (!PythonCharacters.IsCaseIgnorable(codePoint))
                return !PythonCharacters.IsCased(codePoint);
        }
        return true;
    }
}
