using System.Collections.ObjectModel;
using Teddy.LinearAlgebra;

namespace Teddy.Text;

/// <summary>
/// A port of scikit-learn 1.2's <c>TfidfVectorizer(max_features=5000, ngram_range=(1, 2), stop_words='english')</c>
/// that reproduces its vocabulary, idf and vectors (to rounding) on the same documents, including which
/// equally frequent terms survive the <c>max_features</c> cut (numpy 1.24's argsort order) and Python's
/// Unicode rules for lower-casing and <c>\w</c>. A fitted vectorizer is fully described by
/// <see cref="Vocabulary"/> and <see cref="Idf"/>; store those and rebuild it with the constructor.
/// Instances are immutable and thread-safe.
/// </summary>
public sealed class TfidfVectorizer
{
    private readonly double[] idf;
    private readonly VocabularyIndex index;

    /// <summary>Restores a fitted vectorizer from its terms (in column order) and their idf weights.</summary>
    /// <exception cref="ArgumentException">The lists differ in length, a term is repeated or not tokens joined by
    /// single spaces, or an idf is not finite.</exception>
    public TfidfVectorizer(IReadOnlyList<string> vocabulary, IReadOnlyList<double> idf)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(idf);
        if (vocabulary.Count != idf.Count)
            throw new ArgumentException($"{vocabulary.Count} terms but {idf.Count} idf values.", nameof(idf));
        this.idf = [.. idf];
        foreach (double weight in this.idf)
        {
            if (!double.IsFinite(weight))
                throw new ArgumentException("Idf values must be finite.", nameof(idf));
        }
        index = new VocabularyIndex(vocabulary);
        Vocabulary = Array.AsReadOnly<string>([.. vocabulary]);
        Idf = Array.AsReadOnly(this.idf);
    }

    /// <summary>The terms, one per matrix column, in code-point order (as sklearn's <c>get_feature_names_out()</c>).</summary>
    public IReadOnlyList<string> Vocabulary { get; }

    /// <summary>Per column: <c>ln((1 + documents) / (1 + document frequency)) + 1</c> over the fitted corpus.</summary>
    public IReadOnlyList<double> Idf { get; }

    /// <summary>Learns vocabulary and idf from <paramref name="documents"/> (sklearn's <c>fit</c>).</summary>
    /// <exception cref="ArgumentException">No document yields a single term.</exception>
    public static TfidfVectorizer Fit(IReadOnlyList<string> documents, TfidfOptions? options = null) =>
        Fit(documents, options, out _, out _);

    /// <summary>
    /// Fits on <paramref name="documents"/> and returns their TF-IDF matrix too (sklearn's <c>fit_transform</c>),
    /// analysing each document once. Rows are documents, columns index <see cref="Vocabulary"/>.
    /// </summary>
    /// <exception cref="ArgumentException">No document yields a single term.</exception>
    public static (TfidfVectorizer Vectorizer, CsrMatrix Matrix) FitTransform(
        IReadOnlyList<string> documents, TfidfOptions? options = null) =>
        TryFitTransform(documents, options)
        ?? throw new ArgumentException(EmptyVocabulary, nameof(documents));

    /// <summary>
    /// <see cref="FitTransform"/> for data that may have no terms at all: null when no document yields a single
    /// term (sklearn raises "empty vocabulary"), so a caller can report it instead of catching an exception.
    /// </summary>
    public static (TfidfVectorizer Vectorizer, CsrMatrix Matrix)? TryFitTransform(
        IReadOnlyList<string> documents, TfidfOptions? options = null)
    {
        if (TryFit(documents, options, out CorpusTerms corpus, out int[] columnNodes) is not { } vectorizer) return null;

        var columnByNode = new int[corpus.Trie.Count];
        Array.Fill(columnByNode, -1);
        for (int column = 0; column < columnNodes.Length; column++)
            columnByNode[columnNodes[column]] = column;

        var rows = new TfidfRowWriter(vectorizer.idf, corpus.DocumentCount,
            nonZeroCapacity: Math.Min(corpus.DocumentStarts[^1], corpus.DocumentCount * 64));
        var occurrences = new int[256];
        for (int d = 0; d < corpus.DocumentCount; d++)
        {
            ReadOnlySpan<int> terms = corpus.TermStream.AsSpan(corpus.DocumentStarts[d]..corpus.DocumentStarts[d + 1]);
            if (occurrences.Length < terms.Length)
                occurrences = new int[Math.Max(terms.Length, occurrences.Length * 2)];
            int count = 0;
            foreach (int node in terms)
            {
                int column = columnByNode[node];
                if (column >= 0)
                    occurrences[count++] = column;
            }
            rows.AppendRow(occurrences.AsSpan(0, count));
        }
        return (vectorizer, rows.ToMatrix());
    }

    /// <summary>
    /// The TF-IDF matrix of <paramref name="documents"/> over this vocabulary (sklearn's <c>transform</c>):
    /// terms outside the vocabulary are ignored, rows are L2-normalised, a row with no known term is empty.
    /// </summary>
    public CsrMatrix Transform(IReadOnlyList<string> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var tokenizer = new DocumentTokenizer();
        var rows = new TfidfRowWriter(idf, documents.Count, nonZeroCapacity: documents.Count * 64);
        var occurrences = new int[256];
        for (int d = 0; d < documents.Count; d++)
        {
            ReadOnlySpan<int> tokenIds = tokenizer.TokenIds(documents[d], index.Tokens, internNewTokens: false);
            int capacity = index.MaxOccurrences(tokenIds.Length);
            if (occurrences.Length < capacity)
                occurrences = new int[Math.Max(capacity, occurrences.Length * 2)];
            int count = index.FindColumns(tokenIds, occurrences);
            rows.AppendRow(occurrences.AsSpan(0, count));
        }
        return rows.ToMatrix();
    }

    private const string EmptyVocabulary = "Empty vocabulary: the documents contain no terms, or only stop words.";

    private static TfidfVectorizer Fit(IReadOnlyList<string> documents, TfidfOptions? options,
        out CorpusTerms corpus, out int[] columnNodes) =>
        TryFit(documents, options, out corpus, out columnNodes) ?? throw new ArgumentException(EmptyVocabulary, nameof(documents));

    private static TfidfVectorizer? TryFit(IReadOnlyList<string> documents, TfidfOptions? options,
        out CorpusTerms corpus, out int[] columnNodes)
    {
        ArgumentNullException.ThrowIfNull(documents);
        options ??= TfidfOptions.Default;
        options.Validate();

        corpus = CorpusTerms.Count(documents, options.MaxNGram);
        columnNodes = [];
        if (corpus.Trie.Count == 0) return null;
        columnNodes = FeatureSelection.SelectColumns(corpus, options.MaxFeatures);

        var vocabulary = new string[columnNodes.Length];
        var weights = new double[columnNodes.Length];
        for (int column = 0; column < columnNodes.Length; column++)
        {
            int node = columnNodes[column];
            vocabulary[column] = corpus.Trie.TermText(node, corpus.Tokens);
            weights[column] = SmoothIdf(corpus.DocumentCount, corpus.DocumentFrequencies[node]);
        }
        return new TfidfVectorizer(vocabulary, weights);
    }

    // sklearn (smooth_idf=True): log((n + 1) / (df + 1)) + 1, the ratio taken in double as numpy does.
    private static double SmoothIdf(int documentCount, int documentFrequency) =>
        Math.Log((documentCount + 1d) / (documentFrequency + 1d)) + 1d;
}
