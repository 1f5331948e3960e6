namespace Teddy.Text;

/// <summary>
/// The single analysis pass of a fit: every document's terms (n-grams of its non-stop-word tokens) as trie
/// nodes, plus each term's total count and document frequency. The per-document node stream is kept so
/// fit-and-transform can build the matrix without tokenising the corpus a second time.
/// </summary>
internal sealed class CorpusTerms
{
    private CorpusTerms(TokenTable tokens, NGramTrie trie, long[] totalCounts, int[] documentFrequencies,
        int[] documentStarts, int[] termStream)
    {
        Tokens = tokens;
        Trie = trie;
        TotalCounts = totalCounts;
        DocumentFrequencies = documentFrequencies;
        DocumentStarts = documentStarts;
        TermStream = termStream;
    }

    public TokenTable Tokens { get; }
    public NGramTrie Trie { get; }

    /// <summary>Per node: occurrences over the whole corpus (sklearn's <c>tfs</c>).</summary>
    public long[] TotalCounts { get; }

    /// <summary>Per node: number of documents containing the term.</summary>
    public int[] DocumentFrequencies { get; }

    public int DocumentCount => DocumentStarts.Length - 1;

    /// <summary>
    /// Document d's term occurrences are <c>TermStream[DocumentStarts[d]..DocumentStarts[d + 1]]</c>; the
    /// stream may be longer than <c>DocumentStarts[^1]</c> (it is not trimmed, to spare a copy).
    /// </summary>
    public int[] DocumentStarts { get; }
    public int[] TermStream { get; }

    public static CorpusTerms Count(IReadOnlyList<string> documents, int maxNGram)
    {
        var tokens = new TokenTable();
        var trie = new NGramTrie();
        var tokenizer = new DocumentTokenizer();
        var documentStarts = new int[documents.Count + 1];
        var stream = new int[Math.Max(1024, documents.Count * 64)];
        int streamLength = 0;

        for (int d = 0; d < documents.Count; d++)
        {
            ReadOnlySpan<int> ids = tokenizer.TokenIds(documents[d], tokens, internNewTokens: true);
            int needed = streamLength + ids.Length * maxNGram;
            if (needed > stream.Length)
                Array.Resize(ref stream, Math.Max(needed, stream.Length * 2));

            // sklearn emits all unigrams, then all bigrams, ...; only counts matter here, so emit the
            // n-grams starting at each position together, extending the previous node one token at a time.
            for (int i = 0; i < ids.Length; i++)
            {
                int node = trie.GetOrAddUnigram(ids[i]);
                stream[streamLength++] = node;
                int longest = Math.Min(maxNGram, ids.Length - i);
                for (int n = 2; n <= longest; n++)
                {
                    node = trie.GetOrAddChild(node, ids[i + n - 1]);
                    stream[streamLength++] = node;
                }
            }
            documentStarts[d + 1] = streamLength;
        }

        var totalCounts = new long[trie.Count];
        var documentFrequencies = new int[trie.Count];
        var lastDocument = new int[trie.Count];
        Array.Fill(lastDocument, -1);
        for (int d = 0; d < documents.Count; d++)
        {
            for (int k = documentStarts[d]; k < documentStarts[d + 1]; k++)
            {
                int node = stream[k];
                totalCounts[node]++;
                if (lastDocument[node] != d)
                {
                    lastDocument[node] = d;
                    documentFrequencies[node]++;
                }
            }
        }

        return new CorpusTerms(tokens, trie, totalCounts, documentFrequencies, documentStarts, stream);
    }
}
