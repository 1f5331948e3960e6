using Teddy.Interactions;

namespace Teddy.Core.Tests.Interactions;

public class EventWeightsTests
{
    [Fact]
    public void Defaults_weigh_views_1_carts_3_purchases_5_and_everything_else_0()
    {
        var weights = new EventWeights();
        Assert.Equal(1, weights.WeightOf("detail-page-view"));
        Assert.Equal(3, weights.WeightOf("add-to-cart"));
        Assert.Equal(5, weights.WeightOf("purchase-complete"));
        Assert.Equal(0, weights.WeightOf("search"));
        Assert.Equal(0, weights.WeightOf("home-page-view"));
        Assert.Equal(0, weights.WeightOf("anything-else"));
    }

    [Fact]
    public void Weights_are_settable()
    {
        var weights = new EventWeights();
        weights.Weights["search"] = 0.5;
        weights.Weights["add-to-cart"] = 2;
        Assert.Equal(0.5, weights.WeightOf("search"));
        Assert.Equal(2, weights.WeightOf("add-to-cart"));
    }

    [Fact]
    public void Validate_accepts_the_defaults_and_zero()
    {
        var weights = new EventWeights();
        weights.Weights["search"] = 0;
        Assert.Same(weights, weights.Validate());
    }

    [Fact]
    public void Validate_accepts_negative_weights_for_events_that_take_interest_back()
    {
        var weights = new EventWeights();
        weights.Weights["refund"] = -5;
        weights.Weights["remove-from-cart"] = -3;
        Assert.Same(weights, weights.Validate());
    }

    [Fact]
    public void Every_Google_event_type_has_a_weight_setting_defaulting_to_0_except_views_carts_and_purchases()
    {
        var weights = new EventWeights();
        Assert.Equal(Teddy.Retail.RetailEventTypes.All.Order(), weights.Weights.Keys.Order());
        foreach (string type in new[] { "page-visit", "checkout-start", "add-to-list", "remove-from-list", "remove-from-cart", "refund",
                     "shopping-cart-page-view", "promotion-offered", "promotion-not-offered" })
            Assert.Equal(0, weights.Weights[type]);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Validate_rejects_non_finite_weights(double weight)
    {
        var weights = new EventWeights();
        weights.Weights["add-to-cart"] = weight;
        Assert.Throws<InvalidOperationException>(() => weights.Validate());
    }
}
