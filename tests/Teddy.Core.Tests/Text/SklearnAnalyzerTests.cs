using System.Text.Json;
using Teddy.Text;

namespace Teddy.Core.Tests.Text;

/// <summary>The analyzer against Python 3.11's own output (lower-casing, token pattern, stop words, n-grams).</summary>
public class SklearnAnalyzerTests
{
    public static TheoryData<int> EdgeCaseLines() =>
        [.. Enumerable.Range(0, TestDataFiles.JsonLines(TestDataFiles.TfidfReference("edge_cases.jsonl")).Count())];

    // Every case is matched in full, including the ones whose possible_dotnet_differences name a trap: the
    // analyzer follows Python's rules, not .NET's, so none of those differences is kept.
    [Theory]
    [MemberData(nameof(EdgeCaseLines))]
    public void Edge_case_is_lowercased_tokenised_and_analysed_like_sklearn(int line)
    {
        JsonElement edgeCase = TestDataFiles.JsonLines(TestDataFiles.TfidfReference("edge_cases.jsonl")).ElementAt(line);
        string input = edgeCase.GetProperty("input").GetString()!;

        Assert.Equal(edgeCase.GetProperty("lowercased").GetString(), SklearnAnalyzer.Lowercase(input));
        Assert.Equal(TestDataFiles.Strings(edgeCase.GetProperty("tokens")), SklearnAnalyzer.Tokenize(input));
        Assert.Equal(TestDataFiles.Strings(edgeCase.GetProperty("features")), SklearnAnalyzer.Analyze(input));
    }

    [Fact]
    public void Unicode_trap_documents_are_tokenised_like_python()
    {
        string[] documents = TestDataFiles.ReferenceDocuments();
        var trapDocs = TestDataFiles.Tsv(TestDataFiles.TfidfReference("unicode_trap_docs.tsv"), hasHeader: true)
            .Select(row => int.Parse(row[0])).ToList();
        var expectations = TestDataFiles.JsonLines(TestDataFiles.Path("python-analyzer", "unicode_trap_tokens.jsonl")).ToList();

        Assert.Equal(trapDocs, expectations.Select(e => e.GetProperty("doc").GetInt32()));
        foreach (JsonElement expected in expectations)
        {
            string document = documents[expected.GetProperty("doc").GetInt32()];
            Assert.Equal(expected.GetProperty("lowercased").GetString(), SklearnAnalyzer.Lowercase(document));
            Assert.Equal(TestDataFiles.Strings(expected.GetProperty("tokens")), SklearnAnalyzer.Tokenize(document));
        }
    }

    [Fact]
    public void Unicode_trap_documents_show_each_python_rule()
    {
        string[] documents = TestDataFiles.ReferenceDocuments();

        // 410: "İstanbul" lowers to "i" + U+0307 (not a word character), leaving "stanbul".
        Assert.Contains("stanbul", SklearnAnalyzer.Tokenize(documents[410]));
        Assert.DoesNotContain(SklearnAnalyzer.Tokenize(documents[410]), t => t.Contains("stanbul") && t != "stanbul");
        // 478: "ΣΟΦΙΑ" starts with sigma, so it is not final: σοφια.
        Assert.Contains("σοφια", SklearnAnalyzer.Tokenize(documents[478]));
        // 1083: "Cafe\u0301": the combining acute is not \w in Python, so the token ends before it.
        Assert.Contains("cafe", SklearnAnalyzer.Tokenize(documents[1083]));
        Assert.DoesNotContain(SklearnAnalyzer.Tokenize(documents[1083]), t => t.Contains('\u0301'));
        // 1123: "price²" keeps the superscript (No is \w in Python); "Ⅻ" and "½" alone are single characters.
        List<string> tokens1123 = SklearnAnalyzer.Tokenize(documents[1123]);
        Assert.Contains("price²", tokens1123);
        Assert.DoesNotContain(tokens1123, t => t.Contains('ⅻ') || t.Contains('½'));
    }

