using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Teddy.Analytics;

/// <summary>Checks ctr.json every <see cref="AggregationOptions.RefreshSeconds"/> so every instance follows the shared aggregates.</summary>
public sealed class LearningStateRefresher(SharedLearningState state, IOptions<AggregationOptions> options, ILogger<LearningStateRefresher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.Validate().RefreshSeconds));
        do
        {
            try
            {
                if (await state.RefreshAsync(stoppingToken))
                    logger.LogDebug("Click-through aggregates of {ComputedAt} loaded", state.Loaded?.Document?.ComputedAt);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Keep serving the last snapshot; try again next tick.
                logger.LogWarning(e, "Could not refresh the click-through aggregates; keeping the last copy");
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
