using System.Text.Json.Nodes;
using CsCheck;

namespace Teddy.Core.Tests.Shops;

/// <summary>One product line of a generated shop; <see cref="PrimaryId"/> makes it a variant of that product.</summary>
internal sealed record ShopProduct(string Id, string Title, string? Brand, string Category, double? Price, string Availability,
    string? Color, string? Age, string? PrimaryId = null)
{
    public JsonObject ToJson()
    {
        var json = new JsonObject { ["id"] = Id, ["categories"] = new JsonArray(Category), ["availability"] = Availability };
        if (Title.Length > 0) json["title"] = Title;
        if (Brand is not null) json["brands"] = new JsonArray(Brand);
        if (Price is { } price) json["priceInfo"] = new JsonObject { ["price"] = price, ["currencyCode"] = "EUR" };
        if (Color is not null) json["colorInfo"] = new JsonObject { ["colors"] = new JsonArray(Color) };
        if (Age is not null) json["audience"] = new JsonObject { ["ageGroups"] = new JsonArray(Age) };
        if (PrimaryId is not null)
        {
            json["type"] = "VARIANT";
            json["primaryProductId"] = PrimaryId;
        }
        return json;
    }
}

/// <summary>One event line: the user is <see cref="User"/> (userInfo.userId) when given, else <see cref="Visitor"/>.</summary>
internal sealed record ShopEvent(string Type, string? Visitor, string? User, int Minute, string[] Products)
{
    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["eventType"] = Type,
            ["eventTime"] = DateTimeOffset.UnixEpoch.AddYears(55).AddMinutes(Minute).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
        };
        if (Visitor is not null) json["visitorId"] = Visitor;
        if (User is not null) json["userInfo"] = new JsonObject { ["userId"] = User };
        if (Products.Length > 0)
            json["productDetails"] = new JsonArray(Products.Select(id => (JsonNode)new JsonObject { ["product"] = new JsonObject { ["id"] = id } }).ToArray());
        return json;
    }
}

/// <summary>A small shop as Retail API NDJSON; printed as its two files when a property fails.</summary>
internal sealed record Shop(ShopProduct[] Products, ShopEvent[] Events)
{
    public string CatalogNdjson => string.Join("\n", Products.Select(p => p.ToJson().ToJsonString())) + "\n";
    public string EventsNdjson => string.Join("\n", Events.Select(e => e.ToJson().ToJsonString())) + "\n";
    public IEnumerable<string> UserKeys => Events.Select(e => e.User ?? e.Visitor).OfType<string>().Distinct();
    public override string ToString() => $"catalog:\n{CatalogNdjson}events:\n{EventsNdjson}";
}

/// <summary>
/// CsCheck generators of small shops as real feeds send them: a few brands, categories, colours and ages; some
/// products out of stock, with an availability the API does not define, without a price or a title; some variants
/// (of a product in the feed, or of one missing from it); shoppers known by visitor id, user id or both; and some
/// event lines sent twice.
/// </summary>
internal static class RandomShops
{
    public static readonly string[] Brands = ["Hape", "Brio", "Djeco", "Plan Toys", "Tiny Brand"];
    public static readonly string[] Categories = ["Toys > Puzzles", "Toys > Vehicles", "Baby > Bath"];
    private static readonly string[] Words = ["wooden", "train", "puzzle", "plush", "bear", "blocks", "doll", "car", "kite", "ball", "drum", "duck", "rattle", "boat"];
    private static readonly string[] Colors = ["red", "blue", "green"];
    private static readonly string[] Ages = ["infant", "toddler", "kids"];
    private static readonly string[] EventTypes = ["detail-page-view", "detail-page-view", "add-to-cart", "purchase-complete", "home-page-view"];

    /// <summary>A product given its index (its id is P{index}); now and then a variant of an earlier product, or of a missing one.</summary>
    private static readonly Gen<Func<int, ShopProduct>> Product =
        Gen.Select(Gen.Select(Gen.Int[0, Brands.Length], Gen.Int[0, Categories.Length - 1], Gen.Int[0, Words.Length - 1].Array[0, 3]),
            Gen.Int[-1, 40], Gen.Int[0, 7], Gen.Int[-1, Colors.Length - 1], Gen.Int[-1, Ages.Length - 1], Gen.Int[0, 9], Gen.Int[0, 99],
            (names, price, stock, color, age, variant, of) => (Func<int, ShopProduct>)(index => new ShopProduct(
                $"P{index}", string.Join(" ", names.Item3.Select(w => Words[w])), names.Item1 == Brands.Length ? null : Brands[names.Item1],
                Categories[names.Item2], price < 0 ? null : price + 0.99,
                stock switch { 0 => "OUT_OF_STOCK", 1 => "AVAILABLE", 2 => "PREORDER", _ => "IN_STOCK" },
                color < 0 ? null : Colors[color], age < 0 ? null : Ages[age],
                PrimaryId: index == 0 || variant > 2 ? null : variant == 0 ? $"MISSING{of % 2}" : $"P{of % index}")));

    private static Gen<ShopProduct[]> Catalog => Product.Array[1, 16].Select(products => products.Select((product, i) => product(i)).ToArray());

    /// <summary>An event by visitor v{user}, by user u{user} (signed in, no visitor id), or both.</summary>
    private static Gen<ShopEvent> Event(int products, int users) =>
        Gen.Select(Gen.Int[0, EventTypes.Length - 1], Gen.Int[0, Math.Max(0, users - 1)], Gen.Int[0, products - 1], Gen.Int[0, 10_000], Gen.Int[0, 3],
            (type, user, product, minute, identity) => new ShopEvent(EventTypes[type], identity == 1 ? null : $"v{user}", identity == 0 ? null : $"u{user}", minute,
                EventTypes[type] == "home-page-view" ? [] : [$"P{product}"]));

    public static Gen<Shop> Shops =>
        from products in Catalog
        from users in Gen.Int[0, 6]
        from events in users == 0 ? Gen.Const(Array.Empty<ShopEvent>()) : Event(products.Length, users).Array[0, 40]
        from repeats in Gen.Int[0, 3]
        select new Shop(products, [.. events, .. events.Take(repeats)]); // the first few lines sent twice
}