    [Fact]
    public void Random_strings_over_the_trap_characters_match_python()
    {
        foreach (JsonElement expected in TestDataFiles.JsonLines(TestDataFiles.Path("python-analyzer", "random_strings.jsonl")))
        {
            string input = expected.GetProperty("input").GetString()!;
            Assert.Equal(expected.GetProperty("lowercased").GetString(), SklearnAnalyzer.Lowercase(input));
            Assert.Equal(TestDataFiles.Strings(expected.GetProperty("tokens")), SklearnAnalyzer.Tokenize(input));
        }
    }

    [Theory]
    [InlineData("ΟΔΟΣ", "οδος")]            // final: cased letter before, none after
    [InlineData("Σ", "σ")]                  // nothing cased before
    [InlineData("ΑΣ.", "ας.")]              // '.' is case-ignorable, then end of string
    [InlineData("ΑΣ'Α", "ασ'α")]            // skipping the apostrophe reaches a cased letter after
    [InlineData("Α'Σ", "α'ς")]              // and before
    [InlineData("1Σ", "1σ")]                // digits are not cased
    [InlineData("ªΣ", "ªς")]                // ª is cased (Other_Lowercase) though not Ll
    [InlineData("Ⓐ Σ", "ⓐ σ")]             // a space is neither cased nor ignorable
    [InlineData("İ", "i\u0307")]
    [InlineData("\U00010400X", "\U00010428x")] // astral Deseret capital lowers to its astral small letter
    [InlineData("\u1C89\uA7CB", "\u1C89\uA7CB")] // Unicode 16 capitals: unassigned for Python 3.11, left alone
    public void Lowercase_follows_python_str_lower(string input, string expected) =>
        Assert.Equal(expected, SklearnAnalyzer.Lowercase(input));

    [Theory]
    [InlineData("𝐀𝐁 𝐀", new[] { "𝐀𝐁" })]               // lengths count code points: a lone astral letter is too short
    [InlineData("ab\uD800cd", new[] { "ab", "cd" })]    // a lone surrogate is a non-word code point
    [InlineData("x\u1C8Ay ok", new[] { "ok" })]         // U+1C8A (Unicode 16 letter) is not \w in Python 3.11
    [InlineData("١٢٣ ०१", new[] { "١٢٣", "०१" })]       // other scripts' digits are \w
    [InlineData("a\u2040b c_d", new[] { "c_d" })]       // only '_' of the connector punctuation is \w
    public void Tokens_are_runs_of_two_or_more_python_word_characters(string input, string[] expected) =>
        Assert.Equal(expected, SklearnAnalyzer.Tokenize(input));

    [Fact]
    public void Embedded_stop_words_are_sklearns_list()
    {
        string[] reference = File.ReadAllLines(TestDataFiles.TfidfReference("sklearn_english_stop_words.txt"))
            .Where(line => line.Length > 0).ToArray();

        Assert.Equal(318, reference.Length);
        Assert.Equal(reference, EnglishStopWords.Words.ToArray());
    }

    [Fact]
    public void Stop_words_go_before_bigrams_are_formed()
    {
        Assert.Equal(["box", "bricks", "box bricks"], SklearnAnalyzer.Analyze("Box of bricks"));
        Assert.Equal(["red", "fast", "car", "red fast", "fast car", "red fast car"], SklearnAnalyzer.Analyze("red, fast car", maxNGram: 3));
    }

    [Fact]
    public void Strings_sort_by_code_point_not_utf16_unit()
    {
        const string fullWidthA = "\uFF21", mathBoldA = "\U0001D400";

        Assert.True(string.CompareOrdinal(fullWidthA, mathBoldA) > 0); // what UTF-16 order would say
        Assert.True(CodePointComparer.Instance.Compare(fullWidthA, mathBoldA) < 0);
        Assert.True(CodePointComparer.Instance.Compare("ab", "ab c") < 0);
        Assert.True(CodePointComparer.Instance.Compare("ab c", "abc") < 0);
        Assert.Equal(0, CodePointComparer.Instance.Compare("\U0001D400x", "\U0001D400x"));
        Assert.True(CodePointComparer.Instance.Compare("\U0001D400", "\U0001D401") < 0);
    }
}
