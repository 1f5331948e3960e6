using System.Runtime.CompilerServices;

namespace Teddy.Retail;

/// <summary>
/// Streams the events of a Retail API UserEvent NDJSON file. Never throws on data: a bad line is skipped and
/// counted (checks in order: malformed_json, unknown_event_type, missing_visitor_id, bad_timestamp,
/// missing_product, unknown_product). Given a catalog, product references not in it are dropped from the event
/// (and counted as unknown_product_references); an event left with none is skipped as unknown_product.
/// Lazy: the report is complete once enumerated. Keeps a string pool, so reuse one reader per ingestion only.
/// </summary>
public sealed class RetailEventReader
{
    private readonly RetailEventParser _parser;

    /// <param name="additionalEventTypes">Accepted besides <see cref="RetailEventTypes.All"/> (e.g. every type with a configured weight).</param>
    /// <param name="catalog">When given, product ids are checked against it.</param>
    public RetailEventReader(IEnumerable<string>? additionalEventTypes = null, ProductCatalog? catalog = null) =>
        _parser = new RetailEventParser(RetailEventTypes.All.Concat(additionalEventTypes ?? []), catalog);

    public IEnumerable<RetailEvent> Read(Stream ndjson, EventIngestionReport report)
    {
        ArgumentNullException.ThrowIfNull(ndjson);
        ArgumentNullException.ThrowIfNull(report);
        return ReadLines(ndjson, report);
    }

    private IEnumerable<RetailEvent> ReadLines(Stream ndjson, EventIngestionReport report)
    {
        using var lines = new NdjsonLineReader(ndjson);
        while (lines.TryReadLine(out var line))
            if (Accept(line, report))
                yield return _parser.ToRetailEvent();
    }

    /// <summary>
    /// The allocation-free path for the ingestion: each accepted event is handed over as the parser's state,
    /// valid only during the call.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void ReadInto(Stream ndjson, EventIngestionReport report, Action<RetailEventParser> onAccepted)
    {
        using var lines = new NdjsonLineReader(ndjson);
        while (lines.TryReadLine(out var line))
            if (Accept(line, report))
                onAccepted(_parser);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Accept(in NdjsonLine line, EventIngestionReport report)
    {
        if (line.IsTooLong)
        {
            report.CountSkipped(IngestionSkipReasons.MalformedJson, line.Number);
            return false;
        }
        if (line.IsBlank)
        {
            report.CountBlank();
            return false;
        }
        string? reason = _parser.TryParse(line.Bytes.Span);
        if (reason is not null)
        {
            report.CountSkipped(reason, line.Number);
            return false;
        }
        report.CountAccepted(_parser.EventType);
        report.CountUnknownProductReferences(_parser.DroppedUnknownReferences);
        return true;
    }
}
