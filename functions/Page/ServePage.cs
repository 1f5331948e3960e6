using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Teddy.Functions.Http;
using Teddy.Hosting;

namespace Teddy.Functions.Page;

/// <summary>
/// GET / — the page (index.html): the shop front, and the dashboard at <c>/?view=dashboard</c>, served by the function
/// app itself with its Content-Security-Policy (<c>Teddy__Page__ImageOrigins</c> adds the catalog's image hosts).
/// </summary>
public sealed class ServePage(IOptions<PageOptions> options)
{
    [Function(nameof(ServePage))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "{ignored:maxlength(0)?}")] HttpRequest request) =>
        PageAssets.Serve("index.html", request, options.Value.ContentSecurityPolicy()) ?? Problems.NotFound("The page is missing from this build.");
}
