namespace Teddy.Analytics;

/// <summary>One impression row as read: the impression, or why it was skipped.</summary>
public readonly record struct ImpressionRead(ImpressionRecord? Impression, string? SkipReason);

/// <summary>One click row as read: the click, or why it was skipped (with when it was received, to tally it in that hour).</summary>
public readonly record struct ClickRead(ClickRecord? Click, string? SkipReason, DateTimeOffset ReceivedAt);

/// <summary>The feedback tables click-through is computed from (impressions and clicks), read only.</summary>
public interface IFeedbackSource
{
    /// <summary>Every stored click record received in [<paramref name="from"/>, <paramref name="to"/>) (UTC).</summary>
    IAsyncEnumerable<ClickRead> ReadClicksAsync(DateTime from, DateTime to, CancellationToken cancellation = default);

    /// <summary>Every impression row served in the UTC <paramref name="hour"/>, each once.</summary>
    IAsyncEnumerable<ImpressionRead> ReadImpressionsAsync(DateTime hour, CancellationToken cancellation = default);

    /// <summary>The earliest hour in [<paramref name="from"/>, <paramref name="to"/>) with a stored impression, or null.</summary>
    Task<DateTime?> FirstImpressionHourAsync(DateTime from, DateTime to, CancellationToken cancellation = default);
}

/// <summary>A stored hour aggregate as listed: its hour, whether it is final, and its version.</summary>
public sealed record StoredHour(DateTime Hour, bool Final, string ETag);

/// <summary>ctr.json as read: the document and its ETag.</summary>
public sealed record StoredDocument(CtrDocument Document, string ETag);

/// <summary>
/// Where the shared aggregates live (the analytics container): <c>hours/{yyyyMMddHH}.json</c>, <c>ctr.json</c>,
/// and the lease that lets one aggregation run at a time.
/// </summary>
public interface IAnalyticsStore
{
    /// <summary>What the store is, for messages: <c>blob container 'analytics'</c>.</summary>
    string Resource { get; }

    /// <summary>The aggregation lock, held until disposed; null when another instance holds it.</summary>
    Task<IAsyncDisposable?> TryLockAsync(CancellationToken cancellation = default);

    Task<IReadOnlyList<StoredHour>> ListHoursAsync(CancellationToken cancellation = default);

    /// <summary>The hour's aggregate and its ETag, or null when not stored.</summary>
    Task<(HourAggregate Hour, string ETag)?> ReadHourAsync(DateTime hour, CancellationToken cancellation = default);

    /// <summary>Stores (replaces) an hour's aggregate; returns its new ETag.</summary>
    Task<string> WriteHourAsync(HourAggregate hour, CancellationToken cancellation = default);

    Task DeleteHourAsync(DateTime hour, CancellationToken cancellation = default);

    /// <summary>When ctr.json was last computed (from its metadata, without reading it), or null when there is none.</summary>
    Task<DateTimeOffset?> GetDocumentComputedAtAsync(CancellationToken cancellation = default);

    /// <summary>ctr.json's current ETag, or null when there is none.</summary>
    Task<string?> GetDocumentETagAsync(CancellationToken cancellation = default);

    /// <summary>ctr.json, or null when there is none.</summary>
    Task<StoredDocument?> ReadDocumentAsync(CancellationToken cancellation = default);

    Task WriteDocumentAsync(CtrDocument document, CancellationToken cancellation = default);
}
