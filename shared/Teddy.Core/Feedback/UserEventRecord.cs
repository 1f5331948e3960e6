using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Teddy.Retail;

namespace Teddy.Feedback;

/// <summary>
/// One shopper event as the events table stores it (partition: the user key, made key-safe; row: <see cref="EventId"/>):
/// sent by a web client to <c>POST api/events</c> (<see cref="Sources.Api"/>) or derived from a click recorded by
/// <c>POST api/clicks</c> (<see cref="Sources.Click"/>, a <c>detail-page-view</c>). Events with the same id are one
/// event: a click and the detail-page-view carrying its attribution token share a row, and an event sent twice is
/// stored once. <see cref="EventJson"/> is the event as a Retail API UserEvent (one line of NDJSON), what the next
/// retrain ingests with the data container's files.
/// </summary>
/// <param name="UserKey">userInfo.userId when present, else visitorId (the key ingestion uses).</param>
/// <param name="ProductIds">The product ids the event names, in its order (variants and unknown products as sent).</param>
/// <param name="ReceivedAt">When Teddy received it (UTC): real-time personalisation reads events received after the last retrain's read.</param>
/// <param name="EventJson">The UserEvent as compact JSON; empty in rows read for real time (which select only what they use).</param>
public sealed record UserEventRecord(
    string EventId,
    string UserKey,
    string EventType,
    DateTimeOffset EventTime,
    IReadOnlyList<string> ProductIds,
    string? AttributionToken,
    string Source,
    DateTimeOffset ReceivedAt,
    string EventJson)
{
    /// <summary>The values of <see cref="Source"/>.</summary>
    public static class Sources
    {
        public const string Api = "api";
        public const string Click = "click";
    }

    /// <summary>A validated event from <c>POST api/events</c>.</summary>
    public static UserEventRecord FromApi(ValidatedUserEvent validated, DateTimeOffset receivedAt)
    {
        var e = validated.Event;
        var products = e.ProductDetails.Select(d => d.ProductId).ToArray();
        return new UserEventRecord(UserEventIds.Of(e.UserKey, e.EventType, e.EventTime, products, validated.AttributionToken),
            e.UserKey, e.EventType, e.EventTime, products, validated.AttributionToken, Sources.Api, receivedAt, validated.Json);
    }

    /// <summary>
    /// The detail-page-view a click stands for (the shopper opened the product they clicked): user key = the click's
    /// user id, event time = when the click was received.
    /// </summary>
    public static UserEventRecord FromClick(Click click)
    {
        string id = click.AttributionToken is { } token ? UserEventIds.OfAttributedClick(token, click.ProductId) : UserEventIds.OfClickId(click.ClickId);
        return new UserEventRecord(id, click.UserId, RetailEventTypes.DetailPageView, click.ReceivedAt, [click.ProductId],
            click.AttributionToken, Sources.Click, click.ReceivedAt, DetailPageViewJson(click));
    }

    /// <summary>
    /// Whether this event also counts as a click on an impression's item: a detail-page-view with an attribution token
    /// naming one product (the Retail API's convention for a click-through).
    /// </summary>
    public bool IsAttributedView => AttributionToken is not null && EventType == RetailEventTypes.DetailPageView && ProductIds.Distinct().Count() == 1;

    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string DetailPageViewJson(Click click)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, Compact))
        {
            json.WriteStartObject();
            json.WriteString("eventType", RetailEventTypes.DetailPageView);
            json.WriteString("visitorId", click.UserId);
            json.WriteString("eventTime", click.ReceivedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            json.WriteStartArray("productDetails");
            json.WriteStartObject();
            json.WriteStartObject("product");
            json.WriteString("id", click.ProductId);
            json.WriteEndObject();
            json.WriteNumber("quantity", 1);
            json.WriteEndObject();
            json.WriteEndArray();
            if (click.AttributionToken is { } token) json.WriteString("attributionToken", token);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

/// <summary>
/// Event ids: the lower-case hex SHA-256 of an identity string (the issue 7 contract), so the same event always gets the
/// same id, on every instance:
/// <list type="bullet">
/// <item>a detail-page-view with an attribution token naming one product, and a click with a token: <c>click|{token}|{productId}</c>;</item>
/// <item>a click without a token: <c>clickid|{click_id}</c>;</item>
/// <item>any other event: <c>event|{userKey}|{eventType}|{eventTime UTC ticks}|{product ids sorted ordinally, joined by U+001F}</c>.</item>
/// </list>
/// </summary>
public static class UserEventIds
{
    public static string OfAttributedClick(string token, string productId) => Hash($"click|{token}|{productId}");

    public static string OfClickId(string clickId) => Hash($"clickid|{clickId}");

    /// <summary>The id of an event sent to <c>POST api/events</c>.</summary>
    public static string Of(string userKey, string eventType, DateTimeOffset eventTime, IReadOnlyList<string> productIds, string? attributionToken)
    {
        if (attributionToken is not null && eventType == RetailEventTypes.DetailPageView && productIds.Distinct(StringComparer.Ordinal).Count() == 1)
            return OfAttributedClick(attributionToken, productIds[0]);
        var sorted = productIds.Order(StringComparer.Ordinal);
        return Hash($"event|{userKey}|{eventType}|{eventTime.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{string.Join('\u001F', sorted)}");
    }

    private static string Hash(string identity) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
}

/// <summary>What happened to each event of one <c>POST api/events</c>.</summary>
/// <param name="Stored">Per event, in the request's order: true when this request stored it, false when it was stored before (or earlier in the same request).</param>
/// <param name="ClicksStored">Attributed views newly stored as clicks (see <see cref="UserEventRecord.IsAttributedView"/>).</param>
public sealed record EventsRecorded(IReadOnlyList<bool> Stored, int ClicksStored);

/// <summary>The events table.</summary>
public interface IUserEventStore
{
    /// <summary>
    /// Stores each event unless a row with its id exists (then it is left as it was). Per event, in order: true when
    /// stored now. Every event is stored (or known to be) when this returns.
    /// </summary>
    /// <exception cref="Teddy.Storage.StorageUnavailableException">Storage could not confirm every write in time; retrying is safe.</exception>
    Task<IReadOnlyList<bool>> RecordAsync(IReadOnlyList<UserEventRecord> events, CancellationToken cancellation = default);

    /// <summary>
    /// The user's events received at or after <paramref name="since"/>, at most <paramref name="max"/> (the newest by
    /// <see cref="UserEventRecord.ReceivedAt"/>), oldest first, without <see cref="UserEventRecord.EventJson"/>.
    /// </summary>
    Task<IReadOnlyList<UserEventRecord>> ReadRecentAsync(string userKey, DateTimeOffset since, int max, CancellationToken cancellation = default);
}
