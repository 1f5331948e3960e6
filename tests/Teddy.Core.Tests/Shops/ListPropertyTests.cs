using CsCheck;
using Teddy.Catalog;
using Teddy.Recommenders;
using Teddy.Serving;

namespace Teddy.Core.Tests.Shops;

/// <summary>
/// Properties of every list Teddy serves, over random small shops (as real feeds send them: variants, user ids,
/// duplicate lines, odd availability, missing titles), filters, list sizes and methods: each product at most once,
/// scores never increasing down the list, nothing the filters or the shopper's history rule out (nor a sibling of a
/// variant they bought, nor the anchor of a similar list), never an empty title, and a non-strict list as long as
/// the qualifying products allow.
/// </summary>
public class ListPropertyTests
{
    /// <summary>One list request: recommendations for a shopper (an index into the shop's users; -1 a stranger) or products similar to one.</summary>
    internal sealed record ListRequest(bool Similar, int User, int Product, string Method, int K, CatalogFilter Filter, bool Strict)
    {
        public override string ToString() =>
            $"{(Similar ? $"similar P{Product}" : $"user {User} {Method}")} k={K} strict={Strict} category={Filter.Category} " +
            $"brand=[{string.Join("|", Filter.Brands)}] exclude=[{string.Join("|", Filter.ExcludedBrands)}] " +
            $"price={Filter.MinPrice}..{Filter.MaxPrice} in_stock={Filter.InStock}";
    }

    private static readonly string?[] CategoryFilters = [null, null, "Toys", "toys > puzzles", "Bath", "Garden"];

    private static readonly Gen<CatalogFilter> Filters =
        Gen.Select(Gen.Int[0, 7], Gen.Int[0, 6], Gen.Int[0, CategoryFilters.Length - 1], Gen.Int[-1, 30], Gen.Int[-1, 30], Gen.Int[0, 2],
            (brand, exclude, category, min, max, stock) => new CatalogFilter
            {
                Brands = brand switch
                {
                    < 3 => [],
                    3 => [RandomShops.Brands[0].ToLowerInvariant()],
                    4 => [RandomShops.Brands[1], " " + RandomShops.Brands[2]],
                    5 => [RandomShops.Brands[^1]],
                    6 => ["No Such Brand"],
                    _ => [RandomShops.Brands[3].ToUpperInvariant()],
                },
                ExcludedBrands = exclude < RandomShops.Brands.Length && exclude % 2 == 1 ? [RandomShops.Brands[exclude]] : [],
                Category = CategoryFilters[category],
                MinPrice = min < 0 ? null : Math.Min(min, max < 0 ? min : max),
                MaxPrice = max < 0 ? null : Math.Max(max, min),
                InStock = stock switch { 0 => null, 1 => true, _ => false },
            });

    private static readonly Gen<ListRequest> Requests =
        Gen.Select(Gen.Bool, Gen.Int[-1, 6], Gen.Int[0, 15], Gen.OneOf(RecommenderMethods.All.ToArray()), Gen.Int[1, 25], Filters, Gen.Bool,
            (similar, user, product, method, k, filter, strict) => new ListRequest(similar, user, product, method, k, filter, strict));

    [Fact]
    public void Every_list_names_each_product_once_with_scores_that_never_increase()
    {
        Gen.Select(RandomShops.Shops, Requests.Array[1, 10]).Sample((shop, requests) => Check(shop, requests), iter: 250,
            print: t => $"{t.Item1}requests:\n{string.Join("\n", t.Item2.AsEnumerable())}");
    }

    internal static void Check(Shop shop, ListRequest[] requests)
    {
        var model = ShopModels.Train(shop.CatalogNdjson, shop.EventsNdjson);
        var catalog = model.Model.Catalog;
        string[] users = shop.UserKeys.ToArray();
        foreach (var request in requests)
        {
            IReadOnlyList<RecommendedProduct> items;
            if (request.Similar)
            {
                // Any id of the feed: a product's, or a variant's (which stands for its primary).
                string anchor = shop.Products[request.Product % shop.Products.Length].Id;
                Assert.True(catalog.TryResolve(anchor, out int primary, out _), $"{anchor} does not resolve");
                items = model.Similar(new SimilarRequest(anchor, request.K, request.Filter, request.Strict), contentWeight: 0.5)!.Items;
                Assert.DoesNotContain(items, i => i.Index == primary);
            }
            else
            {
                string user = request.User < 0 || users.Length == 0 ? "a stranger" : users[request.User % users.Length];
                string method = model.Supports(request.Method) ? request.Method : RecommenderMethods.Popular;
                items = model.Recommend(new RecommendationRequest(user, request.K, method, request.Filter, request.Strict)).Items;
                var history = model.Model.Users.Find(user).Products.ToArray();
                Assert.DoesNotContain(items, i => history.Contains(i.Index));
                // Nothing the shopper interacted with is offered back, under its own id or as its primary (a sibling of a variant they bought).
                var touched = shop.Events.Where(e => (e.User ?? e.Visitor) == user)
                    .SelectMany(e => e.Products).Select(id => catalog.TryResolve(id, out int p, out _) ? p : -1).ToHashSet();
                Assert.DoesNotContain(items, i => touched.Contains(i.Index));
                if (!request.Strict)
                {
                    int qualifying = Enumerable.Range(0, catalog.Count).Count(p => Qualifies(catalog, p, request.Filter) && !history.Contains(p));
                    Assert.Equal(Math.Min(request.K, qualifying), items.Count);
                }
            }

            Assert.True(items.Count <= request.K);
            Assert.Equal(items.Count, items.Select(i => i.ProductId).Distinct().Count());
            for (int i = 1; i < items.Count; i++)
                Assert.True(items[i].Score <= items[i - 1].Score, $"{request}: score rises at {i}: {string.Join(", ", items.Select(x => $"{x.ProductId} {x.Score} {x.RecommendationType}"))}");
            Assert.All(items, item => Assert.True(Qualifies(catalog, item.Index, request.Filter), $"{request}: {item.ProductId} does not pass the filters"));
            Assert.All(items, item => Assert.False(string.IsNullOrWhiteSpace(item.Title), $"{item.ProductId} has no title"));
            Assert.All(items, item => Assert.Equal(catalog.Ids[item.Index], item.ProductId)); // a product's own id, never a variant's
        }
    }

    /// <summary>The filters' meaning, written out independently of <see cref="CatalogFilters"/> (category matching aside).</summary>
    private static bool Qualifies(ModelCatalog catalog, int p, CatalogFilter filter)
    {
        if ((filter.InStock ?? true) && !catalog.InStock[p]) return false;
        if (filter.Category is { } category && !CatalogFilters.CategoryMatches(catalog.CategoryPath(p), category)) return false;
        string brand = catalog.BrandName(p);
        if (filter.Brands.Count > 0 && !filter.Brands.Any(b => brand.Length > 0 && b.Trim().Equals(brand, StringComparison.OrdinalIgnoreCase))) return false;
        if (filter.ExcludedBrands.Any(b => brand.Length > 0 && b.Trim().Equals(brand, StringComparison.OrdinalIgnoreCase))) return false;
        float price = catalog.Price[p];
        if (filter.MinPrice is { } min && !(price >= min)) return false;
        if (filter.MaxPrice is { } max && !(price <= max)) return false;
        return true;
    }
}
