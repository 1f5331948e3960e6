using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Teddy.Training;

namespace Teddy.Functions.Models;

/// <summary>
/// GET api/models/retrain (function key) — the kept retrain status records, newest first, whatever started them
/// (<c>trigger</c>: http, schedule or bootstrap).
/// </summary>
public sealed class ListRetrains(RetrainRequests requests)
{
    [Function(nameof(ListRetrains))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", "head", Route = "api/models/retrain")] HttpRequest request,
        CancellationToken cancellation) =>
        new OkObjectResult(new { runs = (await requests.ListAsync(cancellation)).Select(RetrainResponses.Body).ToArray() });
}
