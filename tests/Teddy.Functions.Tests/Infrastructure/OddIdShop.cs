using System.Text;
using System.Text.Json.Nodes;
using Teddy.SampleData;

namespace Teddy.Functions.Tests.Infrastructure;

/// <summary>
/// A small generated shop whose most active shoppers and most clicked products carry ids from every
/// character class a Retail API id may hold: '/', '+' and '=' of base64, percent signs (with and without hex
/// after them), reserved URL characters, quotes and backslashes, control characters, accents, CJK, emoji,
/// combining marks, and the dot segments. The rest of the shop keeps its plain ids.
/// </summary>
public static class OddIdShop
{
    /// <summary>The example: a base64-hashed user id, as Google asks shops to send.</summary>
    public const string HashedUser = "hX3/pQ+9zA==";

    public static readonly string[] Users =
    [
        HashedUser,
        "a%41b",                       // a literal percent followed by hex: must not be decoded twice
        "50%",                         // a literal percent at the end
        "ü/ß+中文😀",                   // accents, CJK, an emoji (a surrogate pair), with '/' and '+'
        "?#&=;,:@!$'()*[]",            // every reserved URL character
        "back\\slash \"quoted\" <>{}|^`~", // quotes, backslash, space and the characters URLs never carry raw
        "tab\there",                   // a control character
        "e\u0301 \u05d0\u200b",        // a combining mark, right-to-left text, a zero-width space
        "-",                           // the placeholder itself
        "+",
        ".",                           // dot segments: removed from paths by every host, so addressed by query
        "..",
        "a%2Fb",                       // the literal text "%2F": cannot travel in a path (see RouteValues), only by query
    ];

    public static readonly string[] Products = ["p/1+2=3", "sku?#%41&x", "ü/😀 \"q\"", "-", "..", "a%2Fb"];

    /// <summary>
    /// Ids a client can put in a path (percent-encoded): all but the dot segments, the literal "%2F", and "-" (the path's
    /// placeholder for "id left out": the id "-" goes by query).
    /// </summary>
    public static bool PathAddressable(string id) => id is not ("." or ".." or "-") && !id.Contains("%2F", StringComparison.OrdinalIgnoreCase);

    public static readonly SampleShopOptions Shop = new() { Products = 400, Brands = 60, Visitors = 200, Events = 10_000, Seed = 11 };

    /// <summary>The shop's catalog and events (Retail NDJSON) with the odd ids in place.</summary>
    public static (MemoryStream Catalog, MemoryStream Events) Write()
    {
        using var catalog = new MemoryStream();
        using var events = new MemoryStream();
        SampleShopGenerator.Write(Shop, catalog, events);
        var catalogLines = Lines(catalog);
        var eventLines = Lines(events).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

        var userRenames = eventLines.GroupBy(UserKey).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).Zip(Users).ToDictionary(p => p.First, p => p.Second);
        var productRenames = eventLines.SelectMany(ProductIds).GroupBy(id => id).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key).Zip(Products).ToDictionary(p => p.First, p => p.Second);

        var newCatalog = new MemoryStream();
        foreach (string line in catalogLines)
        {
            var product = JsonNode.Parse(line)!.AsObject();
            if (productRenames.TryGetValue(product["id"]!.GetValue<string>(), out string? id)) product["id"] = id;
            WriteLine(newCatalog, product);
        }
        var newEvents = new MemoryStream();
        foreach (var e in eventLines)
        {
            string user = UserKey(e);
            if (userRenames.TryGetValue(user, out string? renamed))
            {
                if (e["userInfo"] is JsonObject info && info["userId"] is not null) info["userId"] = renamed;
                else e["visitorId"] = renamed;
            }
            foreach (var detail in e["productDetails"]?.AsArray() ?? [])
            {
                var product = detail!["product"]!.AsObject();
                if (productRenames.TryGetValue(product["id"]!.GetValue<string>(), out string? id)) product["id"] = id;
            }
            WriteLine(newEvents, e);
        }
        newCatalog.Position = 0;
        newEvents.Position = 0;
        return (newCatalog, newEvents);
    }

    private static string UserKey(JsonObject e) =>
        e["userInfo"]?["userId"]?.GetValue<string>() ?? e["visitorId"]!.GetValue<string>();

    private static IEnumerable<string> ProductIds(JsonObject e) =>
        (e["productDetails"]?.AsArray() ?? []).Select(d => d!["product"]!["id"]!.GetValue<string>());

    private static List<string> Lines(MemoryStream stream) =>
        Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static void WriteLine(Stream stream, JsonNode node)
    {
        stream.Write(Encoding.UTF8.GetBytes(node.ToJsonString()));
        stream.WriteByte((byte)'\n');
    }
}
