using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Teddy.Artifacts;
using Teddy.Functions.Http;
using Teddy.Training;

namespace Teddy.Functions.Models;

/// <summary>
/// GET api/models/retrain/{id} (function key) — one retrain's status record. 200 while it is <c>queued</c> or
/// <c>running</c> (with <c>Retry-After</c>), and when it <c>succeeded</c> or was <c>refused</c> (with its report.json
/// as <c>report</c>, while the version is kept). A run that <c>failed</c> because of the data answers as the problem it
/// is: 422 when no model can be trained on the data (the detail names the top ingestion skip reasons and counts), 409
/// when the data blobs are missing; the record's members are the problem's extension members. A run that crashed on
/// its last attempt is 200 with <c>state</c> failed and its <c>error</c>. 404 for an unknown id.
/// </summary>
public sealed class GetRetrain(RetrainRequests requests, ModelVersions versions)
{
    /// <summary>Seconds a poller is asked to wait while the retrain is queued or running.</summary>
    public const int PollSeconds = 5;

    [Function(nameof(GetRetrain))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", "head", Route = "api/models/retrain/{id}")] HttpRequest request,
        string id,
        CancellationToken cancellation)
    {
        id = RouteValues.Decode(id)!;
        if (!RetrainRun.IsValidId(id))
            return Problems.InvalidField("id", "id must be a retrain id as returned by POST api/models/retrain, e.g. 20261126-030000-3f9a2c1b.");
        if (await requests.GetAsync(id, cancellation) is not { } run) return Problems.NotFound($"There is no retrain {id} (the last runs are kept).");

        switch (run)
        {
            case { State: RetrainState.Failed, Failure: RetrainFailures.UntrainableData }:
                return Problems.UnprocessableData("No model can be trained on this data", run.Reason ?? "", RetrainResponses.Extensions(run));
            case { State: RetrainState.Failed, Failure: RetrainFailures.NoData }:
                return Problems.Conflict(run.Reason ?? "The training data is missing.", RetrainResponses.Extensions(run));
            case { State: RetrainState.Queued or RetrainState.Running }:
                request.HttpContext.Response.Headers.RetryAfter = PollSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                break;
        }
        var body = RetrainResponses.Body(run);
        if (run.Version is { } version && await versions.GetReportAsync(version, cancellation) is { } report)
            body["report"] = System.Text.Json.Nodes.JsonNode.Parse(report);
        return new OkObjectResult(body);
    }
}
