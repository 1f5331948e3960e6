using Teddy.Recommenders;

namespace Teddy.Core.Tests.Recommenders;

public class TopProductsTests
{
    [Fact]
    public void Selects_the_best_allowed_products_in_score_order_with_ties_to_the_lower_index()
    {
        float[] scores = [0.5f, 0.9f, float.NaN, 0.9f, 0.1f, 0.7f];
        var filter = new ProductFilter([true, true, true, true, true, false]);
        var top = TopProducts.Select(scores, 3, filter);
        Assert.Equal([1, 3, 0], top.Select(t => t.Product));
    }

    [Fact]
    public void Exclusions_are_honoured_and_short_inputs_give_short_lists()
    {
        float[] scores = [0.5f, 0.9f, 0.3f];
        var top = TopProducts.Select(scores, 10, new ProductFilter(null, new[] { 1 }));
        Assert.Equal([0, 2], top.Select(t => t.Product));
    }
}
