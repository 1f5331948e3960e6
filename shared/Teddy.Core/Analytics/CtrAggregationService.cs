using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Teddy.Analytics;

/// <summary>
/// Runs <see cref="CtrAggregator"/> every <see cref="AggregationOptions.AggregationSeconds"/> in every host; the
/// lease and the "ran recently" check make one instance do the work each period. A failed run (storage down)
/// is logged and retried next period: the tables keep everything, so nothing is lost.
/// </summary>
public sealed class CtrAggregationService(CtrAggregator aggregator, IOptions<AggregationOptions> options, ILogger<CtrAggregationService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Validate();
        // Instances started together would otherwise contend for the lease at the same moments.
        var jitter = TimeSpan.FromMilliseconds(Random.Shared.Next(0, 1000 * Math.Min(settings.AggregationSeconds, 10)));
        try
        {
            await Task.Delay(jitter, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.AggregationSeconds));
        do
        {
            try
            {
                var run = await aggregator.RunOnceAsync(cancellation: stoppingToken);
                if (!run.Ran) logger.LogDebug("Click-through aggregation skipped: {Reason}", run.Reason);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Click-through aggregation failed; it runs again in {Seconds} s", settings.AggregationSeconds);
            }
        } while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
