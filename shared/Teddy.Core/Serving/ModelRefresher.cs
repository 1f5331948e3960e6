using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Teddy.Serving;

/// <summary>Checks the model pointer every <see cref="ServingOptions.RefreshSeconds"/> so a promotion anywhere reaches this instance.</summary>
public sealed class ModelRefresher(ServingModelProvider provider, IOptions<ServingOptions> options, ILogger<ModelRefresher> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Max(1, options.Value.RefreshSeconds));
        using var timer = new PeriodicTimer(period);
        do
        {
            try
            {
                await provider.RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // Storage hiccups must not stop serving: keep the current model and try again next tick.
                logger.LogWarning(e, "Could not check for a newly promoted model");
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
