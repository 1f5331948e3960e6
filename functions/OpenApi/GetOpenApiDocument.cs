using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Teddy.Functions.OpenApi;

/// <summary>
/// GET api/openapi.json — the API contract: the repository's openapi.json (OpenAPI 3.1), embedded in the assembly so
/// every deployment serves the document of its own build. Anonymous, with an ETag (304 on If-None-Match) so tools and
/// gateways revalidate cheaply. The tests keep the document true: its paths equal the [HttpTrigger] routes, and every
/// documented answer is checked against the running app.
/// </summary>
public sealed class GetOpenApiDocument
{
    /// <summary>The embedded resource's name (Teddy.Functions.csproj).</summary>
    public const string ResourceName = "openapi.json";

    private static readonly byte[] Content = Load();
    private static readonly string ETag = $"\"{Convert.ToHexStringLower(SHA256.HashData(Content))[..16]}\"";

    [Function(nameof(GetOpenApiDocument))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/openapi.json")] HttpRequest request)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.ETag = ETag;
        headers.CacheControl = "no-cache";
        if (request.Headers.IfNoneMatch == ETag) return new StatusCodeResult(StatusCodes.Status304NotModified);
        return new FileContentResult(Content, "application/json; charset=utf-8");
    }

    private static byte[] Load()
    {
        using var stream = typeof(GetOpenApiDocument).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from this build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
