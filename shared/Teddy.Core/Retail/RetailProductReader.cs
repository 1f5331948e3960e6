namespace Teddy.Retail;

/// <summary>
/// Streams the products of a Retail API Product NDJSON file. Never throws on data: a bad line is skipped and
/// counted in the report (checks in order: malformed_json, missing_id, invalid_price, then duplicate_id: the
/// first valid line with an id wins). Accepted lines with a problem worked around are counted as warnings:
/// unknown_availability, and for products that are not variants missing_title, missing_brand, missing_price.
/// Lazy: the report is complete once enumerated.
/// </summary>
public static class RetailProductReader
{
    public static IEnumerable<RetailProduct> Read(Stream ndjson, IngestionStreamReport report) =>
        Read(ndjson, report, new StringPool(), rejectedIds: null);

    /// <param name="vocabulary">Pools brands, categories, colours, attribute keys and values: they repeat across a catalog.</param>
    /// <param name="rejectedIds">Receives the id of every line rejected after its id was read (e.g. invalid_price).</param>
    internal static IEnumerable<RetailProduct> Read(Stream ndjson, IngestionStreamReport report, StringPool vocabulary, ICollection<string>? rejectedIds)
    {
        ArgumentNullException.ThrowIfNull(ndjson);
        ArgumentNullException.ThrowIfNull(report);
        return ReadLines(ndjson, report, vocabulary, rejectedIds);
    }

    private static IEnumerable<RetailProduct> ReadLines(Stream ndjson, IngestionStreamReport report, StringPool vocabulary, ICollection<string>? rejectedIds)
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
            string? reason = RetailProductParser.TryParse(line.Bytes.Span, vocabulary, out var product, out string? rejectedId);
            if (reason is null && !seenIds.Add(product!.Id)) reason = IngestionSkipReasons.DuplicateId;
            if (reason is not null)
            {
                report.CountSkipped(reason, line.Number);
                if (rejectedId is not null) rejectedIds?.Add(rejectedId);
                continue;
            }
            report.CountAccepted();
            product!.LineNumber = line.Number;
            CountWarnings(product, line.Number, report);
            yield return product;
        }
    }

    private static void CountWarnings(RetailProduct product, long line, IngestionStreamReport report)
    {
        if (product.Availability == ProductAvailability.Unknown) report.CountWarning(IngestionWarnings.UnknownAvailability, line);
        if (product.Type == ProductType.Variant) return; // a variant is served as its primary: its own gaps do not show
        if (product.Title.Length == 0) report.CountWarning(IngestionWarnings.MissingTitle, line);
        if (!HasBrand(product.Brands)) report.CountWarning(IngestionWarnings.MissingBrand, line);
        if (product.Price is null) report.CountWarning(IngestionWarnings.MissingPrice, line);
    }

    private static bool HasBrand(IReadOnlyList<string> brands)
    {
        for (int i = 0; i < brands.Count; i++)
            if (!string.IsNullOrWhiteSpace(brands[i])) return true;
        return false;
    }
}
