using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Teddy.Feedback;
using Teddy.Retail;

namespace Teddy.Core.Tests.Feedback;

/// <summary>Event ids as the issue 7 contract fixes them: the hex SHA-256 of an identity string.</summary>
public class UserEventIdsTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private static readonly string Token = AttributionToken.New(At);

    private static string Sha(string identity) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));

    [Fact]
    public void Ids_are_the_hash_of_the_contracts_identity_strings()
    {
        Assert.Equal(Sha($"click|{Token}|p1"), UserEventIds.Of("v1", RetailEventTypes.DetailPageView, At, ["p1"], Token));
        Assert.Equal(Sha($"click|{Token}|p1"), UserEventIds.Of("v1", RetailEventTypes.DetailPageView, At, ["p1", "p1"], Token));
        Assert.Equal(Sha($"event|v1|detail-page-view|{At.UtcTicks}|a\u001Fb"), UserEventIds.Of("v1", RetailEventTypes.DetailPageView, At, ["b", "a"], Token));
        Assert.Equal(Sha($"event|v1|add-to-cart|{At.UtcTicks}|p1"), UserEventIds.Of("v1", RetailEventTypes.AddToCart, At, ["p1"], Token));
        Assert.Equal(Sha($"event|v1|home-page-view|{At.UtcTicks}|"), UserEventIds.Of("v1", RetailEventTypes.HomePageView, At.ToOffset(TimeSpan.FromHours(3)), [], null));
        Assert.Equal(Sha("clickid|c-9"), UserEventIds.OfClickId("c-9"));
        Assert.Matches("^[0-9a-f]{64}$", UserEventIds.OfClickId("c-9"));
    }

    [Fact]
    public void A_click_and_the_view_carrying_its_token_are_one_event_and_a_click_without_a_token_is_its_own()
    {
        var click = new Click("c1", "v1", "p1", 3, "hybrid", "20261126_030000", At.AddMinutes(1), AttributionToken: Token);
        var view = UserEventRecord.FromApi(new ValidatedUserEvent(new RetailEvent
        {
            EventType = RetailEventTypes.DetailPageView, VisitorId = "v1", EventTime = At, ProductDetails = [new RetailProductDetail("p1", 1)],
        }, Token, "{}"), At.AddMinutes(2));
        var fromClick = UserEventRecord.FromClick(click);
        Assert.Equal(view.EventId, fromClick.EventId);
        Assert.True(view.IsAttributedView);
        Assert.True(fromClick.IsAttributedView);
        Assert.Equal(UserEventRecord.Sources.Click, fromClick.Source);

        var plain = UserEventRecord.FromClick(click with { AttributionToken = null });
        Assert.Equal(UserEventIds.OfClickId("c1"), plain.EventId);
        Assert.False(plain.IsAttributedView);
    }

    [Fact]
    public void A_clicks_event_is_a_detail_page_view_ingestion_accepts()
    {
        var click = new Click("c/1", "shopper \"q\"", "p/é", 1, "content", null, At, AttributionToken: Token);
        var record = UserEventRecord.FromClick(click);
        var (events, report) = Retail.Ndjson.ReadEvents(record.EventJson);
        Assert.True(events.Count == 1, report.ToString());
        Assert.Equal(RetailEventTypes.DetailPageView, events[0].EventType);
        Assert.Equal("shopper \"q\"", events[0].UserKey);
        Assert.Equal(At, events[0].EventTime);
        Assert.Equal(["p/é"], events[0].ProductDetails.Select(d => d.ProductId));
        Assert.Equal(Token, JsonDocument.Parse(record.EventJson).RootElement.GetProperty("attributionToken").GetString());
    }
}
