using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Teddy.Functions.Http;

namespace Teddy.Functions.DevRunner;

/// <summary>
/// The development runner's own answers, as RFC 7807 problems shaped like the functions' own: no route (404,
/// with a hint when an id seems to hold a raw '/'), a method the route does not take (405, with <c>Allow</c>),
/// a missing or wrong function key (401, with <c>WWW-Authenticate</c>) and an unexpected failure (500, no
/// internals). A function's own responses are never rewritten, so tests through the runner see exactly what
/// the function returns under the Functions host.
/// </summary>
public static class HostProblems
{
    /// <summary>The challenge sent with a 401: the key goes in the x-functions-key header or the code query parameter.</summary>
    public const string FunctionKeyChallenge = "FunctionKey realm=\"Teddy\", header=\"x-functions-key\", query=\"code\"";

    public static Task WriteAsync(HttpContext context, ObjectResult problem) =>
        problem.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));

    /// <param name="keyNotAccepted">A key was sent but it is not the function key (else none was sent).</param>
    public static Task UnauthorizedAsync(HttpContext context, bool keyNotAccepted = false)
    {
        context.Response.Headers.WWWAuthenticate = FunctionKeyChallenge;
        return WriteAsync(context, Problems.Unauthorized(keyNotAccepted
            ? "The function key was not accepted: send this app's function key in the x-functions-key header or as the code query parameter."
            : "This route needs a function key: send it in the x-functions-key header or as the code query parameter."));
    }

    /// <summary>Fills an empty 4xx/5xx the runner itself produced (no route, wrong method); a function's own answer is left alone.</summary>
    public static Task StatusCodeAsync(StatusCodeContext status, FunctionTable table)
    {
        var context = status.HttpContext;
        if (context.GetEndpoint()?.Metadata.GetMetadata<HttpFunction>() is not null) return Task.CompletedTask;
        string target = $"{context.Request.Method} {context.Request.Path}";
        return context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => WriteAsync(context, Problems.NotFound(NotFoundDetail(context.Request.Path, target, table))),
            StatusCodes.Status405MethodNotAllowed => WriteAsync(context, Problems.MethodNotAllowed(
                $"{target} is not served: this route takes {(context.Response.Headers.Allow is { Count: > 0 } allow ? allow.ToString() : "other methods")}.")),
            int code => WriteAsync(context, Problems.Status(code, ReasonPhrases(code), $"{target} could not be served.")),
        };
    }

    public static Task UnexpectedAsync(HttpContext context) =>
        WriteAsync(context, Problems.Status(StatusCodes.Status500InternalServerError, "Unexpected error",
            "The request failed unexpectedly; the error has been logged."));

    private static string NotFoundDetail(PathString path, string target, FunctionTable table)
    {
        // A raw '/' inside an id splits it into two segments, so the path matches no route.
        string value = path.Value ?? "";
        bool underIdRoute = table.Http.Any(f => f.Route.Contains('{')
            && f.Route[..f.Route.IndexOf('{')] is { Length: > 0 } prefix
            && value.StartsWith("/" + prefix, StringComparison.OrdinalIgnoreCase));
        return underIdRoute
            ? $"No route serves {target}. An id that holds '/' must be percent-encoded (%2F) in the path, or passed as a query parameter " +
              "instead (user_id, product_id) with the path's id left out or written as '-': e.g. GET api/recommendations?user_id=a/b."
            : $"No route serves {target}.";
    }

    private static string ReasonPhrases(int code) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(code) is { Length: > 0 } phrase ? phrase : "Error";
}
