using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Teddy.Feedback;

namespace Teddy.Retail;

/// <summary>An event <c>POST api/events</c> accepted: as ingestion reads it, its attribution token, and its JSON (compact, one NDJSON line).</summary>
public sealed record ValidatedUserEvent(RetailEvent Event, string? AttributionToken, string Json);

/// <summary>Why a request's events were refused: the field at fault (<c>eventType</c>, <c>[3].eventTime</c>, <c>body</c>), a reason code, and words for the shop's developer.</summary>
/// <param name="Reason">An ingestion skip reason (<see cref="IngestionSkipReasons"/>) when ingestion would skip the event too, else one of <see cref="UserEventValidation"/>'s own codes.</param>
public sealed record UserEventProblem(string Field, string Reason, string Detail);

/// <summary>The events of one request, or the first problem (then nothing of the request may be stored).</summary>
public sealed record UserEventBatch(IReadOnlyList<ValidatedUserEvent> Events, UserEventProblem? Problem);

/// <summary>
/// Validates the body of <c>POST api/events</c>: one Google Retail API <c>UserEvent</c> object or an array of them, each
/// checked by the ingestion's own parser (<see cref="RetailEventParser"/>), so an event the API accepts is an event a
/// retrain accepts and the reasons are the same (<see cref="IngestionSkipReasons"/>: <c>duplicate_field</c>,
/// <c>wrong_type</c> — a value of another JSON type is named as such, never as missing —, <c>id_too_long</c> — ids
/// (<c>visitorId</c>, <c>userInfo.userId</c>, product ids) over <see cref="IdLimit.MaxLength"/> characters —,
/// <c>unknown_event_type</c>, <c>missing_visitor_id</c>, <c>bad_timestamp</c>, <c>event_time_in_future</c>,
/// <c>missing_product</c>, <c>malformed_json</c>), each named by its field, with the event's index in an array
/// (<c>[3].eventType</c>). Product ids are not checked against a catalog: an event may name a product the serving model
/// does not know yet (the next retrain's catalog may), so it is stored. Beyond ingestion, limits the storage and the
/// API need: an <c>attributionToken</c> (when given) one Teddy issued, <c>eventTime</c> from
/// <see cref="EarliestEventTime"/> on, at most <see cref="MaxEventChars"/> characters per event, and at most the
/// configured number of events per request. An event sent twice in one array is one event (stored once).
/// </summary>
public static class UserEventValidation
{
    /// <summary>The longest event as compact JSON, in UTF-16 characters: a Table Storage string property holds 32K.</summary>
    public const int MaxEventChars = 32_000;

    /// <summary>The earliest eventTime accepted (Table Storage keeps no dates before 1601; no web shop event is older than this).</summary>
    public static readonly DateTimeOffset EarliestEventTime = DateTimeOffset.UnixEpoch;

    /// <summary>Reason codes of the API's own limits (ingestion has no such limit).</summary>
    public static class Reasons
    {
        public const string NoEvents = "no_events";
        public const string TooManyEvents = "too_many_events";
        public const string EventTooLarge = "event_too_large";
        public const string EventTimeOutOfRange = "event_time_out_of_range";
        public const string InvalidAttributionToken = "invalid_attribution_token";
    }

