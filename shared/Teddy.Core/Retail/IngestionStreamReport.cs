using System.Text;
using System.Text.Json.Serialization;

namespace Teddy.Retail;

/// <summary>
/// What happened to the lines of one NDJSON stream. Line numbers are 1-based physical lines (blank ones
/// included), so they point into the file as an editor shows it.
/// Invariant: <see cref="LinesRead"/> = <see cref="BlankLines"/> + <see cref="Accepted"/> + <see cref="Skipped"/>.
/// Warnings are about accepted lines, so they are not part of that sum (a line may carry several).
/// </summary>
public class IngestionStreamReport
{
    /// <summary>How many example line numbers are kept per reason: enough to find the problem, bounded for huge files.</summary>
    public const int MaxExamplesPerReason = 5;

    private readonly SortedDictionary<string, long> _skippedByReason = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, List<long>> _exampleLines = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _warningsByReason = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, List<long>> _warningExampleLines = new(StringComparer.Ordinal);

    [JsonPropertyName("lines_read")] public long LinesRead { get; private set; }
    [JsonPropertyName("blank_lines")] public long BlankLines { get; private set; }
    [JsonPropertyName("accepted")] public long Accepted { get; private set; }
    [JsonPropertyName("skipped")] public long Skipped { get; private set; }

    /// <summary>Reason (see <see cref="IngestionSkipReasons"/>) → lines skipped for it; only reasons that occurred.</summary>
    [JsonPropertyName("skipped_by_reason")]
    public IReadOnlyDictionary<string, long> SkippedByReason => _skippedByReason;

    /// <summary>Reason → the first <see cref="MaxExamplesPerReason"/> line numbers skipped for it.</summary>
    [JsonPropertyName("example_lines")]
    public IReadOnlyDictionary<string, IReadOnlyList<long>> ExampleLines =>
        _exampleLines.ToDictionary(p => p.Key, p => (IReadOnlyList<long>)p.Value, StringComparer.Ordinal);

    /// <summary>Warning (see <see cref="IngestionWarnings"/>) → accepted lines that carry it; only warnings that occurred.</summary>
    [JsonPropertyName("warnings_by_reason")]
    public IReadOnlyDictionary<string, long> WarningsByReason => _warningsByReason;

    /// <summary>Warning → the first <see cref="MaxExamplesPerReason"/> line numbers that carry it.</summary>
    [JsonPropertyName("warning_example_lines")]
    public IReadOnlyDictionary<string, IReadOnlyList<long>> WarningExampleLines =>
        _warningExampleLines.ToDictionary(p => p.Key, p => (IReadOnlyList<long>)p.Value, StringComparer.Ordinal);

    public long SkippedFor(string reason) => _skippedByReason.GetValueOrDefault(reason);

    public long WarningsFor(string warning) => _warningsByReason.GetValueOrDefault(warning);

    public IReadOnlyList<long> WarningExamplesFor(string warning) =>
        _warningExampleLines.TryGetValue(warning, out var lines) ? lines : [];

    public IReadOnlyList<long> ExamplesFor(string reason) =>
        _exampleLines.TryGetValue(reason, out var lines) ? lines : [];

    internal void CountBlank() { LinesRead++; BlankLines++; }

    internal void CountAccepted() { LinesRead++; Accepted++; }

    internal void CountSkipped(string reason, long lineNumber)
    {
        LinesRead++;
        Skipped++;
        Count(_skippedByReason, _exampleLines, reason, lineNumber);
    }

    /// <summary>An accepted line (already counted) with a problem that was worked around.</summary>
    internal void CountWarning(string warning, long lineNumber) => Count(_warningsByReason, _warningExampleLines, warning, lineNumber);

    private static void Count(SortedDictionary<string, long> counts, SortedDictionary<string, List<long>> examples, string reason, long lineNumber)
    {
        counts[reason] = counts.GetValueOrDefault(reason) + 1;
        if (!examples.TryGetValue(reason, out var lines)) examples[reason] = lines = new List<long>(MaxExamplesPerReason);
        if (lines.Count < MaxExamplesPerReason) lines.Add(lineNumber);
    }

    /// <summary>e.g. "316 lines, 315 accepted, 1 skipped (invalid_availability 1 at lines 1)".</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(LinesRead).Append(" lines, ").Append(Accepted).Append(" accepted, ").Append(Skipped).Append(" skipped");
        if (_skippedByReason.Count > 0) text.Append(" (").Append(Describe(_skippedByReason, _exampleLines)).Append(')');
        if (BlankLines > 0) text.Append(", ").Append(BlankLines).Append(" blank");
        if (_warningsByReason.Count > 0) text.Append(", warnings (").Append(Describe(_warningsByReason, _warningExampleLines)).Append(')');
        return text.ToString();
    }

    private static string Describe(SortedDictionary<string, long> counts, SortedDictionary<string, List<long>> examples) =>
        string.Join(", ", counts.Select(p =>
            $"{p.Key} {p.Value} at lines {string.Join(",", examples[p.Key])}{(p.Value > examples[p.Key].Count ? ",..." : "")}"));
}
