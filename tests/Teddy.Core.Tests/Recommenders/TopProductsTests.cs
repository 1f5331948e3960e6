using CsCheck;
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

public class BestFirstTests
{
    private static readonly Comparison<ScoredProduct> ByFields = (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Product.CompareTo(b.Product);

    [Fact]
    public void Sorts_as_comparing_score_then_product_does_for_any_scores()
    {
        // Scores drawn to collide (ties, ±0, negatives, infinities, subnormals), products distinct as in every candidate list.
        var score = Gen.OneOf(Gen.Float, Gen.Int[-3, 3].Select(i => i / 2f),
            Gen.OneOf(0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue));
        Gen.Select(score.Where(s => !float.IsNaN(s)).Array[0, 700], Gen.Int[0, 1000]).Sample((scores, seed) =>
        {
            var random = new Random(seed);
            var products = Enumerable.Range(0, 5_000).OrderBy(_ => random.Next()).Take(scores.Length).ToArray();
            var items = scores.Select((s, i) => new ScoredProduct(products[i], s)).ToArray();
            var expected = items.ToArray();
            Array.Sort(expected, ByFields);
            BestFirst.Sort(items);
            Assert.Equal(expected.Select(e => (e.Product, e.Score)), items.Select(i => (i.Product, i.Score)));
        });
    }

    [Fact]
    public void Not_a_number_sorts_last()
    {
        ScoredProduct[] items = [new(3, float.NaN), new(1, float.NegativeInfinity), new(2, 0.5f), new(0, float.NaN)];
        BestFirst.Sort(items);
        Assert.Equal([2, 1], items.Take(2).Select(i => i.Product));
        Assert.All(items.Skip(2), i => Assert.True(float.IsNaN(i.Score)));
    }
}
