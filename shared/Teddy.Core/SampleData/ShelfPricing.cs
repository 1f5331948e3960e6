namespace Teddy.SampleData;

/// <summary>Shelf prices the way toy shops set them: skewed to the cheap end of the category's
/// range, scaled by the brand's tier, ending in .99 mostly; a quarter of products on sale.</summary>
internal static class ShelfPricing
{
    public const double SaleShare = 0.25;

    /// <summary>(price, originalPrice) in cents; originalPrice is 0 when the product is not on sale.</summary>
    public static (long Price, long OriginalPrice) Draw(ToyCategory category, double brandTier, SampleRandom random)
    {
        double u = random.NextDouble();
        double range = category.MaxPriceCents - category.MinPriceCents;
        long list = PriceEnding((category.MinPriceCents + range * u * u) * brandTier, random);
        if (!random.Chance(SaleShare) || list < 300) return (list, 0);

        // 5-60% off, small discounts more common than clearance ones; half the sale prices are then
        // moved down to the next x.99 as long as that stays within 60%.
        long minimumOff = (list * 5 + 99) / 100;
        long maximumOff = list * 60 / 100;
        double v = random.NextDouble();
        long off = Math.Clamp((long)(list * (0.05 + 0.55 * v * v)), minimumOff, maximumOff);
        long sale = list - off;
        if (random.Chance(0.5) && sale % 100 != 99)
        {
            long ninetyNine = sale / 100 * 100 - 1;
            if (ninetyNine > 0 && list - ninetyNine <= maximumOff) sale = ninetyNine;
        }
        return (sale, list);
    }

    private static long PriceEnding(double cents, SampleRandom random)
    {
        long dollars = Math.Max(1, (long)(cents / 100));
        return random.NextDouble() switch
        {
            < 0.70 => dollars * 100 + 99,
            < 0.85 => dollars * 100 + 49,
            _ => dollars * 100,
        };
    }
}
