namespace Teddy.Retail;

/// <summary>The Retail API's <c>Product.Availability</c>; the numeric values match the API's enum numbers.</summary>
public enum ProductAvailability
{
    /// <summary>The feed gave a value the API does not define (e.g. "AVAILABLE"); treated like Unspecified unless a setting says otherwise.</summary>
    Unknown = -1,
    Unspecified = 0,
    InStock = 1,
    OutOfStock = 2,
    Preorder = 3,
    Backorder = 4,
}

public static class ProductAvailabilityNames
{
    /// <summary>
    /// Parses the API's enum names ("IN_STOCK", ...), case-insensitively. Blank counts as unspecified.
    /// Anything else (e.g. Google's own "INVALID_VALUE" sample) is rejected.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ProductAvailability availability)
    {
        text = text.Trim();
        availability = ProductAvailability.Unspecified;
        if (text.IsEmpty || text.Equals("AVAILABILITY_UNSPECIFIED", StringComparison.OrdinalIgnoreCase)) return true;
        if (text.Equals("IN_STOCK", StringComparison.OrdinalIgnoreCase)) { availability = ProductAvailability.InStock; return true; }
        if (text.Equals("OUT_OF_STOCK", StringComparison.OrdinalIgnoreCase)) { availability = ProductAvailability.OutOfStock; return true; }
        if (text.Equals("PREORDER", StringComparison.OrdinalIgnoreCase)) { availability = ProductAvailability.Preorder; return true; }
        if (text.Equals("BACKORDER", StringComparison.OrdinalIgnoreCase)) { availability = ProductAvailability.Backorder; return true; }
        return false;
    }

    /// <summary>
    /// In stock unless the feed says otherwise: a missing availability is IN_STOCK by the API's default, and so is
    /// one the API does not define (serving may be set to treat those as out of stock); preorder/backorder items
    /// cannot be shipped now, so they are not recommended as in stock.
    /// </summary>
    public static bool IsInStock(this ProductAvailability availability) =>
        availability is ProductAvailability.InStock or ProductAvailability.Unspecified or ProductAvailability.Unknown;

    /// <summary>The API's name ("IN_STOCK", ...); "UNKNOWN" for a value the feed gave that the API does not define.</summary>
    public static string ApiName(this ProductAvailability availability) => availability switch
    {
        ProductAvailability.InStock => "IN_STOCK",
        ProductAvailability.OutOfStock => "OUT_OF_STOCK",
        ProductAvailability.Preorder => "PREORDER",
        ProductAvailability.Backorder => "BACKORDER",
        ProductAvailability.Unknown => "UNKNOWN",
        _ => "AVAILABILITY_UNSPECIFIED",
    };
}
