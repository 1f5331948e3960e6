using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Teddy.Artifacts;
using Teddy.Functions.Http;
using Teddy.Training;

namespace Teddy.Functions.Models;

/// <summary>POST api/models/{version}/promote (function key) — serve a kept version: roll back or forward.</summary>
public sealed class PromoteModel(ModelVersions versions)
{
    [Function(nameof(PromoteModel))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/models/{version}/promote")] HttpRequest request,
        string version)
    {
        version = RouteValues.Decode(version)!;
        if (!ModelVersion.IsValid(version))
            return Problems.InvalidField("version", $"version must look like {ModelVersion.Format}, e.g. 20261126_030000.");
        // Not the request's token: a promotion that has started completes even if the client hangs up.
        return await versions.PromoteAsync(version, "promoted by request", CancellationToken.None) switch
        {
            PromotionOutcome.Promoted => new OkObjectResult(new { version, promoted = true }),
            PromotionOutcome.UnknownVersion => Problems.NotFound($"Model version {version} is not kept in storage."),
            _ => Problems.Conflict("The model pointer moved during the promotion; try again."),
        };
    }
}
