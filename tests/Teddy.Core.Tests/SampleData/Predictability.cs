namespace Teddy.Core.Tests.SampleData;

/// <summary>
/// Measures whether a visitor's early views predict their late views better than popularity does:
/// for visitors with at least 10 product events, split their detail-page-views 80/20 by time, take
/// the visitor's top-k keys (categories or brands) of the first 80%, and compare how many held-out
/// views fall in them with how many would if views followed global popularity (the summed global
/// view share of those same keys).
/// </summary>
internal static class Predictability
{
    public sealed record Result(double Observed, double Expected, int Visitors, int HeldOut)
    {
        public double Lift => Observed / Expected;
        public override string ToString() =>
            $"{Observed:P1} of {HeldOut} held-out views from {Visitors} visitors vs {Expected:P1} by popularity (lift {Lift:F2})";
    }

    public static Result HeldOutHits(GeneratedShop shop, Func<ParsedProduct, string?> key, int top) =>
        HeldOutHits(shop, Views(shop), key, top);

    /// <summary>Detail-page-views per visitor in time order, for visitors with at least 10 product events.</summary>
    public static List<(string Visitor, List<string> Products)> Views(GeneratedShop shop) =>
        shop.Events.GroupBy(e => e.VisitorId)
            .Where(g => g.Sum(e => e.ProductDetails.Length) >= 10)
            .Select(g => (g.Key, g.Where(e => e.EventType == "detail-page-view")
                .OrderBy(e => e.EventTime, StringComparer.Ordinal)
                .Select(e => e.ProductDetails[0].ProductId).ToList()))
            .ToList();

    public static Result HeldOutHits(GeneratedShop shop, List<(string Visitor, List<string> Products)> views,
        Func<ParsedProduct, string?> key, int top)
    {
        var keyOf = shop.Products.ToDictionary(p => p.Id, key);
        var global = views.SelectMany(v => v.Products).Select(p => keyOf[p]).OfType<string>()
            .GroupBy(k => k).ToDictionary(g => g.Key, g => (double)g.Count());
        double total = global.Values.Sum();

        double hits = 0, expected = 0;
        int heldOut = 0, visitors = 0;
        foreach (var (_, products) in views)
        {
            int cut = (int)(products.Count * 0.8);
            if (cut == 0 || cut == products.Count) continue;
            var favourites = products.Take(cut).Select(p => keyOf[p]).OfType<string>()
                .GroupBy(k => k).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
                .Take(top).Select(g => g.Key).ToHashSet();
            double popularityShare = favourites.Sum(k => global[k]) / total;
            visitors++;
            foreach (string product in products.Skip(cut))
            {
                if (keyOf[product] is not { } k) continue;
                heldOut++;
                if (favourites.Contains(k)) hits++;
                expected += popularityShare;
            }
        }
        return new Result(hits / heldOut, expected / heldOut, visitors, heldOut);
    }
}
