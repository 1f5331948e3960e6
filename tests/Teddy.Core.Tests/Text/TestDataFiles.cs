using System.Text;
using System.Text.Json;

namespace Teddy.Core.Tests.Text;

/// <summary>Reads the copies of the fixtures under the test output's TestData folder.</summary>
internal static class TestDataFiles
{
    public static string Path(params string[] parts) =>
        System.IO.Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);

    public static string TfidfReference(string file) => Path("reference", "tfidf", file);

    /// <summary>The fixture's documents, read exactly as its README prescribes (no trimming).</summary>
    public static string[] ReferenceDocuments()
    {
        string[] lines = File.ReadAllText(TfidfReference("documents.txt"), Encoding.UTF8).Split('\n');
        Assert.Equal("", lines[^1]);
        return lines[..^1];
    }

    /// <summary>The rows of a tab-separated file, optionally skipping a header line.</summary>
    public static IEnumerable<string[]> Tsv(string path, bool hasHeader = false) =>
        File.ReadAllText(path, Encoding.UTF8).Split('\n')
            .Skip(hasHeader ? 1 : 0)
            .Where(line => line.Length > 0)
            .Select(line => line.Split('\t'));

    public static IEnumerable<JsonElement> JsonLines(string path) =>
        File.ReadAllLines(path, Encoding.UTF8)
            .Where(line => line.Length > 0)
            .Select(line => JsonDocument.Parse(line).RootElement.Clone());

    public static List<string> Strings(JsonElement array) =>
        array.EnumerateArray().Select(item => item.GetString()!).ToList();
}
