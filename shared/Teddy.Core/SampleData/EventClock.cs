namespace Teddy.SampleData;

/// <summary>
/// Gives one visitor's events their times: the visitor is active in a stretch of the period, sessions
/// start on random days of it at times of day weighted towards evenings, and events within a session are
/// seconds to minutes apart. Times strictly increase within a visitor and stay inside the period.
/// </summary>
internal sealed class EventClock(long periodSeconds)
{
    private const long Day = 86_400;

    // Relative traffic per hour of day (UTC): quiet nights, a lunch bump, an evening peak.
    private static readonly AliasTable HourOfDay = new(
    [
        0.5, 0.3, 0.2, 0.15, 0.15, 0.2, 0.4, 0.7, 1.0, 1.1, 1.2, 1.3,
        1.5, 1.4, 1.2, 1.2, 1.3, 1.5, 1.8, 2.1, 2.3, 2.0, 1.4, 0.9,
    ]);

    private long[] _sessionStarts = new long[16];

    public void Assign(Span<ShopperEvent> events, int sessions, SampleRandom random)
    {
        if (events.Length == 0) return;
        if (_sessionStarts.Length < sessions) _sessionStarts = new long[Math.Max(sessions, _sessionStarts.Length * 2)];
        var starts = _sessionStarts.AsSpan(0, sessions);

        // A visitor is around for a stretch of the period, from a few days to all of it, centred
        // anywhere. The stretch wraps past the end of the period to its start: that keeps total
        // traffic flat week by week (clipping would thin out the first and last weeks, shifting
        // would pile them up), at the price of some visitors also showing up at the very start.
        double spread = random.NextDouble();
        double stretch = periodSeconds * (0.05 + 0.95 * spread * spread);
        double centre = random.NextDouble() * periodSeconds;
        for (int s = 0; s < sessions; s++)
        {
            double moment = centre + (random.NextDouble() - 0.5) * stretch;
            if (moment < 0) moment += periodSeconds;
            else if (moment >= periodSeconds) moment -= periodSeconds;
            long day = (long)moment / Day;
            starts[s] = day * Day + HourOfDay.Sample(random) * 3_600L + random.Next(3_600);
        }
        starts.Sort();

        int session = -1;
        long t = 0;
        for (int i = 0; i < events.Length; i++)
        {
            ref var e = ref events[i];
            if (e.Session != session)
            {
                session = e.Session;
                t = starts[session];
            }
            else
            {
                // Reading a product page takes a while; cart and checkout clicks follow quickly.
                double u = random.NextDouble();
                t += e.Kind is UserEventKind.AddToCart or UserEventKind.PurchaseComplete
                    ? 3 + (long)(40 * u)
                    : 8 + (long)(170 * u * u);
            }
            e.Seconds = t;
        }

        // Sessions may overlap or run past the end: force strictly increasing times inside the period.
        for (int i = 1; i < events.Length; i++)
            events[i].Seconds = Math.Max(events[i].Seconds, events[i - 1].Seconds + 1);
        events[^1].Seconds = Math.Min(events[^1].Seconds, periodSeconds - 1);
        for (int i = events.Length - 2; i >= 0; i--)
            events[i].Seconds = Math.Min(events[i].Seconds, events[i + 1].Seconds - 1);
    }
}
