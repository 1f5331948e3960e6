using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Teddy.Functions.Http;
using Teddy.Simulation;

namespace Teddy.Functions.Simulation;

/// <summary>
/// GET api/simulations/{id} (function key) — one simulation's status record. 200 while it is <c>queued</c> or
/// <c>running</c> (with <c>Retry-After</c>; <c>sessions_done</c> of <c>sessions</c>), when it <c>succeeded</c> (with
/// <c>result</c>: what the shoppers did), and when it crashed on its last attempt (<c>state</c> failed, <c>error</c>). A run
/// that could not simulate here answers as the problem it is, 409, with the record's members as extension members: the
/// serving model was not trained on the generated demo shop (<c>failure</c> not_demo_shop), or it has no recommender for
/// the method asked for (method_unavailable). 400 for an id that is not one; 404 for an unknown id (the last
/// <c>Teddy__Simulation__KeepRuns</c> finished runs are kept).
/// </summary>
public sealed class GetSimulation(SimulationRequests requests)
{
    /// <summary>Seconds a poller is asked to wait while the simulation is queued or running (a run takes seconds).</summary>
    public const int PollSeconds = 1;

    [Function(nameof(GetSimulation))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", "head", Route = "api/simulations/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellation)
    {
        id = RouteValues.Decode(id)!;
        if (!SimulationRun.IsValidId(id))
            return Problems.InvalidField("id", "id must be a simulation id as returned by POST api/simulations, e.g. 20261126-030000-3f9a2c1b.");
        if (await requests.GetAsync(id, cancellation) is not { } run)
            return Problems.NotFound($"There is no simulation {id} (the last finished runs are kept).");

        switch (run)
        {
            case { State: SimulationState.Failed, Failure: SimulationFailures.NotDemoShop or SimulationFailures.MethodUnavailable }:
                return Problems.Conflict(run.Reason ?? "The simulation cannot run on the serving model.", SimulationResponses.Extensions(run));
            case { State: SimulationState.Queued or SimulationState.Running }:
                request.HttpContext.Response.Headers.RetryAfter = PollSeconds.ToString(CultureInfo.InvariantCulture);
                break;
        }
        return new OkObjectResult(SimulationResponses.Body(run));
    }
}
