namespace Teddy.Retail;

/// <summary>
/// Streams the products of a Retail API Product NDJSON file. Never throws on data: a bad line is skipped and
/// counted in the report (checks in order: malformed_json, missing_id, invalid_availability, invalid_price,
/// then duplicate_id: the first valid line with an id wins). Lazy: the report is complete once enumerated.
/// </summary>
public static class RetailProductReader
{
    public static IEnumerable<RetailProduct> Read(Stream ndjson, IngestionStreamReport report) =>
        Read(ndjson, report, new StringPool());

    /// <param name="vocabulary">Pools brands, categories, colours, attribute keys and values: they repeat across a catalog.</param>
    internal static IEnumerable<RetailProduct> Read(Stream ndjson, IngestionStreamReport report, StringPool vocabulary)
    {
        ArgumentNullException.ThrowIfNull(ndjson);
        ArgumentNullException.ThrowIfNull(report);
        return ReadLines(ndjson, report, vocabulary);
    }

    private static IEnumerable<RetailProduct> ReadLines(Stream ndjson, IngestionStreamReport report, StringPool vocabulary)
    {
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        using var lines = new NdjsonLineReader(ndjson);
        while (lines.TryReadLine(out var line))
        {
            if (line.IsTooLong)
            {
                report.CountSkipped(IngestionSkipReasons.MalformedJson, line.Number);
                continue;
            }
            if (line.IsBlank)
            {
                report.CountBlank();
                continue;
            }
            string? reason = RetailProductParser.TryParse(line.Bytes.Span, vocabulary, out var product);
            if (reason is null && !seenIds.Add(product!.Id)) reason = IngestionSkipReasons.DuplicateId;
            if (reason is not null)
            {
                report.CountSkipped(reason, line.Number);
                continue;
            }
            report.CountAccepted();
            yield return product!;
        }
    }
}
