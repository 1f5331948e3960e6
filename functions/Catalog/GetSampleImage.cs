using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Teddy.Functions.Http;
using Teddy.SampleData;

namespace Teddy.Functions.Catalog;

/// <summary>
/// GET api/sample-images/{category}/{file} — the pictures of the generated demo catalog: a small SVG drawn
/// from the product's category and colour (e.g. /api/sample-images/toys-puzzles/red.svg), so the page shows
/// images offline. Real catalogs keep their own image URLs.
/// </summary>
public sealed class GetSampleImage
{
    [Function(nameof(GetSampleImage))]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "head", Route = "api/sample-images/{category}/{file}")] HttpRequest request,
        string category,
        string file)
    {
        category = RouteValues.Decode(category)!;
        file = RouteValues.Decode(file)!;
        if (category.Length > SampleImage.MaxSlugLength)
            return Problems.InvalidField("category", $"category may be at most {SampleImage.MaxSlugLength} characters; got {category.Length}.");
        if (!SampleImage.IsSlug(category)) return Problems.InvalidField("category", "category must be a slug of lower-case letters, digits and '-'.");
        string color = file.EndsWith(".svg", StringComparison.Ordinal) ? file[..^4] : file;
        if (color.Length > SampleImage.MaxSlugLength)
            return Problems.InvalidField("file", $"file's colour slug (before .svg) may be at most {SampleImage.MaxSlugLength} characters; got {color.Length}.");
        if (!SampleImage.IsSlug(color)) return Problems.InvalidField("file", "file must be a colour slug of lower-case letters, digits and '-' followed by .svg, e.g. red.svg.");
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=86400";
        return new ContentResult { Content = SampleImage.Svg(category, color), ContentType = "image/svg+xml", StatusCode = 200 };
    }
}
