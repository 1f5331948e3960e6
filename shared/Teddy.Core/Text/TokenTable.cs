namespace Teddy.Text;

/// <summary>
/// Interns tokens to dense ids so n-grams can be keyed by ids instead of strings. The stop words are
/// interned first, which makes "is a stop word" a comparison (<c>id &lt; StopWordCount</c>) and lets one
/// dictionary probe per token answer both questions. Lookups take spans, so a known token costs no allocation.
/// Not thread-safe for writes; concurrent <see cref="Find"/> calls are safe once interning is over.
/// </summary>
internal sealed class TokenTable
{
    private readonly Dictionary<string, int> ids;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> idsBySpan;
    private readonly List<string> tokens;

    public TokenTable()
    {
        ReadOnlySpan<string> stopWords = EnglishStopWords.Words;
        ids = new Dictionary<string, int>(StringComparer.Ordinal);
        tokens = new List<string>(stopWords.Length);
        idsBySpan = ids.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (string stopWord in stopWords)
            GetOrAdd(stopWord);
        StopWordCount = tokens.Count;
    }

    public int StopWordCount { get; }

    public int Count => tokens.Count;

    public string this[int id] => tokens[id];

    public bool IsStopWord(int id) => (uint)id < (uint)StopWordCount;

    /// <summary>The token's id, or -1 when it was never interned.</summary>
    public int Find(ReadOnlySpan<char> token) => idsBySpan.TryGetValue(token, out int id) ? id : -1;

    public int GetOrAdd(ReadOnlySpan<char> token)
    {
        if (idsBySpan.TryGetValue(token, out int id))
            return id;
        string text = token.ToString();
        id = tokens.Count;
        ids.Add(text, id);
        tokens.Add(text);
        return id;
    }
}
