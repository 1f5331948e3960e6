using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Teddy.Functions.Http;

namespace Teddy.Functions.Page;

/// <summary>GET / — the demo page (index.html), served by the function app itself.</summary>
public sealed class ServePage
{
    [Function(nameof(ServePage))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "{ignored:maxlength(0)?}")] HttpRequest request) =>
        PageAssets.Serve("index.html", request) ?? Problems.NotFound("The page is missing from this build.");
}
