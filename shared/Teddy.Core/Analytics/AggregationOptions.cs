namespace Teddy.Analytics;

/// <summary>
/// Settings under <c>Teddy:Learning</c> for the shared click-through aggregates (<c>ctr.json</c>): how often they
/// are computed and read, how long a list collects clicks, and how much history they keep. Smoothing and
/// categorising are <see cref="Learning.CtrOptions"/> under <c>Teddy:Learning:Ctr</c>.
/// </summary>
public sealed class AggregationOptions
{
    public const string Section = "Teddy:Learning";
    public const string CtrSection = "Teddy:Learning:Ctr";
    public const string AdaptiveWeightsSection = "Teddy:Learning:AdaptiveWeights";

    /// <summary>How often each instance checks <c>ctr.json</c>'s ETag and swaps in a new snapshot, in seconds (1–300).</summary>
    public int RefreshSeconds { get; set; } = 15;

    /// <summary>
    /// How often the aggregation runs, in seconds (5–3,600); one instance at a time (a blob lease), and no
    /// instance starts a run sooner than this after the last one finished anywhere. A click is in every
    /// instance's numbers within about AggregationSeconds + RefreshSeconds + the run's own time.
    /// </summary>
    public int AggregationSeconds { get; set; } = 20;

    /// <summary>Days of hourly aggregates kept (in <c>ctr.json</c> and as hour blobs), 1–400; older hours are deleted.</summary>
    public int HistoryDays { get; set; } = 30;

    /// <summary>
    /// A list's clicks count while they arrive before the end of the hour after the list's own plus this many
    /// hours − 1: with 1, a list served at 10:20 collects clicks until 12:00. Later clicks are excluded as
    /// <c>late</c>. 0–24; each run recomputes the current hour and these many before it.
    /// </summary>
    public int ClickWindowHours { get; set; } = 1;

    /// <summary>
    /// How long after its click window closes an hour is still recomputed, in minutes (0–1,440), so impressions a
    /// buffer flushes late (retrying through a storage outage) and clicks written at the window's end are counted.
    /// </summary>
    public int LateDataMinutes { get; set; } = 10;

    /// <exception cref="InvalidOperationException">A setting out of range, named.</exception>
    public AggregationOptions Validate()
    {
        Check(nameof(RefreshSeconds), RefreshSeconds, 1, 300);
        Check(nameof(AggregationSeconds), AggregationSeconds, 5, 3600);
        Check(nameof(HistoryDays), HistoryDays, 1, 400);
        Check(nameof(ClickWindowHours), ClickWindowHours, 0, 24);
        Check(nameof(LateDataMinutes), LateDataMinutes, 0, 1440);
        return this;
    }

    private static void Check(string name, int value, int min, int max)
    {
        if (value < min || value > max)
            throw new InvalidOperationException($"{Section}:{name} must be from {min} to {max}; got {value}.");
    }
}
