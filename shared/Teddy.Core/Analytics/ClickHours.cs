using Teddy.Feedback;

namespace Teddy.Analytics;

/// <summary>How a stored click is counted: which hour's aggregates it belongs to, and as what.</summary>
public enum ClickKind
{
    /// <summary>A valid token, received within its list's click window: counted in the list's hour, attributed to the shown item.</summary>
    Attributed,
    /// <summary>No token: counted in the hour received, by its own recommendation_type and position.</summary>
    Tokenless,
    /// <summary>A valid token, received after the window: not counted (<see cref="ClickExclusions.Late"/>), tallied in the hour received.</summary>
    Late,
    /// <summary>A token Teddy did not issue: not counted (<see cref="ClickExclusions.InvalidToken"/>), tallied in the hour received.</summary>
    InvalidToken,
}

/// <summary>A click's hour (UTC, whole hour) and kind.</summary>
public readonly record struct ClickBucket(DateTime Hour, ClickKind Kind);

/// <summary>
/// Which hour a click belongs to. <b>A click with an attribution token belongs to its list's hour</b> (the
/// hour in the token, when the impression was served), so click-through compares each hour's impressions with
/// the clicks they drew, and every record of one click — <c>POST api/clicks</c> retried, or the same click
/// also sent as a <c>detail-page-view</c> event — lands in the same hour, where the click identity
/// (<see cref="Identity"/>) is counted once. A list's clicks are counted while they arrive before the end of
/// the hour after its own plus <c>windowHours − 1</c> (<see cref="AggregationOptions.ClickWindowHours"/>),
/// so an hour's numbers are final once that window (plus late writes) has passed. Clicks without a token
/// belong to the hour they were received.
/// </summary>
public static class ClickHours
{
    /// <summary>
    /// Clock difference between instances tolerated: a click received up to this long before the hour in its
    /// token (served by an instance whose clock runs ahead) still counts for that hour.
    /// </summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <param name="windowHours">Hours after its own that a list's clicks are counted, ≥ 0.</param>
    public static ClickBucket Of(ClickRecord click, int windowHours)
    {
        var received = click.ReceivedAt.UtcDateTime;
        var receivedHour = Hour(received);
        if (string.IsNullOrEmpty(click.AttributionToken)) return new(receivedHour, ClickKind.Tokenless);
        if (!AttributionToken.IsValid(click.AttributionToken) || !AttributionToken.TryParseHour(click.AttributionToken, out var served))
            return new(receivedHour, ClickKind.InvalidToken);
        if (received < served - ClockSkew) return new(receivedHour, ClickKind.InvalidToken);
        if (received >= WindowEnd(served, windowHours)) return new(receivedHour, ClickKind.Late);
        return new(served, ClickKind.Attributed);
    }

    /// <summary>The click identity (issue 7 contract): <c>{token}|{productId}</c> when it has a token, else <c>id|{click_id}</c>.</summary>
    public static string Identity(ClickRecord click) => string.IsNullOrEmpty(click.AttributionToken)
        ? "id|" + click.ClickId
        : click.AttributionToken + "|" + click.ProductId;

    /// <summary>The end (exclusive) of the time a list served in <paramref name="hour"/> collects clicks.</summary>
    public static DateTime WindowEnd(DateTime hour, int windowHours) => hour.AddHours(windowHours + 1);

    /// <summary>
    /// The received times (from inclusive, to exclusive) whose clicks can belong to the hours
    /// [<paramref name="fromHour"/>, <paramref name="toHour"/>): everything any of them can collect.
    /// </summary>
    public static (DateTime From, DateTime To) ReceivedRange(DateTime fromHour, DateTime toHour, int windowHours) =>
        (fromHour - ClockSkew, WindowEnd(toHour.AddHours(-1), windowHours));

    /// <summary>The UTC hour holding <paramref name="time"/>.</summary>
    public static DateTime Hour(DateTime time)
    {
        var utc = time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time;
        return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerHour, DateTimeKind.Utc);
    }
}
