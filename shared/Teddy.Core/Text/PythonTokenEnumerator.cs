namespace Teddy.Text;

/// <summary>
/// The matches of sklearn's default <c>token_pattern</c> <c>(?u)\b\w\w+\b</c> under Python's <c>re</c>:
/// every maximal run of at least two Python word characters (<see cref="PythonCharacters.IsWordCharacter"/>),
/// counted in code points, so a lone astral letter (two chars) is still too short. Run it on text that is
/// already lower-cased the Python way. Allocation-free: yields (start, length) in chars.
/// </summary>
internal ref struct PythonTokenEnumerator
{
    private readonly ReadOnlySpan<char> text;
    private int position;

    public PythonTokenEnumerator(ReadOnlySpan<char> text) => this.text = text;

    /// <summary>The current token's start and length, in chars of the text.</summary>
    public (int Start, int Length) Current { get; private set; }

    public readonly PythonTokenEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        ReadOnlySpan<char> span = text;
        int at = position;
        while (at < span.Length)
        {
            int start = at;
            int codePoints = 0;
            int length;
            while (at < span.Length && IsWordAt(span, at, out length))
            {
                at += length;
                codePoints++;
            }
            if (codePoints >= 2)
            {
                position = at;
                Current = (start, at - start);
                return true;
            }
            if (codePoints == 0)
                at += NonWordLength(span, at);
        }
        position = at;
        return false;
    }

    private static bool IsWordAt(ReadOnlySpan<char> span, int at, out int length) =>
        PythonCharacters.IsWordCharacter(CodePoints.At(span, at, out length));

    private static int NonWordLength(ReadOnlySpan<char> span, int at)
    {
        CodePoints.At(span, at, out int length);
        return length;
    }
}
