using Teddy.SampleData;

namespace Teddy.Core.Tests.SampleData;

public class SampleShopEventTests(SmallShopFixture fixture) : IClassFixture<SmallShopFixture>
{
    private readonly GeneratedShop _shop = fixture.Shop;
    private List<ParsedEvent> Events => _shop.Events;

    private double Share(string eventType) => Events.Count(e => e.EventType == eventType) / (double)Events.Count;

    [Fact]
    public void Writes_exactly_the_requested_events_for_every_visitor()
    {
        Assert.Equal(_shop.Options.Events, Events.Count);
        Assert.Equal(_shop.Options.Visitors, Events.Select(e => e.VisitorId).Distinct().Count());
        Assert.All(Events, e => Assert.Matches("^v[0-9]{5}$", e.VisitorId));
        Assert.Equal(_shop.Summary.Events, Events.Count);
        Assert.Equal(_shop.Summary.DetailPageViews, Events.Count(e => e.EventType == "detail-page-view"));
        Assert.Equal(_shop.Summary.PurchaseCompletes, Events.Count(e => e.EventType == "purchase-complete"));
        Assert.Equal(_shop.EventBytes.Length, _shop.Summary.EventBytes);
        Assert.Equal(_shop.CatalogBytes.Length, _shop.Summary.CatalogBytes);
    }

    [Fact]
    public void Event_mix_is_mostly_views_with_carts_purchases_and_some_weight_zero_types()
    {
        Assert.InRange(Share("detail-page-view"), 0.62, 0.78);
        Assert.InRange(Share("add-to-cart"), 0.11, 0.19);
        Assert.InRange(Share("purchase-complete"), 0.03, 0.07);
        Assert.InRange(Share("home-page-view") + Share("search") + Share("category-page-view"), 0.06, 0.14);
        Assert.All(new[] { "home-page-view", "search", "category-page-view" }, t => Assert.True(Share(t) > 0, t));
        Assert.Equal(6, Events.Select(e => e.EventType).Distinct().Count());
    }

    [Fact]
    public void Events_carry_the_fields_their_type_needs()
    {
        var categories = ToyCategories.All.Select(c => c.Path).ToHashSet();
        foreach (var e in Events)
        {
            switch (e.EventType)
            {
                case "detail-page-view":
                    Assert.Single(e.ProductDetails);
                    break;
                case "add-to-cart":
                    Assert.Single(e.ProductDetails);
                    Assert.InRange(e.ProductDetails[0].Quantity ?? 0, 1, 3);
                    break;
                case "purchase-complete":
                    Assert.NotEmpty(e.ProductDetails);
                    Assert.All(e.ProductDetails, d => Assert.True(d.Quantity >= 1));
                    Assert.Equal("USD", e.RevenueCurrency);
                    // Revenue is what the cart cost at shelf prices.
                    decimal expected = e.ProductDetails.Sum(d => _shop.ProductsById[d.ProductId].PriceValue * d.Quantity!.Value);
                    Assert.Equal(expected, e.Revenue);
                    break;
                case "search":
                    Assert.False(string.IsNullOrWhiteSpace(e.SearchQuery));
                    Assert.Empty(e.ProductDetails);
                    break;
                case "category-page-view":
                    Assert.Single(e.PageCategories);
                    Assert.Contains(e.PageCategories[0], categories);
                    break;
                case "home-page-view":
                    Assert.Empty(e.ProductDetails);
                    break;
                default:
                    Assert.Fail($"Unexpected event type {e.EventType}.");
                    break;
            }
            Assert.All(e.ProductDetails, d => Assert.True(_shop.ProductsById.ContainsKey(d.ProductId), d.ProductId));
        }
    }

    [Fact]
    public void Times_increase_within_each_visitor_and_stay_inside_the_period()
    {
        var start = _shop.Options.Start;
        var end = start + _shop.Options.Span;
        string? visitor = null;
        string previous = "";
        var finished = new HashSet<string>();
        foreach (var e in Events)
        {
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$", e.EventTime);
            if (e.VisitorId != visitor)
            {
                // Written visitor by visitor: a visitor's events are contiguous.
                Assert.True(visitor is null || finished.Add(visitor));
                Assert.DoesNotContain(e.VisitorId, finished);
                visitor = e.VisitorId;
                previous = "";
            }
            Assert.True(string.CompareOrdinal(e.EventTime, previous) > 0, $"{e.VisitorId}: {e.EventTime} after {previous}");
            previous = e.EventTime;
            Assert.InRange(e.Time, start, end.AddSeconds(-1));
        }
        Assert.Equal(Events.Min(e => e.Time), _shop.Summary.FirstEventTime);
        Assert.Equal(Events.Max(e => e.Time), _shop.Summary.LastEventTime);
    }

    [Fact]
    public void Add_to_cart_mostly_follows_a_view_of_the_same_product()
    {
        int carts = 0, afterView = 0;
        foreach (var visitor in Events.GroupBy(e => e.VisitorId))
        {
            var viewed = new HashSet<string>();
            foreach (var e in visitor)
            {
                if (e.EventType == "detail-page-view") viewed.Add(e.ProductDetails[0].ProductId);
                if (e.EventType != "add-to-cart") continue;
                carts++;
                if (viewed.Contains(e.ProductDetails[0].ProductId)) afterView++;
            }
        }
        Assert.True(afterView > 0.75 * carts, $"{afterView} of {carts} add-to-carts follow a view of the product.");
    }

    [Fact]
    public void Out_of_stock_products_get_fewer_events_and_are_never_bought()
    {
        var outOfStock = _shop.Products.Where(p => p.Availability == "OUT_OF_STOCK").Select(p => p.Id).ToHashSet();
        var productEvents = Events.SelectMany(e => e.ProductDetails.Select(d => (e.EventType, d.ProductId))).ToList();
        double eventShare = productEvents.Count(x => outOfStock.Contains(x.ProductId)) / (double)productEvents.Count;
        double catalogShare = outOfStock.Count / (double)_shop.Products.Count;
        Assert.True(eventShare < 0.75 * catalogShare, $"Out-of-stock: {eventShare:P1} of events vs {catalogShare:P1} of products.");
        Assert.DoesNotContain(productEvents, x => x.EventType != "detail-page-view" && outOfStock.Contains(x.ProductId));
    }

    [Fact]
    public void About_a_third_of_visitors_are_logged_in_with_one_stable_user_id()
    {
        var byVisitor = Events.GroupBy(e => e.VisitorId).ToDictionary(g => g.Key, g => g.Select(e => e.UserId).Distinct().ToList());
        Assert.All(byVisitor.Values, ids => Assert.Single(ids));
        var loggedIn = byVisitor.Where(kv => kv.Value[0] is not null).ToList();
        Assert.InRange(loggedIn.Count / (double)byVisitor.Count, 0.22, 0.38);
        Assert.Equal(loggedIn.Count, loggedIn.Select(kv => kv.Value[0]).Distinct().Count());
        Assert.All(loggedIn, kv => Assert.Matches("^u[0-9]{5}$", kv.Value[0]!));
        Assert.Equal(_shop.Summary.LoggedInVisitors, loggedIn.Count);
    }
}
