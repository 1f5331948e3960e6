namespace Teddy.Retail;

/// <summary>
/// Why a line was skipped. The strings are stable (they appear in reports, logs and dashboards): never rename one.
/// A line is skipped for the first reason found, in the order the readers check (documented on each reader).
/// Problems Teddy works around without skipping the line are <see cref="IngestionWarnings"/>.
/// </summary>
public static class IngestionSkipReasons
{
    /// <summary>Not valid JSON, not a JSON object, invalid UTF-8, or longer than the reader's line limit.</summary>
    public const string MalformedJson = "malformed_json";
    public const string MissingId = "missing_id";

    /// <summary>A product id seen on an earlier accepted line; the first one wins.</summary>
    public const string DuplicateId = "duplicate_id";

    /// <summary>
    /// No longer produced: a product whose availability is not a Retail API value is kept, with availability
    /// unknown, and counted as the warning <see cref="IngestionWarnings.UnknownAvailability"/>. The name stays
    /// reserved so reports written before keep their meaning.
    /// </summary>
    public const string InvalidAvailability = "invalid_availability";

    /// <summary>price or originalPrice not a number or numeric string, negative, or not finite. "0" is valid.</summary>
    public const string InvalidPrice = "invalid_price";

    /// <summary>Neither visitorId nor userInfo.userId: the event belongs to nobody. (A user id alone is enough.)</summary>
    public const string MissingVisitorId = "missing_visitor_id";

    /// <summary>An event type that is missing, not one of Google's (<see cref="RetailEventTypes.All"/>), and has no configured weight.</summary>
    public const string UnknownEventType = "unknown_event_type";

    /// <summary>eventTime missing or not an RFC 3339 date-time (a date, a time and an offset: Z or ±hh:mm).</summary>
    public const string BadTimestamp = "bad_timestamp";

    /// <summary>
    /// eventTime later than the ingestion's "now" (the retrain's start; the request's arrival for <c>POST api/events</c>)
    /// plus the tolerated clock skew (<c>Teddy__Events__MaxFutureSkewMinutes</c>): an event that has not happened yet.
    /// </summary>
    public const string EventTimeInFuture = "event_time_in_future";

    /// <summary>
    /// A field a reader uses is given twice in one object, at any level it reads (events: <c>eventType</c>,
    /// <c>product.id</c>, ...; products: <c>id</c>, <c>priceInfo.price</c>, an attribute's key, ...): which one counts
    /// would be a guess.
    /// </summary>
    public const string DuplicateField = "duplicate_field";

    /// <summary>
    /// A field the reader needs holds a value of another JSON type than the Retail API's: a number where a string
    /// belongs (<c>"visitorId": 123</c>, a product <c>"id": 17</c>), a string where an object belongs
    /// (<c>"product": "p1"</c>). Reported as what it is, never as a missing field; null counts as absent. Products:
    /// <c>id</c>, <c>primaryProductId</c>. Events: <c>eventType</c>, <c>visitorId</c>, <c>userInfo</c> and its
    /// <c>userId</c>, <c>eventTime</c>, <c>productDetails</c>, each detail, its <c>product</c> and <c>product.id</c>.
    /// Informative fields (a title, a quantity, a purchase's revenue) of an unusable type are ignored, not fatal.
    /// </summary>
    public const string WrongType = "wrong_type";

    /// <summary>
    /// An id longer than <see cref="IdLimit.MaxLength"/> (256) characters, the HTTP API's limit for every id: a product's
    /// <c>id</c> or <c>primaryProductId</c>; an event's <c>visitorId</c>, <c>userInfo.userId</c> or a
    /// <c>productDetails[].product.id</c>. Such a product could be served but never asked about or clicked, and such
    /// an event's shopper never asked for recommendations: the API refuses the id on every route.
    /// </summary>
    public const string IdTooLong = "id_too_long";

    /// <summary>A type that needs products (<see cref="RetailEventTypes.RequiresProducts"/>) without any product id.</summary>
    public const string MissingProduct = "missing_product";

    /// <summary>The event names products, none of which any product line had (products that never existed).</summary>
    public const string UnknownProduct = "unknown_product";

    /// <summary>
    /// The event names no product in the catalog, and at least one it names had a product line that was rejected
    /// (the products report says why, e.g. invalid_price): fixing that line brings these events back.
    /// </summary>
    public const string RejectedProduct = "rejected_product";

    /// <summary>The same event as an earlier accepted line (same user, type, time, products, search query and page categories): counted once.</summary>
    public const string DuplicateEvent = "duplicate_event";
}
