namespace Teddy.Text;

/// <summary>
/// The stages of sklearn's word analyzer as strings, for diagnostics and parity tests. The vectorizer runs the
/// same stages on spans and token ids instead (<see cref="DocumentTokenizer"/>, <see cref="CorpusTerms"/>).
/// </summary>
internal static class SklearnAnalyzer
{
    /// <summary>sklearn's preprocessor: Python's <c>str.lower()</c>.</summary>
    public static string Lowercase(string text) => PythonLowercase.ToLower(text);

    /// <summary>The matches of <c>(?u)\b\w\w+\b</c> in the lower-cased text, stop words included.</summary>
    public static List<string> Tokenize(string text)
    {
        string lowered = Lowercase(text);
        var tokens = new List<string>();
        foreach ((int start, int length) in new PythonTokenEnumerator(lowered))
            tokens.Add(lowered.Substring(start, length));
        return tokens;
    }

    /// <summary>
    /// The document's features in sklearn's order: stop words dropped, then all unigrams, all bigrams, ... up to
    /// <paramref name="maxNGram"/>, each n-gram formed from the remaining tokens.
    /// </summary>
    public static List<string> Analyze(string text, int maxNGram = 2)
    {
        var stopWords = new HashSet<string>(EnglishStopWords.Words.ToArray(), StringComparer.Ordinal);
        List<string> tokens = Tokenize(text).FindAll(token => !stopWords.Contains(token));
        var features = new List<string>(tokens);
        for (int n = 2; n <= maxNGram; n++)
        {
            for (int i = 0; i + n <= tokens.Count; i++)
                features.Add(string.Join(' ', tokens.GetRange(i, n)));
        }
        return features;
    }
}
