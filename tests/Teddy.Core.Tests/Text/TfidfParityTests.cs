using System.Globalization;
using Teddy.LinearAlgebra;
using Teddy.Text;

namespace Teddy.Core.Tests.Text;

/// <summary>Fits once on the fixture's 2000 documents; the tests compare against sklearn's outputs.</summary>
public sealed class FittedReference
{
    public FittedReference()
    {
        Documents = TestDataFiles.ReferenceDocuments();
        (Vectorizer, Matrix) = TfidfVectorizer.FitTransform(Documents);
        ColumnOf = Vectorizer.Vocabulary.Select((term, column) => (term, column)).ToDictionary(p => p.term, p => p.column, StringComparer.Ordinal);
    }

    public string[] Documents { get; }
    public TfidfVectorizer Vectorizer { get; }
    public CsrMatrix Matrix { get; }
    public Dictionary<string, int> ColumnOf { get; }
}

public class TfidfParityTests(FittedReference fitted) : IClassFixture<FittedReference>
{
    private const double Tolerance = 1e-9; // relative; the fixture prints 10 to 12 significant digits

    [Fact]
    public void Vocabulary_equals_sklearns_term_for_term_and_column_for_column()
    {
        List<string[]> expected = TestDataFiles.Tsv(TestDataFiles.TfidfReference("vocabulary.tsv")).ToList();

        Assert.Equal(5000, expected.Count);
        Assert.Equal(expected.Select(row => row[0]), fitted.Vectorizer.Vocabulary);
        Assert.All(expected, row => Assert.Equal(int.Parse(row[1]), fitted.ColumnOf[row[0]]));
    }

    [Fact]
    public void Every_term_above_the_cut_off_count_is_kept()
    {
        var tied = TestDataFiles.Tsv(TestDataFiles.TfidfReference("max_features_boundary.tsv"), hasHeader: true)
            .Select(row => row[0]).ToHashSet(StringComparer.Ordinal);
        List<string> aboveCutOff = TestDataFiles.Tsv(TestDataFiles.TfidfReference("vocabulary.tsv"))
            .Select(row => row[0]).Where(term => !tied.Contains(term)).ToList();

        Assert.Equal(4638, aboveCutOff.Count);
        Assert.All(aboveCutOff, term => Assert.True(fitted.ColumnOf.ContainsKey(term), term));
    }

    [Fact]
    public void Tied_terms_at_the_cut_off_are_kept_exactly_as_numpy_1_24_argsort_keeps_them()
    {
        List<string[]> boundary = TestDataFiles.Tsv(TestDataFiles.TfidfReference("max_features_boundary.tsv"), hasHeader: true).ToList();

        Assert.Equal(2136, boundary.Count);
        Assert.Equal(362, boundary.Count(row => row[3] == "1"));
        // A stable "count, then alphabetical" rule would get 321 of these wrong; this one must get none.
        Assert.All(boundary, row => Assert.True(fitted.ColumnOf.ContainsKey(row[0]) == (row[3] == "1"), row[0]));
    }

    [Fact]
    public void Total_counts_and_document_frequencies_of_tied_terms_match()
    {
        CorpusTerms corpus = CorpusTerms.Count(fitted.Documents, maxNGram: 2);
        Dictionary<string, int> nodeOf = Enumerable.Range(0, corpus.Trie.Count)
            .ToDictionary(node => corpus.Trie.TermText(node, corpus.Tokens), StringComparer.Ordinal);

        Assert.Equal(15835, corpus.Trie.Count); // the README's candidate count
        Assert.All(TestDataFiles.Tsv(TestDataFiles.TfidfReference("max_features_boundary.tsv"), hasHeader: true), row =>
        {
            int node = nodeOf[row[0]];
            Assert.Equal(long.Parse(row[1]), corpus.TotalCounts[node]);
            Assert.Equal(int.Parse(row[2]), corpus.DocumentFrequencies[node]);
        });
    }

    [Fact]
    public void Idf_matches_sklearn()
    {
        List<string[]> expected = TestDataFiles.Tsv(TestDataFiles.TfidfReference("idf.tsv")).ToList();

        Assert.Equal(fitted.Vectorizer.Vocabulary.Count, expected.Count);
        Assert.All(expected, row => AssertClose(Parse(row[1]), fitted.Vectorizer.Idf[fitted.ColumnOf[row[0]]], row[0]));
    }

    [Fact]
    public void Every_non_zero_of_the_first_50_documents_matches_sklearn()
    {
        List<string[]> expected = TestDataFiles.Tsv(TestDataFiles.TfidfReference("vectors.tsv")).ToList();
        Assert.Equal(4130, expected.Count);

        foreach (IGrouping<int, string[]> document in expected.GroupBy(row => int.Parse(row[0])))
        {
            int row = document.Key;
            int[] expectedColumns = document.Select(entry => fitted.ColumnOf[entry[1]]).ToArray();
            Assert.Equal(expectedColumns, fitted.Matrix.RowColumns(row).ToArray());
            foreach (string[] entry in document)
                AssertClose(Parse(entry[2]), fitted.Matrix[row, fitted.ColumnOf[entry[1]]], $"doc {row}, {entry[1]}");
        }
        Assert.Equal(50, expected.Select(row => row[0]).Distinct().Count());
    }

    [Fact]
    public void Non_zero_count_and_row_sum_of_every_document_match_sklearn()
    {
        List<string[]> stats = TestDataFiles.Tsv(TestDataFiles.TfidfReference("doc_stats.tsv"), hasHeader: true).ToList();

        Assert.Equal(fitted.Documents.Length, fitted.Matrix.Rows);
        Assert.Equal(2000, stats.Count);
        Assert.Equal(170782, fitted.Matrix.NonZeros);
        Assert.All(stats, row =>
        {
            int doc = int.Parse(row[0]);
            Assert.Equal(int.Parse(row[1]), fitted.Matrix.RowLength(doc));
            double sum = 0d;
            foreach (double value in fitted.Matrix.RowValues(doc))
                sum += value;
            AssertClose(Parse(row[2]), sum, $"doc {doc}");
        });
    }

    [Fact]
    public void Matrix_rows_are_unit_length_with_sorted_columns()
    {
        for (int row = 0; row < fitted.Matrix.Rows; row++)
        {
            ReadOnlySpan<int> columns = fitted.Matrix.RowColumns(row);
            for (int k = 1; k < columns.Length; k++)
                Assert.True(columns[k - 1] < columns[k]);
            double sumOfSquares = 0d;
            foreach (double value in fitted.Matrix.RowValues(row))
                sumOfSquares += value * value;
            Assert.Equal(columns.IsEmpty ? 0d : 1d, sumOfSquares, 1e-12);
        }
    }

    [Fact]
    public void A_vectorizer_restored_from_vocabulary_and_idf_transforms_like_the_fitted_one()
    {
        var restored = new TfidfVectorizer([.. fitted.Vectorizer.Vocabulary], [.. fitted.Vectorizer.Idf]);

        CsrMatrix transformed = restored.Transform(fitted.Documents);

        Assert.Equal(fitted.Matrix.RowPointers, transformed.RowPointers);
        Assert.Equal(fitted.Matrix.ColumnIndices, transformed.ColumnIndices);
        Assert.Equal(fitted.Matrix.Values, transformed.Values);
    }

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static void AssertClose(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Tolerance * Math.Abs(expected),
            $"{what}: expected {expected:R}, got {actual:R}");
}
