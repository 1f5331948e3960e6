namespace Teddy.Text;

/// <summary>
/// Runs sklearn's analyzer up to stop-word removal on one document at a time: Python lower-casing, the
/// default token pattern, then the ids of the tokens that are not stop words, in order. Reuses its buffers
/// across documents, so keep one per thread.
/// </summary>
internal sealed class DocumentTokenizer
{
    private char[] lowered = new char[1024];
    private int[] tokenIds = new int[256];

    /// <summary>
    /// The ids of the document's non-stop-word tokens. With <paramref name="internNewTokens"/> unknown tokens
    /// are added to <paramref name="tokens"/>; without it they come back as -1, which matches no term but still
    /// separates its neighbours (as in sklearn, an unknown word breaks the bigrams across it).
    /// The span is valid until the next call.
    /// </summary>
    public ReadOnlySpan<int> TokenIds(string document, TokenTable tokens, bool internNewTokens)
    {
        ArgumentNullException.ThrowIfNull(document);
        int capacity = PythonLowercase.MaxOutputLength(document.Length);
        if (lowered.Length < capacity)
            lowered = new char[Math.Max(capacity, lowered.Length * 2)];
        ReadOnlySpan<char> text = lowered.AsSpan(0, PythonLowercase.ToLower(document, lowered));

        int count = 0;
        foreach ((int start, int length) in new PythonTokenEnumerator(text))
        {
            ReadOnlySpan<char> token = text.Slice(start, length);
            int id = internNewTokens ? tokens.GetOrAdd(token) : tokens.Find(token);
            if (tokens.IsStopWord(id))
                continue;
            if (count == tokenIds.Length)
                Array.Resize(ref tokenIds, count * 2);
            tokenIds[count++] = id;
        }
        return tokenIds.AsSpan(0, count);
    }
}
