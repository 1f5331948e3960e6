namespace Teddy.Retail;

/// <summary>The Retail API's <c>Product.Availability</c>; the numeric values match the API's enum numbers.</summary>
public enum ProductAvailability
{
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
    /// In stock unless the feed says otherwise: a missing availability is IN_STOCK by the API's default,
    /// and preorder/backorder items cannot be shipped now, so they are not recommended as in stock.
    /// </summary>
    public static bool IsInStock(this ProductAvailability availability) =>
        availability is ProductAvailability.InStock or ProductAvailability.Unspecified;
}
