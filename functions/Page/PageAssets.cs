using System.Collections.Frozen;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Teddy.Functions.Page;

/// <summary>
/// The page's files, embedded in the assembly (so they ship wherever the app runs, with no content root to
/// get wrong) and served with an ETag so browsers revalidate cheaply, each with the page's Content-Security-Policy
/// (<see cref="Teddy.Hosting.PageOptions.ContentSecurityPolicy"/>), <c>X-Content-Type-Options: nosniff</c> and no referrer.
/// </summary>
public static class PageAssets
{
    private sealed record Asset(byte[] Content, string ContentType, string ETag);

    private static readonly FrozenDictionary<string, Asset> Assets = Load();

    /// <param name="contentSecurityPolicy">The policy header to send with the file.</param>
    public static IActionResult? Serve(string name, HttpRequest request, string contentSecurityPolicy)
    {
        if (!Assets.TryGetValue(name, out var asset)) return null;
        var headers = request.HttpContext.Response.Headers;
        headers.ETag = asset.ETag;
        headers.CacheControl = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = contentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        if (request.Headers.IfNoneMatch == asset.ETag) return new StatusCodeResult(StatusCodes.Status304NotModified);
        return new FileContentResult(asset.Content, asset.ContentType);
    }

    private static FrozenDictionary<string, Asset> Load()
    {
        var assembly = typeof(PageAssets).Assembly;
        const string prefix = "wwwroot/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .ToFrozenDictionary(n => n[prefix.Length..], n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                byte[] content = copy.ToArray();
                return new Asset(content, ContentTypeOf(n), $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..16]}\"");
            });
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".html" => "text/html; charset=utf-8",
        ".js" => "text/javascript; charset=utf-8",
        ".css" => "text/css; charset=utf-8",
        ".svg" => "image/svg+xml",
        ".png" => "image/png",
        ".ico" => "image/x-icon",
        _ => "application/octet-stream",
    };
}
