using System.Text.Json;
using Teddy.SampleData;

namespace Teddy.Core.Tests.SampleData;

internal sealed record ParsedProduct(
    string Id, string Title, string? Description, string[] Categories, string[] Brands,
    JsonElement Price, JsonElement? OriginalPrice, string Currency, string Availability,
    string[] Colours, string[] ColourFamilies, string[] AgeGroups, string[] ImageUris, string? Material, string Uri)
{
    public string Category => Categories[0];
    public string? Brand => Brands.Length > 0 ? Brands[0] : null;
    public decimal PriceValue => GeneratedShop.Money(Price);
    public decimal? OriginalPriceValue => OriginalPrice is { } p ? GeneratedShop.Money(p) : null;
}

internal sealed record ParsedProductDetail(string ProductId, int? Quantity);

internal sealed record ParsedEvent(
    string EventType, string VisitorId, string EventTime, string? UserId,
    ParsedProductDetail[] ProductDetails, decimal? Revenue, string? RevenueCurrency,
    string? SearchQuery, string[] PageCategories)
{
    public DateTimeOffset Time => DateTimeOffset.Parse(EventTime, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A generated shop, kept as bytes and parsed back line by line with JsonDocument.
/// Parsing is strict on purpose: a missing required field throws and fails the test.</summary>
internal sealed class GeneratedShop
{
    public static readonly SampleShopOptions Small = new() { Products = 2_000, Brands = 150, Visitors = 500, Events = 20_000 };

    public required SampleShopOptions Options { get; init; }
    public required SampleShopSummary Summary { get; init; }
    public required byte[] CatalogBytes { get; init; }
    public required byte[] EventBytes { get; init; }
    public required List<ParsedProduct> Products { get; init; }
    public required List<ParsedEvent> Events { get; init; }

    public Dictionary<string, ParsedProduct> ProductsById => _byId ??= Products.ToDictionary(p => p.Id);
    private Dictionary<string, ParsedProduct>? _byId;

    public static GeneratedShop Generate(SampleShopOptions options)
    {
        var (summary, catalog, events) = Bytes(options);
        return new GeneratedShop
        {
            Options = options,
            Summary = summary,
            CatalogBytes = catalog,
            EventBytes = events,
            Products = Lines(catalog).Select(ParseProduct).ToList(),
            Events = Lines(events).Select(ParseEvent).ToList(),
        };
    }

    public static (SampleShopSummary Summary, byte[] Catalog, byte[] Events) Bytes(SampleShopOptions options)
    {
        using var catalog = new MemoryStream();
        using var events = new MemoryStream();
        var summary = SampleShopGenerator.Write(options, catalog, events);
        return (summary, catalog.ToArray(), events.ToArray());
    }

    /// <summary>NDJSON lines; every line, including the last, must end in '\n' and none may be empty.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Lines(byte[] ndjson)
    {
        Assert.True(ndjson.Length > 0 && ndjson[^1] == (byte)'\n', "NDJSON must end with a newline.");
        int start = 0;
        for (int i = 0; i < ndjson.Length; i++)
        {
            if (ndjson[i] != (byte)'\n') continue;
            Assert.True(i > start, $"Empty line at byte {i}.");
            yield return ndjson.AsMemory(start, i - start);
            start = i + 1;
        }
    }

    public static decimal Money(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDecimal(),
        JsonValueKind.String => decimal.Parse(value.GetString()!, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture),
        _ => throw new FormatException($"Money must be a number or numeric string, got {value.ValueKind}."),
    };

    private static ParsedProduct ParseProduct(ReadOnlyMemory<byte> line)
    {
        using var doc = JsonDocument.Parse(line);
        var p = doc.RootElement;
        var price = p.GetProperty("priceInfo");
        return new ParsedProduct(
            Id: p.GetProperty("id").GetString()!,
            Title: p.GetProperty("title").GetString()!,
            Description: p.TryGetProperty("description", out var d) ? d.GetString() : null,
            Categories: Strings(p.GetProperty("categories")),
            Brands: p.TryGetProperty("brands", out var b) ? Strings(b) : [],
            Price: price.GetProperty("price").Clone(),
            OriginalPrice: price.TryGetProperty("originalPrice", out var op) ? op.Clone() : null,
            Currency: price.GetProperty("currencyCode").GetString()!,
            Availability: p.GetProperty("availability").GetString()!,
            Colours: p.TryGetProperty("colorInfo", out var ci) ? Strings(ci.GetProperty("colors")) : [],
            ColourFamilies: p.TryGetProperty("colorInfo", out var cf) ? Strings(cf.GetProperty("colorFamilies")) : [],
            AgeGroups: Strings(p.GetProperty("audience").GetProperty("ageGroups")),
            ImageUris: p.TryGetProperty("images", out var im) ? im.EnumerateArray().Select(i => i.GetProperty("uri").GetString()!).ToArray() : [],
            Material: p.TryGetProperty("attributes", out var a) && a.TryGetProperty("material", out var m) ? m.GetProperty("text")[0].GetString() : null,
            Uri: p.GetProperty("uri").GetString()!);
    }

    private static ParsedEvent ParseEvent(ReadOnlyMemory<byte> line)
    {
        using var doc = JsonDocument.Parse(line);
        var e = doc.RootElement;
        var details = e.TryGetProperty("productDetails", out var pd)
            ? pd.EnumerateArray().Select(x => new ParsedProductDetail(
                x.GetProperty("product").GetProperty("id").GetString()!,
                x.TryGetProperty("quantity", out var q) ? q.GetInt32() : null)).ToArray()
            : [];
        var transaction = e.TryGetProperty("purchaseTransaction", out var t) ? t : (JsonElement?)null;
        return new ParsedEvent(
            EventType: e.GetProperty("eventType").GetString()!,
            VisitorId: e.GetProperty("visitorId").GetString()!,
            EventTime: e.GetProperty("eventTime").GetString()!,
            UserId: e.TryGetProperty("userInfo", out var u) ? u.GetProperty("userId").GetString() : null,
            ProductDetails: details,
            Revenue: transaction?.GetProperty("revenue").GetDecimal(),
            RevenueCurrency: transaction?.GetProperty("currencyCode").GetString(),
            SearchQuery: e.TryGetProperty("searchQuery", out var s) ? s.GetString() : null,
            PageCategories: e.TryGetProperty("pageCategories", out var pc) ? Strings(pc) : []);
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(x => x.GetString()!).ToArray();
}

/// <summary>One small shop shared by the tests of a class (generating and parsing it once).</summary>
public sealed class SmallShopFixture
{
    internal GeneratedShop Shop { get; } = GeneratedShop.Generate(GeneratedShop.Small);
}
