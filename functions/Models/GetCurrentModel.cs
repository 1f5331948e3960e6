using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Teddy.Functions.Http;
using Teddy.Serving;

namespace Teddy.Functions.Models;

/// <summary>GET api/models/current — metadata.json of the model this instance is serving.</summary>
public sealed class GetCurrentModel(ServingModelProvider models)
{
    [Function(nameof(GetCurrentModel))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/models/current")] HttpRequest request,
        CancellationToken cancellation)
    {
        if (await models.GetAsync(cancellation) is not { } model)
            return Problems.NoModelYet();
        return new ContentResult { Content = model.Metadata.ToJson(), ContentType = "application/json; charset=utf-8", StatusCode = 200 };
    }
}
