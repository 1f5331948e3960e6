using Teddy.LinearAlgebra;
using Teddy.Text;

namespace Teddy.Core.Tests.Text;

/// <summary>The vectorizer's behaviour on corpora small enough to check by hand.</summary>
public class TfidfVectorizerTests
{
    [Fact]
    public void Small_corpus_gives_sklearns_vocabulary_idf_and_vectors()
    {
        var (vectorizer, matrix) = TfidfVectorizer.FitTransform(["Red ball", "red car", "the car"]);

        Assert.Equal(["ball", "car", "red", "red ball", "red car"], vectorizer.Vocabulary);
        double rare = Math.Log(4d / 2d) + 1d, common = Math.Log(4d / 3d) + 1d;
        Assert.Equal([rare, common, common, rare, rare], vectorizer.Idf);

        // Row 0: ball, red, "red ball" weighted by idf, then divided by the row's L2 norm.
        double norm = Math.Sqrt(rare * rare + common * common + rare * rare);
        Assert.Equal([0, 2, 3], matrix.RowColumns(0).ToArray());
        Assert.Equal([rare / norm, common / norm, rare / norm], matrix.RowValues(0).ToArray());
        // Row 2: "the" is a stop word, so only "car" remains, with weight 1 after normalisation.
        Assert.Equal([1], matrix.RowColumns(2).ToArray());
        Assert.Equal([1d], matrix.RowValues(2).ToArray());
    }

    [Fact]
    public void Repeated_terms_count_more_than_once()
    {
        var (vectorizer, matrix) = TfidfVectorizer.FitTransform(["toy toy toy train", "train"], new TfidfOptions { MaxNGram = 1 });

        Assert.Equal(["toy", "train"], vectorizer.Vocabulary);
        double toy = 3 * (Math.Log(3d / 2d) + 1d), train = 1d;
        double norm = Math.Sqrt(toy * toy + train * train);
        Assert.Equal([toy / norm, train / norm], matrix.RowValues(0).ToArray());
    }

    [Fact]
    public void Max_features_keeps_the_most_frequent_terms_in_alphabetical_columns()
    {
        TfidfVectorizer vectorizer = TfidfVectorizer.Fit(
            ["zebra zebra zebra apple apple mango", "zebra apple kiwi"], new TfidfOptions { MaxFeatures = 2, MaxNGram = 1 });

        Assert.Equal(["apple", "zebra"], vectorizer.Vocabulary);
    }

    [Fact]
    public void Max_n_gram_three_adds_trigrams()
    {
        TfidfVectorizer vectorizer = TfidfVectorizer.Fit(["wooden toy train set"], new TfidfOptions { MaxNGram = 3 });

        Assert.Equal(
            ["set", "toy", "toy train", "toy train set", "train", "train set", "wooden", "wooden toy", "wooden toy train"],
            vectorizer.Vocabulary);
    }

    [Fact]
    public void Transform_ignores_unknown_words_and_stop_words_break_no_bigrams()
    {
        var vectorizer = new TfidfVectorizer(["box", "box bricks", "bricks"], [1.5, 2.0, 1.25]);

        CsrMatrix matrix = vectorizer.Transform(["A BOX of bricks!", "nothing known here", "box unknown bricks"]);

        double norm = Math.Sqrt(1.5 * 1.5 + 2.0 * 2.0 + 1.25 * 1.25);
        Assert.Equal([0, 1, 2], matrix.RowColumns(0).ToArray());
        Assert.Equal([1.5 / norm, 2.0 / norm, 1.25 / norm], matrix.RowValues(0).ToArray());
        Assert.Equal(0, matrix.RowLength(1));
        // An unknown word still sits between "box" and "bricks", so they form no bigram.
        Assert.Equal([0, 2], matrix.RowColumns(2).ToArray());
        Assert.Equal(3, matrix.Columns);
    }

    [Fact]
    public void A_restored_trigram_matches_even_when_its_prefix_bigram_is_not_a_term()
    {
        var vectorizer = new TfidfVectorizer(["wooden toy train"], [2.0]);

        CsrMatrix matrix = vectorizer.Transform(["a wooden toy train", "wooden toy"]);

        Assert.Equal([0], matrix.RowColumns(0).ToArray());
        Assert.Equal(0, matrix.RowLength(1));
    }

    [Fact]
    public void Vocabulary_and_idf_cannot_be_modified_through_the_getters()
    {
        string[] vocabulary = ["car", "red"];
        double[] idf = [1.0, 2.0];
        var vectorizer = new TfidfVectorizer(vocabulary, idf);
        vocabulary[0] = "changed";
        idf[0] = 9.0;

        Assert.Equal(["car", "red"], vectorizer.Vocabulary);
        Assert.Equal([1.0, 2.0], vectorizer.Idf);
        Assert.False(vectorizer.Vocabulary is string[]);
        Assert.False(vectorizer.Idf is double[]);
    }

    [Theory]
    [InlineData("car", "car")]
    [InlineData("red  car")]
    [InlineData("")]
    [InlineData("car ")]
    public void Restoring_rejects_a_malformed_vocabulary(params string[] vocabulary) =>
        Assert.Throws<ArgumentException>(() => new TfidfVectorizer(vocabulary, vocabulary.Select(_ => 1.0).ToArray()));

    [Fact]
    public void Restoring_rejects_mismatched_or_non_finite_idf()
    {
        Assert.Throws<ArgumentException>(() => new TfidfVectorizer(["car"], [1.0, 2.0]));
        Assert.Throws<ArgumentException>(() => new TfidfVectorizer(["car"], [double.NaN]));
    }

    [Fact]
    public void Fitting_documents_without_terms_fails_like_sklearn()
    {
        Assert.Throws<ArgumentException>(() => TfidfVectorizer.Fit(["the and of", "a", ""]));
    }

    [Fact]
    public void Options_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TfidfVectorizer.Fit(["toy"], new TfidfOptions { MaxFeatures = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => TfidfVectorizer.Fit(["toy"], new TfidfOptions { MaxNGram = 0 }));
    }
}
