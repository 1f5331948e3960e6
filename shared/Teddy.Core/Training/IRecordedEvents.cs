namespace Teddy.Training;

/// <summary>
/// The shopper events recorded through the API (clicks included, as the detail-page-views they stand for): what a
/// retrain learns from besides the data container's events file.
/// </summary>
public interface IRecordedEvents
{
    /// <summary>
    /// Writes every recorded event as one line of Retail API UserEvent NDJSON to <paramref name="destination"/> (UTF-8)
    /// and says when the read started and how many rows it wrote. An events table that does not exist yet has no rows.
    /// </summary>
    /// <exception cref="Teddy.Storage.StorageUnavailableException">Storage could not answer within the budget.</exception>
    Task<RecordedEventsExport> ExportAsync(Stream destination, CancellationToken cancellation = default);
}

/// <param name="ReadAt">When the read started (UTC): every event stored before it is in the export.</param>
/// <param name="Rows">Events written.</param>
public sealed record RecordedEventsExport(DateTimeOffset ReadAt, long Rows);
