using System.Runtime.CompilerServices;

namespace Teddy.Retail;

/// <summary>
/// Streams the events of a Retail API UserEvent NDJSON file. Never throws on data: a bad line is skipped and
/// counted (checks in order: malformed_json, duplicate_field, unknown_event_type, missing_visitor_id, bad_timestamp,
/// event_time_in_future, missing_product, rejected_product / unknown_product, duplicate_event). Given a catalog, product references
/// not in it are dropped from the event (and counted as rejected_product_references when the catalog rejected
/// that product's line, else unknown_product_references); an event left with none is skipped as
/// rejected_product (when any reference was to a rejected line) or unknown_product. An event identical to an
/// earlier accepted one (same user, type, time, products, search query and page categories) is a
/// duplicate_event: counted once. Lazy: the report is complete once enumerated. Keeps a string pool and the
/// events seen, so reuse one reader per ingestion only.
/// </summary>
public sealed class RetailEventReader
{
    private readonly RetailEventParser _parser;
    private readonly EventIdentitySet _seen = new();

    /// <param name="additionalEventTypes">Accepted besides <see cref="RetailEventTypes.All"/> (e.g. every type with a configured weight).</param>
    /// <param name="catalog">When given, product ids are checked against it.</param>
    /// <param name="latestEventTime">The latest eventTime accepted (the ingestion's now plus the tolerated skew); null: no limit.</param>
    public RetailEventReader(IEnumerable<string>? additionalEventTypes = null, ProductCatalog? catalog = null, DateTimeOffset? latestEventTime = null) =>
        _parser = new RetailEventParser(RetailEventTypes.All.Concat(additionalEventTypes ?? []), catalog)
        {
            LatestEventTime = latestEventTime ?? DateTimeOffset.MaxValue,
        };

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
        if (reason is null && !_seen.Add(_parser.Identity)) reason = IngestionSkipReasons.DuplicateEvent;
        if (reason is not null)
        {
            report.CountSkipped(reason, line.Number);
            return false;
        }
        report.CountAccepted(_parser.EventType);
        report.CountReferences(_parser.DroppedUnknownReferences, _parser.DroppedRejectedReferences, _parser.VariantReferences);
        return true;
    }
}

/// <summary>
/// What identifies one event (see <see cref="RetailEventParser.Identity"/>): the user key's id, the event type's index,
/// the UTC ticks, and a digest of what it is about (<see cref="EventIdentitySet"/> keeps user and time exact).
/// </summary>
internal readonly record struct EventIdentity(int User, int Type, long UtcTicks, int About);
