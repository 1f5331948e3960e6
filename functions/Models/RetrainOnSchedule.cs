using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Teddy.Training;

namespace Teddy.Functions.Models;

/// <summary>Retrains on the RETRAIN_SCHEDULE setting (NCRONTAB with seconds, UTC; default nightly at 03:00).</summary>
public sealed class RetrainOnSchedule(RetrainService retrain, ILogger<RetrainOnSchedule> logger)
{
    [Function(nameof(RetrainOnSchedule))]
    public async Task Run([TimerTrigger("%RETRAIN_SCHEDULE%")] TimerInfo timer, CancellationToken cancellation)
    {
        if (timer.IsPastDue) logger.LogWarning("The scheduled retrain is running late");
        var result = await retrain.RunAsync("schedule", cancellation);
        logger.LogInformation("Scheduled retrain: {Status} {Version} promoted={Promoted}", result.Status, result.Version, result.Promoted);
    }
}
