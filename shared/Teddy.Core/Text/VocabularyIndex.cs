namespace Teddy.Text;

/// <summary>
/// Finds a fitted vocabulary's terms in new documents. Built from the term strings alone (a term is its
/// tokens joined by single spaces), so a vectorizer restored from a model file matches terms exactly as the
/// one that was fitted. Read-only after construction, hence safe to share between threads.
/// </summary>
internal sealed class VocabularyIndex
{
    private readonly NGramTrie trie = new();
    private int[] columnByNode = [];
    private readonly int longestTerm;

    public VocabularyIndex(IReadOnlyList<string> vocabulary)
    {
        for (int column = 0; column < vocabulary.Count; column++)
        {
            string term = vocabulary[column] ?? throw new ArgumentException($"Term {column} is null.", nameof(vocabulary));
            int node = -1, length = 0;
            foreach (Range part in term.AsSpan().Split(' '))
            {
                ReadOnlySpan<char> token = term.AsSpan(part);
                if (token.IsEmpty)
                    throw new ArgumentException($"Term {column} (\"{term}\") is not tokens joined by single spaces.", nameof(vocabulary));
                int id = Tokens.GetOrAdd(token);
                node = node < 0 ? trie.GetOrAddUnigram(id) : trie.GetOrAddChild(node, id);
                length++;
            }
            longestTerm = Math.Max(longestTerm, length);

            if (columnByNode.Length < trie.Count)
                Array.Resize(ref columnByNode, Math.Max(trie.Count, columnByNode.Length * 2));
            if (columnByNode[node] != 0)
                throw new ArgumentException($"Term \"{term}\" appears twice in the vocabulary.", nameof(vocabulary));
            columnByNode[node] = column + 1; // 0 = "not a term": prefixes of longer terms are nodes too.
        }
    }

    /// <summary>Stop words plus every token of the vocabulary; other tokens are unknown (-1).</summary>
    public TokenTable Tokens { get; } = new();

    /// <summary>The most columns a document of <paramref name="tokenCount"/> non-stop-word tokens can produce.</summary>
    public int MaxOccurrences(int tokenCount) => tokenCount * longestTerm;

    /// <summary>
    /// Writes the column of every vocabulary n-gram occurring in the token sequence (repeats included) and
    /// returns how many were written.
    /// </summary>
    public int FindColumns(ReadOnlySpan<int> tokenIds, Span<int> columns)
    {
        int count = 0;
        for (int i = 0; i < tokenIds.Length; i++)
        {
            int node = trie.FindUnigram(tokenIds[i]);
            for (int next = i + 1; node >= 0; next++)
            {
                int column = columnByNode[node] - 1;
                if (column >= 0)
                    columns[count++] = column;
                if (next == tokenIds.Length)
                    break;
                node = trie.FindChild(node, tokenIds[next]);
            }
        }
        return count;
    }
}
