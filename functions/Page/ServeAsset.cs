using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Teddy.Functions.Http;
using Teddy.Hosting;

namespace Teddy.Functions.Page;

/// <summary>GET assets/{name} — the page's scripts, styles and placeholder image.</summary>
public sealed class ServeAsset(IOptions<PageOptions> options)
{
    [Function(nameof(ServeAsset))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "assets/{name}")] HttpRequest request,
        string name) =>
        PageAssets.Serve(RouteValues.Decode(name)!, request, options.Value.ContentSecurityPolicy())
        ?? Problems.NotFound($"There is no asset '{RouteValues.Decode(name)}'.");
}
