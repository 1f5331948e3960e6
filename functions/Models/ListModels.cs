using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Teddy.Training;

namespace Teddy.Functions.Models;

/// <summary>GET api/models — the kept versions, newest first, with their headline numbers.</summary>
public sealed class ListModels(ModelVersions versions)
{
    [Function(nameof(ListModels))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/models")] HttpRequest request,
        CancellationToken cancellation) =>
        new OkObjectResult(new { models = await versions.ListAsync(cancellation) });
}
