namespace Teddy.Retail;

/// <summary>
/// Why a line was skipped. The strings are stable (they appear in reports, logs and dashboards): never rename one.
/// A line is skipped for the first reason found, in the order the readers check (documented on each reader).
/// </summary>
public static class IngestionSkipReasons
{
    /// <summary>Not valid JSON, not a JSON object, invalid UTF-8, or longer than the reader's line limit.</summary>
    public const string MalformedJson = "malformed_json";
    public const string MissingId = "missing_id";

    /// <summary>A product id seen on an earlier accepted line; the first one wins.</summary>
    public const string DuplicateId = "duplicate_id";
    public const string InvalidAvailability = "invalid_availability";

    /// <summary>price or originalPrice not a number or numeric string, negative, or not finite. "0" is valid.</summary>
    public const string InvalidPrice = "invalid_price";
    public const string MissingVisitorId = "missing_visitor_id";

    /// <summary>An event type that is missing, not one of the API's, and has no configured weight.</summary>
    public const string UnknownEventType = "unknown_event_type";

    /// <summary>eventTime missing or not an RFC 3339 timestamp.</summary>
    public const string BadTimestamp = "bad_timestamp";

    /// <summary>detail-page-view, add-to-cart or purchase-complete without any product id.</summary>
    public const string MissingProduct = "missing_product";

    /// <summary>The event names products, none of which is in the catalog.</summary>
    public const string UnknownProduct = "unknown_product";
}
