using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Teddy.Functions.Http;
using Teddy.Training;

namespace Teddy.Functions.Models;

/// <summary>
/// POST api/models/retrain (function key) — queues a retrain and answers at once: 202 Accepted with a
/// <c>Location</c> to poll (<c>GET api/models/retrain/{id}</c>) and the queued status record. The retrain itself
/// runs in the queue-triggered function, so it outlives this request (and the front end's 230-second limit);
/// the client hanging up changes nothing. 409 when the catalog or events blob does not exist.
/// </summary>
public sealed class RetrainNow(RetrainRequests requests)
{
    [Function(nameof(RetrainNow))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/models/retrain")] HttpRequest request)
    {
        // No request cancellation token on purpose: once accepted, the record and the message are written.
        var submission = await requests.SubmitAsync("http");
        if (submission.Run is not { } run)
            return Problems.Conflict(
                $"There is no data to train on: {string.Join(" and ", submission.MissingInputs)} does not exist. Upload the catalog and events first.");
        return new AcceptedResult(RetrainResponses.StatusUrl(run.Id), RetrainResponses.Body(run));
    }
}
