using System.Text;
using System.Text.Json.Serialization;

namespace Teddy.Retail;

/// <summary>
/// What happened to the lines of one NDJSON stream. Line numbers are 1-based physical lines (blank ones
/// included), so they point into the file as an editor shows it.
/// Invariant: <see cref="LinesRead"/> = <see cref="BlankLines"/> + <see cref="Accepted"/> + <see cref="Skipped"/>.
/// </summary>
public class IngestionStreamReport
{
    /// <summary>How many example line numbers are kept per reason: enough to find the problem, bounded for huge files.</summary>
    public const int MaxExamplesPerReason = 5;

    private readonly SortedDictionary<string, long> _skippedByReason = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, List<long>> _exampleLines = new(StringComparer.Ordinal);

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

    public long SkippedFor(string reason) => _skippedByReason.GetValueOrDefault(reason);

    public IReadOnlyList<long> ExamplesFor(string reason) =>
        _exampleLines.TryGetValue(reason, out var lines) ? lines : [];

    internal void CountBlank() { LinesRead++; BlankLines++; }

    internal void CountAccepted() { LinesRead++; Accepted++; }

    internal void CountSkipped(string reason, long lineNumber)
    {
        LinesRead++;
        Skipped++;
        _skippedByReason[reason] = _skippedByReason.GetValueOrDefault(reason) + 1;
        if (!_exampleLines.TryGetValue(reason, out var lines)) _exampleLines[reason] = lines = new List<long>(MaxExamplesPerReason);
        if (lines.Count < MaxExamplesPerReason) lines.Add(lineNumber);
    }

    /// <summary>e.g. "316 lines, 315 accepted, 1 skipped (invalid_availability 1 at lines 1)".</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(LinesRead).Append(" lines, ").Append(Accepted).Append(" accepted, ").Append(Skipped).Append(" skipped");
        if (_skippedByReason.Count > 0)
        {
            text.Append(" (");
            text.AppendJoin(", ", _skippedByReason.Select(p =>
                $"{p.Key} {p.Value} at lines {string.Join(",", _exampleLines[p.Key])}{(p.Value > _exampleLines[p.Key].Count ? ",..." : "")}"));
            text.Append(')');
        }
        if (BlankLines > 0) text.Append(", ").Append(BlankLines).Append(" blank");
        return text.ToString();
    }
}
