using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Teddy.Functions.Http;
using Teddy.Training;

namespace Teddy.Functions.Models;

/// <summary>
/// POST api/models/retrain (function key) — trains, evaluates and stores a new version now, promoting it if
/// it is good enough. 200 with the outcome; 409 when a retrain is already running or there is no data.
/// </summary>
public sealed class RetrainNow(RetrainService retrain)
{
    [Function(nameof(RetrainNow))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/models/retrain")] HttpRequest request,
        CancellationToken cancellation)
    {
        RetrainResult result;
        try
        {
            result = await retrain.RunAsync("http", cancellation);
        }
        catch (FileNotFoundException e)
        {
            return Problems.Conflict(e.Message);
        }
        if (result.Status == RetrainStatus.Busy) return Problems.Conflict(result.Reason);
        return new OkObjectResult(new
        {
            version = result.Version,
            promoted = result.Promoted,
            reason = result.Reason,
            winner = result.Report?.Selection.Winner,
            selection = result.Report?.Selection,
            timings_ms = result.Report?.TimingsMs,
        });
    }
}
