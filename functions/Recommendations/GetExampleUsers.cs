using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Teddy.Functions.Http;
using Teddy.Serving;

namespace Teddy.Functions.Recommendations;

/// <summary>
/// GET api/users/examples — a few known shoppers (the most active) for the demo page to start from.
/// Off unless <c>Teddy__Serving__ExampleUsers</c> is above 0: real user ids are not for publishing.
/// </summary>
public sealed class GetExampleUsers(ServingModelProvider models, IOptions<ServingOptions> options)
{
    [Function(nameof(GetExampleUsers))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/users/examples")] HttpRequest request,
        CancellationToken cancellation)
    {
        int count = options.Value.ExampleUsers;
        if (count <= 0) return Problems.NotFound("Example users are turned off (Teddy__Serving__ExampleUsers is 0).");
        if (await models.GetAsync(cancellation) is not { } model)
            return Problems.NoModelYet();
        var users = model.Model.Users;
        var ids = Enumerable.Range(0, users.Count)
            .OrderByDescending(users.Interactions.RowLength).ThenBy(u => u)
            .Take(count)
            .Select(u => users.Ids[u])
            .ToArray();
        return new OkObjectResult(new { user_ids = ids, model_version = model.Version });
    }
}
