using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Teddy.Training;

namespace Teddy.Functions.Models;

/// <summary>
/// Retrains on the RETRAIN_SCHEDULE setting (NCRONTAB with seconds, UTC; default nightly at 03:00). A timer is not
/// bound by the HTTP time limit, so it runs the retrain itself, through the same service, lock and status records
/// as queued retrains (trigger <c>schedule</c>). When another retrain is running, this occurrence is skipped.
/// </summary>
public sealed class RetrainOnSchedule(RetrainService retrain, ILogger<RetrainOnSchedule> logger)
{
    [Function(nameof(RetrainOnSchedule))]
    public async Task Run([TimerTrigger("%RETRAIN_SCHEDULE%")] TimerInfo timer, CancellationToken cancellation)
    {
        if (timer.IsPastDue) logger.LogWarning("The scheduled retrain is running late");
        var result = await retrain.RunAsync("schedule", cancellation);
        logger.Log(result.Status is RetrainStatus.Completed or RetrainStatus.Busy ? LogLevel.Information : LogLevel.Warning,
            "Scheduled retrain {Id}: {Status} {Version} promoted={Promoted} ({Reason})",
            result.Run?.Id, result.Status, result.Version, result.Promoted, result.Reason);
    }
}
