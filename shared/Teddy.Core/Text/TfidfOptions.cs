namespace Teddy.Text;

/// <summary>
/// The knobs of <see cref="TfidfVectorizer"/>. Everything else is fixed to sklearn's
/// <c>TfidfVectorizer(stop_words='english')</c> defaults: Python lower-casing, token pattern
/// <c>(?u)\b\w\w+\b</c>, smooth idf, L2 row norm, raw term counts, min_df 1, max_df 1.0.
/// </summary>
public sealed record TfidfOptions
{
    public static TfidfOptions Default { get; } = new();

    /// <summary>Keep at most this many terms, the ones with the highest total count (sklearn <c>max_features</c>).</summary>
    public int MaxFeatures { get; init; } = 5000;

    /// <summary>Longest word n-gram (sklearn <c>ngram_range=(1, MaxNGram)</c>): 1 for words only, 2 adds bigrams.</summary>
    public int MaxNGram { get; init; } = 2;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFeatures, 1, nameof(MaxFeatures));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxNGram, 1, nameof(MaxNGram));
    }
}
