using System.Diagnostics;
using Teddy.Recommenders;
using Teddy.Serving;

namespace Teddy.Evaluation;

/// <summary>
/// The original system's coverage protocol, exactly: <see cref="Users"/> × <see cref="Items"/> requests per
/// model (400 by default); brand coverage = distinct brands recommended / brands in the catalog (distinct
/// primary brands of all catalog products); category coverage likewise over primary category paths;
/// coverage score = 0.7 × brand + 0.3 × category; latency per request in-process; success = a request that
/// returned a full list without error.
/// </summary>
public static class CoverageProtocol
{
    public const int Users = 20;
    public const int Items = 20;
    /// <summary>The coverage score's weights: brand coverage counts 0.7, category coverage 0.3.</summary>
    public const double BrandWeight = 0.7, CategoryWeight = 0.3;

    /// <summary>The protocol's users: a seeded sample of the model's users (reported with the results).</summary>
    public static string[] SampleUsers(ServingModel model, int count, ulong seed) =>
        DeterministicSample.Take(Enumerable.Range(0, model.Model.Users.Count).ToArray(), count, seed)
            .Select(u => model.Model.Users.Ids[u]).ToArray();

    /// <summary>
    /// The coverage score of a set of recommended products (product indices, repeats allowed): 0.7 × distinct brands /
    /// the catalog's brands + 0.3 × distinct categories / its categories, a term being 0 when the catalog has none; in [0, 1].
    /// </summary>
    public static double Score(Catalog.ModelCatalog catalog, IEnumerable<int> products)
    {
        var brands = new HashSet<int>();
        var categories = new HashSet<int>();
        foreach (int p in products)
        {
            if (catalog.Brand[p] >= 0) brands.Add(catalog.Brand[p]);
            if (catalog.Category[p] >= 0) categories.Add(catalog.Category[p]);
        }
        double brandCoverage = catalog.BrandNames.Length == 0 ? 0 : (double)brands.Count / catalog.BrandNames.Length;
        double categoryCoverage = catalog.CategoryPaths.Length == 0 ? 0 : (double)categories.Count / catalog.CategoryPaths.Length;
        return BrandWeight * brandCoverage + CategoryWeight * categoryCoverage;
    }

    public static CoverageReport Run(ServingModel model, string method, IReadOnlyList<string> users, int items = Items)
    {
        var catalog = model.Model.Catalog;
        var brands = new HashSet<int>();
        var categories = new HashSet<int>();
        var latencies = new List<double>(users.Count * items);
        int requests = 0, successes = 0;
        // One request per (user, repeat): the protocol's 20 × 20, where repeats measure latency and stability.
        foreach (string user in users)
        {
            for (int repeat = 0; repeat < items; repeat++)
            {
                requests++;
                long started = Stopwatch.GetTimestamp();
                try
                {
                    var list = model.Recommend(new RecommendationRequest(user, items, method, CatalogFilter.None));
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    if (list.Items.Count == items) successes++;
                    foreach (var item in list.Items)
                    {
                        if (catalog.Brand[item.Index] >= 0) brands.Add(catalog.Brand[item.Index]);
                        if (catalog.Category[item.Index] >= 0) categories.Add(catalog.Category[item.Index]);
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
            }
        }
        double brandCoverage = catalog.BrandNames.Length == 0 ? 0 : (double)brands.Count / catalog.BrandNames.Length;
        double categoryCoverage = catalog.CategoryPaths.Length == 0 ? 0 : (double)categories.Count / catalog.CategoryPaths.Length;
        double score = BrandWeight * brandCoverage + CategoryWeight * categoryCoverage;
        return new CoverageReport(requests, users, items,
            brands.Count, catalog.BrandNames.Length, Math.Round(brandCoverage, 6),
            categories.Count, catalog.CategoryPaths.Length, Math.Round(categoryCoverage, 6),
            Math.Round(score, 6), CoverageRating.Of(score), LatencyReport.Of(latencies),
            requests == 0 ? 0 : Math.Round((double)successes / requests, 6));
    }
}
