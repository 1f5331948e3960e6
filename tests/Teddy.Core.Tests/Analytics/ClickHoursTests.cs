using CsCheck;
using Teddy.Analytics;
using static Teddy.Core.Tests.Analytics.FeedbackFixtures;

namespace Teddy.Core.Tests.Analytics;

public class ClickHoursTests
{
    private static readonly string Token10 = Token(Hour10, 1);

    [Theory]
    [InlineData(0, 1, "2026-11-26T10", ClickKind.Attributed)]
    [InlineData(119.99, 1, "2026-11-26T10", ClickKind.Attributed)]  // 11:59:59: the window is the list's hour and the next
    [InlineData(120, 1, "2026-11-26T12", ClickKind.Late)]           // 12:00 exactly: closed
    [InlineData(59.99, 0, "2026-11-26T10", ClickKind.Attributed)]   // a window of 0: the list's own hour only
    [InlineData(60, 0, "2026-11-26T11", ClickKind.Late)]
    [InlineData(-4.99, 1, "2026-11-26T10", ClickKind.Attributed)]   // served by an instance whose clock runs ahead
    [InlineData(-5.01, 1, "2026-11-26T09", ClickKind.InvalidToken)] // no instance is that far ahead: not our token
    public void A_click_with_a_token_belongs_to_its_lists_hour_within_the_window(double minutesAfterServed, int window, string hour, ClickKind kind)
    {
        var click = Click("c", Token10, "p", Hour10.AddMinutes(minutesAfterServed));
        var bucket = ClickHours.Of(click, window);
        Assert.Equal(kind, bucket.Kind);
        Assert.Equal(DateTime.Parse(hour + ":00:00Z", null, System.Globalization.DateTimeStyles.AdjustToUniversal), bucket.Hour);
    }

    [Theory]
    [InlineData(null, ClickKind.Tokenless)]
    [InlineData("", ClickKind.Tokenless)]
    [InlineData("2026112610000000000000000000000000000000000X", ClickKind.InvalidToken)] // 44 characters, not hex
    [InlineData("20261126100000000000000000000000000000000001", ClickKind.Attributed)]
    [InlineData("20261399100000000000000000000000000000000001", ClickKind.InvalidToken)] // month 13
    public void Without_a_valid_token_a_click_belongs_to_the_hour_received(string? token, ClickKind kind)
    {
        var click = Click("c", token, "p", Hour10.AddMinutes(30));
        var bucket = ClickHours.Of(click, 1);
        Assert.Equal(kind, bucket.Kind);
        Assert.Equal(Hour10, bucket.Hour);
    }

    [Fact]
    public void The_identity_is_the_token_and_product_or_else_the_click_id()
    {
        Assert.Equal(Token10 + "|p1", ClickHours.Identity(Click("c1", Token10, "p1", Hour10)));
        Assert.Equal(ClickHours.Identity(Click("c1", Token10, "p1", Hour10)), ClickHours.Identity(Click("evt:9", Token10, "p1", Hour10.AddHours(1))));
        Assert.Equal("id|c1", ClickHours.Identity(Click("c1", null, "p1", Hour10)));
    }

    [Fact]
    public void The_received_range_holds_every_click_that_can_belong_to_the_hours()
    {
        // Any click (token served 0–40 hours before/after hour 10, received up to ±40 hours) whose bucket is in
        // the computed hours was received inside the range read for them: no click is missed.
        var gen = Gen.Select(Gen.Int[-40 * 60, 40 * 60], Gen.Int[-40, 40], Gen.Int[0, 3], Gen.Int[1, 30], Gen.Bool);
        gen.Sample((receivedMinutes, servedHours, window, span, tokenless) =>
        {
            var served = Hour10.AddHours(servedHours);
            var click = Click("c", tokenless ? null : Token(served, 1), "p", Hour10.AddMinutes(receivedMinutes));
            var bucket = ClickHours.Of(click, window);
            var (from, to) = ClickHours.ReceivedRange(Hour10, Hour10.AddHours(span), window);
            bool inHours = bucket.Hour >= Hour10 && bucket.Hour < Hour10.AddHours(span);
            return !inHours || (click.ReceivedAt.UtcDateTime >= from && click.ReceivedAt.UtcDateTime < to);
        });
    }

    [Fact]
    public void Hours_are_whole_utc_hours()
    {
        Assert.Equal(Hour10, ClickHours.Hour(Hour10.AddMinutes(59).AddSeconds(59.999)));
        Assert.Equal(DateTimeKind.Utc, ClickHours.Hour(new DateTime(2026, 11, 26, 10, 30, 0, DateTimeKind.Unspecified)).Kind);
    }
}
