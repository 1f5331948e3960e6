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
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "assets/{name}")] HttpRequest request,
        string name) =>
        PageAssets.Serve(name, request) ?? Problems.NotFound($"There is no asset '{name}'.");
}