    private const int MaxDepth = 64;
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="utf8">The request body in UTF-8.</param>
    /// <param name="additionalEventTypes">Accepted besides Google's types (every type with a configured weight), as ingestion does.</param>
    /// <param name="maxEvents">The most events one request may carry.</param>
    /// <param name="latestEventTime">The latest eventTime accepted: the request's arrival plus the tolerated clock skew
    /// (<see cref="Interactions.EventWeights.LatestEventTime"/>); a later one is refused as <c>event_time_in_future</c>.</param>
    public static UserEventBatch Validate(ReadOnlyMemory<byte> utf8, IEnumerable<string> additionalEventTypes, int maxEvents,
        DateTimeOffset latestEventTime)
    {
        // Structure first, in one pass: depth is counted (never read from an exception's words), and a field given
        // twice is refused at every level (a parser would silently keep the last).
        if (JsonStructure.Check(utf8.Span, MaxDepth) is { } flaw)
        {
            string field = flaw.Path.Length == 0 ? "body" : flaw.Path;
            return flaw.Flaw switch
            {
                JsonFlaw.TooDeep => Refused("body", IngestionSkipReasons.MalformedJson, $"The request body nests deeper than {MaxDepth} levels."),
                JsonFlaw.DuplicateProperty => Refused(field, IngestionSkipReasons.DuplicateField,
                    $"{field} may be given once; this event gives it twice (JSON readers disagree on which one counts)."),
                JsonFlaw.InvalidText => Refused(field, IngestionSkipReasons.MalformedJson, field == "body"
                    ? "The request body holds text that is not valid UTF-8."
                    : $"{field} holds text that is not valid UTF-8 (or an unpaired surrogate)."),
                _ => Refused("body", IngestionSkipReasons.MalformedJson,
                    $"The request body is not valid JSON (line {flaw.Line}, byte {flaw.BytePositionInLine})."),
            };
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            // Not expected after the structure check; still a 400 about the JSON, never a 500.
            return Refused("body", IngestionSkipReasons.MalformedJson,
                $"The request body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
        using (document)
        {
            var root = document.RootElement;
            bool batch = root.ValueKind == JsonValueKind.Array;
            if (!batch && root.ValueKind != JsonValueKind.Object)
                return Refused("body", IngestionSkipReasons.MalformedJson, "Send one Retail API UserEvent object, or an array of them.");
            int count = batch ? root.GetArrayLength() : 1;
            if (count == 0) return Refused("body", Reasons.NoEvents, "The array holds no event; send at least one.");
            if (count > maxEvents)
                return Refused("body", Reasons.TooManyEvents, $"At most {maxEvents} events may be sent in one request; this one has {count}.");

            var parser = new RetailEventParser(RetailEventTypes.All.Concat(additionalEventTypes), catalog: null) { LatestEventTime = latestEventTime };
            var events = new List<ValidatedUserEvent>(count);
            int index = 0;
            foreach (var element in batch ? root.EnumerateArray() : Enumerable.Repeat(root, 1))
            {
                string prefix = batch ? $"[{index}]" : "";
                var (accepted, problem) = One(element, prefix, parser);
                if (problem is not null) return new UserEventBatch([], problem);
                events.Add(accepted!);
                index++;
            }
            return new UserEventBatch(events, null);
        }
    }

    private static UserEventBatch Refused(string field, string reason, string detail) => new([], new UserEventProblem(field, reason, detail));

    private static (ValidatedUserEvent?, UserEventProblem?) One(JsonElement element, string prefix, RetailEventParser parser)
    {
        string whole = prefix.Length == 0 ? "body" : prefix;
        string Field(string path) => prefix.Length == 0 ? path : path.StartsWith('[') ? prefix + path : prefix + "." + path;
        (ValidatedUserEvent?, UserEventProblem?) Problem(string field, string reason, string detail) => (null, new UserEventProblem(field, reason, detail));

        if (element.ValueKind != JsonValueKind.Object)
            return Problem(whole, IngestionSkipReasons.MalformedJson, $"{Describe(whole)} must be a JSON object: a Retail API UserEvent.");
        // The ingestion's own check, on the event's own bytes.
        if (parser.TryParse(JsonMarshal.GetRawUtf8Value(element)) is { } reason)
        {
            var (path, detail) = Explain(reason, element, parser);
            return Problem(path.Length == 0 ? whole : Field(path), reason, detail);
        }
        var parsed = parser.ToRetailEvent();

        if (parsed.EventTime < EarliestEventTime)
            return Problem(Field("eventTime"), Reasons.EventTimeOutOfRange, $"eventTime must be on or after {EarliestEventTime:yyyy-MM-dd}.");

        string? token = null;
        if (element.TryGetProperty("attributionToken", out var tokenValue) && tokenValue.ValueKind != JsonValueKind.Null
            && !(tokenValue.ValueKind == JsonValueKind.String && tokenValue.GetString()!.Length == 0))
        {
            const string issued = "the attribution_token of a Teddy recommendations or similar-items response (44 lower-case hex digits)";
            if (tokenValue.ValueKind != JsonValueKind.String)
                return Problem(Field("attributionToken"), Reasons.InvalidAttributionToken,
                    $"attributionToken must be a string, not {JsonValues.Describe(tokenValue.ValueKind)}: {issued}.");
            token = tokenValue.GetString();
            if (!AttributionToken.IsValid(token))
                return Problem(Field("attributionToken"), Reasons.InvalidAttributionToken, $"attributionToken must be {issued}.");
        }

        string json = CompactJson(element);
        if (json.Length > MaxEventChars)
            return Problem(whole, Reasons.EventTooLarge, $"{Describe(whole)} is {json.Length:N0} characters as JSON; at most {MaxEventChars:N0} are stored per event.");
        return (new ValidatedUserEvent(parsed, token, json), null);
    }

    private static string Describe(string whole) => whole == "body" ? "The event" : $"Event {whole}";

    /// <summary>
    /// The field an ingestion skip reason points at (relative to the event), with words for it. A value that is there
    /// but wrong is described as wrong (of another type, too long, not a date-time), never as missing.
    /// </summary>
    private static (string Path, string Detail) Explain(string reason, JsonElement element, RetailEventParser parser) => reason switch
    {
        IngestionSkipReasons.WrongType when parser.WrongType is { } wrong => (wrong.Field,
            $"{wrong.Field} must be {wrong.Expected}, not {wrong.Found}" + (wrong.Expected == "a string" && wrong.Found == "a number"
                ? " (send an id or a date-time as JSON text, in quotes)." : ".")),
        IngestionSkipReasons.IdTooLong when parser.TooLongField is { } field => (field,
            $"{field} may be at most {IdLimit.MaxLength} characters (the API's limit for every id: a longer one could never be asked about)."),
        IngestionSkipReasons.UnknownEventType => element.TryGetProperty("eventType", out var type) && type.ValueKind == JsonValueKind.String
            ? ("eventType", $"eventType '{Shorten(type.GetString()!)}' is not a Google Retail API event type (such as detail-page-view, add-to-cart, purchase-complete), nor a type with a weight setting (Teddy__Events__Weights__<type>).")
            : ("eventType", "eventType is required: a Retail API event type such as detail-page-view."),
        IngestionSkipReasons.MissingVisitorId => ("visitorId", "visitorId (or userInfo.userId) is required: the shopper the event belongs to, not blank."),
        IngestionSkipReasons.BadTimestamp when element.TryGetProperty("eventTime", out var time) && time.ValueKind == JsonValueKind.String
                && Encoding.UTF8.GetByteCount(time.GetString()!.Trim(' ', '\t')) > Rfc3339Timestamp.MaxLength => ("eventTime",
            $"eventTime may be at most {Rfc3339Timestamp.MaxLength} characters (an RFC 3339 date-time such as 2026-11-26T10:00:00.123Z; fewer fraction digits)."),
        IngestionSkipReasons.BadTimestamp => ("eventTime", element.TryGetProperty("eventTime", out var given) && given.ValueKind == JsonValueKind.String
            ? $"eventTime '{Shorten(given.GetString()!)}' is not an RFC 3339 date-time with an offset; send one such as 2026-11-26T10:00:00Z or 2026-11-26T11:00:00+01:00 (a date alone, or a time without Z or an offset, is not one)."
            : "eventTime is required: an RFC 3339 date-time with an offset, such as 2026-11-26T10:00:00Z or 2026-11-26T11:00:00+01:00."),
        IngestionSkipReasons.EventTimeInFuture => ("eventTime",
            $"eventTime is in the future: it may be at most {parser.LatestEventTime.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}, the server's clock plus the tolerated clock skew (Teddy__Events__MaxFutureSkewMinutes)."),
        IngestionSkipReasons.DuplicateField => ("", "The event gives a field twice."),
        IngestionSkipReasons.MissingProduct => (MissingProductField(element),
            $"A {Shorten(element.GetProperty("eventType").GetString() ?? "")} event is about products: productDetails[].product.id is required."),
        _ => ("", "The event could not be read as a Retail API UserEvent."),
    };

    /// <summary><c>productDetails</c> when there are none, else the first detail's missing <c>product.id</c>.</summary>
    private static string MissingProductField(JsonElement element)
    {
        if (!element.TryGetProperty("productDetails", out var details)) return "productDetails";
        if (details.ValueKind == JsonValueKind.Object) return "productDetails.product.id";
        if (details.ValueKind != JsonValueKind.Array || details.GetArrayLength() == 0) return "productDetails";
        return "productDetails[0].product.id"; // none has an id (else the event would name a product)
    }

    private static string CompactJson(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, Compact)) element.WriteTo(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";
}
