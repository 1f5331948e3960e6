using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Teddy.Functions.Http;

namespace Teddy.Functions.Page;

/// <summary>GET assets/{name} — the page's script, styles and placeholder image.</summary>
public sealed class ServeAsset
{
    [Function(nameof(ServeAsset))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "assets/{name}")] HttpRequest request,
        string name) =>
        PageAssets.Serve(RouteValues.Decode(name)!, request) ?? Problems.NotFound($"There is no asset '{RouteValues.Decode(name)}'.");
}
