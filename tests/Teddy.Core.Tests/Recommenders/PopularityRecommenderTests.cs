using Teddy.LinearAlgebra;
using Teddy.Recommenders;

namespace Teddy.Core.Tests.Recommenders;

public class PopularityRecommenderTests
{
    // Product popularity (summed weights): p0 9, p1 8, p2 7, p3 6, p4 1, p5 0.  p0, p1, p2 share brand A.
    private static readonly Teddy.Catalog.ModelCatalog Catalog = TestCatalog.Build(
        new TestProduct("p0", "A"), new TestProduct("p1", "A"), new TestProduct("p2", "A"),
        new TestProduct("p3", "B"), new TestProduct("p4", "C"), new TestProduct("p5", "D", Completeness: 0.2));

    private static readonly CsrMatrix Interactions = CsrMatrix.FromTriplets(3, 6,
        [(0, 0, 5), (1, 0, 4), (0, 1, 8), (2, 2, 7), (1, 3, 6), (2, 4, 1)]);

    [Fact]
    public void Popularity_is_the_summed_event_weight()
    {
        var model = PopularityRecommender.Fit(Interactions, Catalog, new PopularityOptions());
        Assert.Equal([9f, 8f, 7f, 6f, 1f, 0f], model.Popularity.ToArray());
    }

    [Fact]
    public void The_pool_is_brand_aware()
    {
        var model = PopularityRecommender.Fit(Interactions, Catalog, new PopularityOptions { PoolSize = 4, PoolMaxPerBrand = 2 });
        // p2 would be third by popularity, but brand A already has two products in the pool.
        Assert.Equal([0, 1, 3, 4], model.Pool.ToArray());
    }

    [Fact]
    public void Each_user_gets_a_deterministic_order_of_the_pool()
    {
        var model = PopularityRecommender.Fit(Interactions, Catalog, new PopularityOptions { PoolSize = 4 });
        var first = model.Recommend(UserHistory.Unknown("alice"), 4, ProductFilter.None).Select(s => s.Product).ToArray();
        var again = model.Recommend(UserHistory.Unknown("alice"), 4, ProductFilter.None).Select(s => s.Product).ToArray();
        Assert.Equal(first, again);
        Assert.Equal([0, 1, 3, 4], first.Order());

        var orders = Enumerable.Range(0, 30)
            .Select(i => string.Join(",", model.Recommend(UserHistory.Unknown($"user{i}"), 4, ProductFilter.None).Select(s => s.Product)))
            .Distinct().Count();
        Assert.True(orders > 5, $"only {orders} distinct orders for 30 users");
    }

    [Fact]
    public void Scores_keep_the_popularity_scale_in_rank_order()
    {
        var model = PopularityRecommender.Fit(Interactions, Catalog, new PopularityOptions { PoolSize = 4 });
        var list = model.Recommend(UserHistory.Unknown("bob"), 4, ProductFilter.None);
        Assert.Equal([9f, 8f, 6f, 1f], list.Select(s => s.Score));
    }

    [Fact]
    public void Beyond_the_pool_products_follow_by_popularity_then_completeness()
    {
        var model = PopularityRecommender.Fit(Interactions, Catalog, new PopularityOptions { PoolSize = 2 });
        var list = model.Recommend(UserHistory.Unknown("carol"), 6, ProductFilter.None);
        Assert.Equal([2, 3, 4, 5], list.Skip(2).Select(s => s.Product));
    }

    [Fact]
    public void Filters_apply_to_the_pool()
    {
        var model = PopularityRecommender.Fit(Interactions, Catalog, new PopularityOptions { PoolSize = 4 });
        var list = model.Recommend(UserHistory.Unknown("dave"), 3, new ProductFilter([false, true, true, true, true, true]));
        Assert.DoesNotContain(list, s => s.Product == 0);
        Assert.Equal(3, list.Length);
    }
}
