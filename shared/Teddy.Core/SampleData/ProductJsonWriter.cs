using System.Globalization;
using System.Text.Json;

namespace Teddy.SampleData;

/// <summary>
/// Writes one catalog product as a Retail API <c>Product</c> (the REST JSON form, camelCase):
/// <c>attributes</c> is the API's map from key to CustomAttribute, not the BigQuery key/value list.
/// Optional fields are left out, not nulled, when the feed "misses" them.
/// </summary>
internal static class ProductJsonWriter
{
    public const string ProductUriPrefix = "https://shop.example/products/";
    public const string CurrencyCode = "USD";

    public static void Write(Utf8JsonWriter json, CatalogProduct product, SampleCatalog catalog)
    {
        var category = catalog.Categories[product.Category];
        json.WriteStartObject();
        json.WriteString("id", product.Id);
        json.WriteString("title", product.Title);
        if (product.Description is not null) json.WriteString("description", product.Description);

        json.WriteStartArray("categories");
        json.WriteStringValue(category.Path);
        if (product.SecondCategory >= 0) json.WriteStringValue(catalog.Categories[product.SecondCategory].Path);
        json.WriteEndArray();

        if (product.BrandListed)
        {
            json.WriteStartArray("brands");
            json.WriteStringValue(catalog.Brands[product.Brand].Name);
            json.WriteEndArray();
        }

        json.WriteStartObject("priceInfo");
        json.WriteString("currencyCode", CurrencyCode);
        WriteMoney(json, "price", product.PriceCents, product.PricesAsText);
        if (product.Discounted) WriteMoney(json, "originalPrice", product.OriginalPriceCents, product.PricesAsText);
        json.WriteEndObject();

        json.WriteString("availability", product.InStock ? "IN_STOCK" : "OUT_OF_STOCK");

        if (product.ColoursListed)
        {
            json.WriteStartObject("colorInfo");
            json.WriteStartArray("colors");
            foreach (string shade in product.Shades) json.WriteStringValue(shade);
            json.WriteEndArray();
            json.WriteStartArray("colorFamilies");
            foreach (int colour in product.Colours) json.WriteStringValue(ColourFamilies.All[colour].Name);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteStartObject("audience");
        json.WriteStartArray("ageGroups");
        for (var age = product.Youngest; age <= product.Oldest; age++) json.WriteStringValue(age.ApiName());
        json.WriteEndArray();
        json.WriteEndObject();

        if (product.HasImages)
        {
            // One image per colour: the app draws /api/sample-images/{category}/{colour}.svg itself.
            json.WriteStartArray("images");
            foreach (int colour in product.Colours)
            {
                json.WriteStartObject();
                json.WriteString("uri", $"{SampleImages.PathPrefix}{category.Slug}/{ColourFamilies.All[colour].Slug}.svg");
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }

        json.WriteStartObject("attributes");
        json.WriteStartObject("material");
        json.WriteStartArray("text");
        json.WriteStringValue(product.Material);
        json.WriteEndArray();
        json.WriteEndObject();
        if (product.Pieces > 0)
        {
            json.WriteStartObject("pieces");
            json.WriteStartArray("numbers");
            json.WriteNumberValue(product.Pieces);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        json.WriteEndObject();

        json.WriteString("uri", ProductUriPrefix + product.Id);
        json.WriteEndObject();
    }

    /// <summary>Money with exactly two decimals, as a JSON number ("12.99") or, like many real feeds, a string.</summary>
    public static void WriteMoney(Utf8JsonWriter json, string name, long cents, bool asText)
    {
        if (asText) json.WriteString(name, FormatCents(cents));
        else json.WriteNumber(name, Cents(cents));
    }

    /// <summary>A decimal with scale 2, so it prints as "12.50", never "12.5" or "1.25E1".</summary>
    public static decimal Cents(long cents)
    {
        ulong magnitude = (ulong)Math.Abs(cents);
        return new decimal((int)(uint)magnitude, (int)(uint)(magnitude >> 32), 0, cents < 0, 2);
    }

    public static string FormatCents(long cents) => Cents(cents).ToString(CultureInfo.InvariantCulture);
}
