using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Teddy.Feedback;
using Teddy.Recommenders;

namespace Teddy.Analytics;

/// <summary>
/// One row of the clicks table as click-through reads it: a click posted to <c>POST api/clicks</c>, or a
/// <c>detail-page-view</c> event with an attribution token (click id <c>evt:</c> + its event id).
/// </summary>
/// <param name="AttributionToken">The token of the list the click came from; null when the client sent none.</param>
/// <param name="Position">The 1-based position the client reported; 0 when absent.</param>
/// <param name="RecommendationType">The clicked item's type as the client reported it (lower case); null when absent.</param>
/// <param name="ReceivedAt">When Teddy received it (server time).</param>
/// <param name="ProductKnown">false when the serving model did not know the product; null when unchecked.</param>
public sealed record ClickRecord(
    string ClickId,
    string? AttributionToken,
    string ProductId,
    int Position,
    string? RecommendationType,
    DateTimeOffset ReceivedAt,
    bool? ProductKnown);

/// <summary>One row of the impressions table as click-through reads it: a served list and its items.</summary>
/// <param name="Method">The method that made the list (lower case, e.g. <c>hybrid</c>).</param>
public sealed record ImpressionRecord(string AttributionToken, string ListKind, string Method, IReadOnlyList<ImpressionItem> Items);

/// <summary>
/// The impression table's compact <c>Items</c> JSON (see the issue 7 contract): an array with one object per
/// item, <c>{"p":productId,"pos":1,"s":sources,"b":brand,"c":category|null,"a":ageGroup|null,"col":colour|null,"d":discountTier}</c>.
/// </summary>
public static class ImpressionItemsJson
{
    public const string MalformedItems = "malformed_items";

    /// <summary>The items, or null (with <paramref name="reason"/>) when the JSON is not such an array: the row is skipped and counted.</summary>
    public static IReadOnlyList<ImpressionItem>? Parse(string? json, out string? reason)
    {
        reason = MalformedItems;
        if (string.IsNullOrEmpty(json)) return null;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array) return null;
            var items = new List<ImpressionItem>(document.RootElement.GetArrayLength());
            foreach (var item in document.RootElement.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object
                    || !item.TryGetProperty("p", out var product) || product.ValueKind != JsonValueKind.String
                    || !item.TryGetProperty("pos", out var position) || !position.TryGetInt32(out int pos) || pos < 1)
                    return null;
                items.Add(new ImpressionItem(
                    product.GetString()!,
                    pos,
                    item.TryGetProperty("s", out var s) && s.TryGetInt32(out int sources) ? (RecommendationSources)sources : RecommendationSources.None,
                    Text(item, "b") ?? "",
                    Text(item, "c"),
                    Text(item, "a"),
                    Text(item, "col"),
                    item.TryGetProperty("d", out var d) && d.TryGetInt32(out int tier) ? tier : 0));
            }
            reason = null;
            return items;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // Product ids, brands and categories are stored as they are (no \uXXXX escaping of non-ASCII or HTML characters):
    // the cell is read back as JSON, never put into HTML, and a row must fit the table's size limit.
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes items in the table's compact form: what the impression store writes and <see cref="Parse"/> reads.</summary>
    public static string Write(IReadOnlyList<ImpressionItem> items)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + items.Count * 96);
        using (var json = new Utf8JsonWriter(buffer, Compact))
        {
            json.WriteStartArray();
            foreach (var item in items)
            {
                json.WriteStartObject();
                json.WriteString("p", item.ProductId);
                json.WriteNumber("pos", item.Position);
                json.WriteNumber("s", (int)item.Sources);
                json.WriteString("b", item.Brand);
                json.WriteString("c", item.Category);
                json.WriteString("a", item.AgeGroup);
                json.WriteString("col", item.Color);
                json.WriteNumber("d", item.DiscountTier);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string? Text(JsonElement item, string name) =>
        item.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
