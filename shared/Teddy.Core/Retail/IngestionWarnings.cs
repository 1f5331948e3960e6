namespace Teddy.Retail;

/// <summary>
/// Problems in an accepted line that Teddy works around: the line is kept (and counted as accepted), and the
/// problem is counted under one of these stable strings with example line numbers. A line may carry several.
/// </summary>
public static class IngestionWarnings
{
    /// <summary>
    /// availability is not a Retail API value (e.g. "AVAILABLE"): the product is kept with availability unknown,
    /// treated as in stock (the API's default) unless <c>Teddy__Ranking__UnknownAvailabilityInStock</c> is false.
    /// </summary>
    public const string UnknownAvailability = "unknown_availability";

    /// <summary>A product (not a variant) without a title: served under a fallback name (brand and category, else "Product &lt;id&gt;").</summary>
    public const string MissingTitle = "missing_title";

    /// <summary>A product (not a variant) without a brand: brand filters and brand rules see it as brandless.</summary>
    public const string MissingBrand = "missing_brand";

    /// <summary>A product (not a variant) without a price: it never passes a price filter.</summary>
    public const string MissingPrice = "missing_price";

    /// <summary>
    /// A variant whose primary product is not in the catalog (no primaryProductId, or one no accepted line has):
    /// the first such variant of a primary stands in for it, and the others roll up to it.
    /// </summary>
    public const string MissingPrimaryProduct = "missing_primary_product";
}
