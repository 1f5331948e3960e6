using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Teddy.Artifacts;
using Teddy.Functions.Http;
using Teddy.Training;

namespace Teddy.Functions.Models;

/// <summary>
/// GET api/models/{version}/report — report.json of a kept version, as its retrain wrote it: every candidate's numbers,
/// the hold-out, the selection rule and the promotion decision with its gates. Anonymous, like <c>GET api/models</c> and
/// <c>GET api/models/current</c> (the same evaluation, in full). 400 for a version that is not a version id, 404 for
/// one not kept.
/// </summary>
public sealed class GetModelReport(ModelVersions versions)
{
    [Function(nameof(GetModelReport))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/models/{version}/report")] HttpRequest request,
        string version,
        CancellationToken cancellation)
    {
        version = RouteValues.Decode(version)!;
        if (!ModelVersion.IsValid(version))
            return Problems.InvalidField("version", $"version must look like {ModelVersion.Format}, e.g. 20261126_030000.");
        if (await versions.GetReportAsync(version, cancellation) is not { } report)
            return Problems.NotFound($"Model version {version} is not kept in storage, or has no report.");
        return new ContentResult { Content = report, ContentType = "application/json; charset=utf-8", StatusCode = 200 };
    }
}
