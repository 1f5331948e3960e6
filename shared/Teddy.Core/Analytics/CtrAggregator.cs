using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Teddy.Learning;

namespace Teddy.Analytics;

/// <summary>What one aggregation run did.</summary>
/// <param name="Ran">False when it was skipped (<paramref name="Reason"/>): another instance holds the lease, or ran recently.</param>
/// <param name="HoursComputed">The hours recomputed from the tables, oldest first.</param>
public sealed record AggregationRun(bool Ran, string Reason, IReadOnlyList<DateTime> HoursComputed, TimeSpan Duration);

/// <summary>
/// The click-through aggregation: one instance at a time (a blob lease), it recomputes from scratch, from the
/// impression and click tables, every hour that can still change — the current hour and the
/// <see cref="AggregationOptions.ClickWindowHours"/> before it, any hour whose window closed less than
/// <see cref="AggregationOptions.LateDataMinutes"/> before its last computation, and any hour not computed yet
/// since the first (catching up after downtime, oldest first, at most <see cref="MaxCatchUpHoursPerRun"/> a run)
/// — writes each as <c>hours/{yyyyMMddHH}.json</c>, deletes hours older than the kept history, and combines the
/// kept hours into <c>ctr.json</c>. Recomputing from scratch makes it idempotent: a retried flush or click, a
/// crashed run, or two instances running at once never count anything twice (see <see cref="HourAggregation"/>).
/// <para>
/// The first run ever starts at the earliest hour of the kept history with an impression. Hours already final
/// are read from the store once and cached by ETag, so a run reads the tables only for hours that can change.
/// </para>
/// </summary>
public sealed class CtrAggregator(
    IFeedbackSource feedback,
    IAnalyticsStore store,
    IOptions<AggregationOptions> options,
    IOptions<AdaptiveWeightsOptions> adaptiveWeights,
    TimeProvider clock,
    ILogger<CtrAggregator> logger)
{
    /// <summary>Hours caught up per run beyond the open ones, so a run after long downtime still refreshes ctr.json within about a minute.</summary>
    public const int MaxCatchUpHoursPerRun = 48;

    private readonly Dictionary<DateTime, (string ETag, HourAggregate Hour)> _cache = [];
    private readonly SemaphoreSlim _running = new(1, 1);

    /// <summary>Runs once if this instance gets the lease and no run finished within the last AggregationSeconds (unless <paramref name="force"/>).</summary>
    public async Task<AggregationRun> RunOnceAsync(bool force = false, CancellationToken cancellation = default)
    {
        var settings = options.Value.Validate();
        var started = Stopwatch.StartNew();
        await _running.WaitAsync(cancellation);
        try
        {
            await using var lease = await store.TryLockAsync(cancellation);
            if (lease is null) return new AggregationRun(false, "another instance holds the aggregation lease", [], started.Elapsed);

            var now = clock.GetUtcNow();
            if (!force && await store.GetDocumentComputedAtAsync(cancellation) is { } last
                && now - last < TimeSpan.FromSeconds(settings.AggregationSeconds * 0.8))
                return new AggregationRun(false, $"ctr.json was computed at {last:O}", [], started.Elapsed);

            var computed = await ComputeAsync(settings, now, cancellation);
            logger.LogInformation("Click-through aggregation recomputed {Hours} hours in {Milliseconds} ms",
                computed.Count, started.ElapsedMilliseconds);
            return new AggregationRun(true, "ran", computed, started.Elapsed);
        }
        finally
        {
            _running.Release();
        }
    }

    private async Task<IReadOnlyList<DateTime>> ComputeAsync(AggregationOptions settings, DateTimeOffset now, CancellationToken cancellation)
    {
        var current = ClickHours.Hour(now.UtcDateTime);
        var historyStart = current.AddHours(-(settings.HistoryDays * 24 - 1));
        var stored = (await store.ListHoursAsync(cancellation)).ToDictionary(h => h.Hour);

        foreach (var old in stored.Keys.Where(h => h < historyStart).ToArray())
        {
            await store.DeleteHourAsync(old, cancellation);
            stored.Remove(old);
            _cache.Remove(old);
        }

        var open = current.AddHours(-settings.ClickWindowHours);
        var start = stored.Count > 0
            ? stored.Keys.Min()
            : await feedback.FirstImpressionHourAsync(historyStart, open, cancellation) ?? open;
        if (start > open) start = open;

        var due = new List<DateTime>();
        for (var hour = start; hour <= current; hour = hour.AddHours(1))
            if (!stored.TryGetValue(hour, out var s) || !s.Final) due.Add(hour);
        var openHours = due.Where(h => h >= open).ToList();
        var catchUp = due.Where(h => h < open).Take(MaxCatchUpHoursPerRun).ToList();
        var hours = catchUp.Concat(openHours).ToArray();

        foreach (var range in ContiguousRanges(hours))
        {
            foreach (var aggregate in await ComputeRangeAsync(range.From, range.To, settings, now, cancellation))
            {
                string etag = await store.WriteHourAsync(aggregate, cancellation);
                _cache[aggregate.Hour] = (etag, aggregate);
                stored[aggregate.Hour] = new StoredHour(aggregate.Hour, aggregate.Final, etag);
            }
        }

        var kept = new List<HourAggregate>(stored.Count);
        foreach (var hour in stored.Values.OrderBy(h => h.Hour))
        {
            if (!_cache.TryGetValue(hour.Hour, out var cached) || cached.ETag != hour.ETag)
            {
                if (await store.ReadHourAsync(hour.Hour, cancellation) is not { } read) continue;
                _cache[hour.Hour] = cached = (read.ETag, read.Hour);
            }
            kept.Add(cached.Hour);
        }
        // Leading hours without any traffic (before the shop's first list) are not part of the series.
        var series = kept.SkipWhile(h => h.Counts.Lists == 0 && h.Counts.Overall.IsEmpty && h.Counts.Excluded.Count == 0);
        var document = CtrDocument.Combine(series, now, settings.ClickWindowHours, adaptiveWeights.Value.HalfLifeImpressions);
        await store.WriteDocumentAsync(document, cancellation);
        return hours;
    }

    /// <summary>Recomputes the hours [<paramref name="from"/>, <paramref name="to"/>] from the tables: their clicks read once, then each hour's impressions.</summary>
    public async Task<IReadOnlyList<HourAggregate>> ComputeRangeAsync(DateTime from, DateTime to, AggregationOptions settings, DateTimeOffset now,
        CancellationToken cancellation = default)
    {
        var aggregations = new Dictionary<DateTime, HourAggregation>();
        for (var hour = from; hour <= to; hour = hour.AddHours(1)) aggregations[hour] = new HourAggregation(hour);

        var (readFrom, readTo) = ClickHours.ReceivedRange(from, to.AddHours(1), settings.ClickWindowHours);
        await foreach (var row in feedback.ReadClicksAsync(readFrom, readTo, cancellation))
        {
            if (row.Click is not { } click)
            {
                // A row that is not a click: tallied in the hour received.
                if (aggregations.TryGetValue(ClickHours.Hour(row.ReceivedAt.UtcDateTime), out var received)) received.SkipClick(row.SkipReason ?? "unreadable");
                continue;
            }
            var bucket = ClickHours.Of(click, settings.ClickWindowHours);
            if (aggregations.TryGetValue(bucket.Hour, out var aggregation)) aggregation.AddClick(click, bucket);
        }

        var result = new List<HourAggregate>(aggregations.Count);
        foreach (var (hour, aggregation) in aggregations)
        {
            await foreach (var row in feedback.ReadImpressionsAsync(hour, cancellation))
            {
                if (row.Impression is { } impression) aggregation.AddImpression(impression);
                else aggregation.SkipImpression(row.SkipReason ?? "unreadable");
            }
            bool final = now.UtcDateTime >= ClickHours.WindowEnd(hour, settings.ClickWindowHours).AddMinutes(settings.LateDataMinutes);
            result.Add(new HourAggregate(hour, now, final, aggregation.Complete()));
        }
        return result;
    }

    private static IEnumerable<(DateTime From, DateTime To)> ContiguousRanges(IReadOnlyList<DateTime> hours)
    {
        for (int i = 0; i < hours.Count;)
        {
            int j = i;
            while (j + 1 < hours.Count && hours[j + 1] == hours[j].AddHours(1)) j++;
            yield return (hours[i], hours[j]);
            i = j + 1;
        }
    }
}
