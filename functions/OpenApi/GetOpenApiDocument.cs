using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Teddy.Functions.OpenApi;

/// <summary>
/// GET api/openapi.json — the API contract: the repository's openapi.json (OpenAPI 3.1), embedded in the assembly so
/// every deployment serves the document of its own build (<see cref="ApiDocument"/>). Anonymous, with an ETag (304 on If-None-Match) so tools and
/// gateways revalidate cheaply. The tests keep the document true: its paths equal the [HttpTrigger] routes, and every
/// documented answer is checked against the running app.
/// </summary>
public sealed class GetOpenApiDocument
{
    private static readonly byte[] Content = ApiDocument.Content;
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
}
