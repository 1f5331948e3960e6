using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Teddy.Functions.Http;

/// <summary>
/// The one rule for a value taken from a URL path segment, under the Functions host and the development
/// runner alike: the segment is percent-decoded once. Both hosts route on ASP.NET Core's decoded path, which
/// decodes every <c>%XX</c> except <c>%2F</c> (left encoded so an encoded '/' cannot split a segment) and leaves
/// sequences that are not UTF-8 as they were; <see cref="Decode"/> does the last step, <c>%2F</c>/<c>%2f</c> → '/'.
/// One case no code behind the host can tell apart: the text "%2F" sent as <c>%252F</c> has already become
/// "%2F" and so also turns into '/'. Such ids travel as a query parameter instead (<see cref="RequestIds"/>).
/// </summary>
public static class RouteValues
{
    /// <summary>The route value as the client meant it (see the type's remarks); null stays null.</summary>
    public static string? Decode(string? value) =>
        value is not null && value.Contains('%') ? value.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase) : value;

    /// <summary>
    /// Whether the request's path as sent (the raw target, before the host decoded it) is not well-formed percent-encoded
    /// UTF-8 (<see cref="PercentEncoding"/>): a '%' that does not start a %XX escape, or escapes whose bytes are not UTF-8
    /// (<c>%FF%FE</c>). The host leaves such text as it was, so it would reach the app as a literal — the same text a
    /// correct <c>%25</c> gives — and one shopper would have two spellings. Only the id segment of Teddy's routes can hold a
    /// '%', so the whole path is checked (the query has its own check, <see cref="QueryStringCheck"/>). False when the host
    /// does not expose the raw target.
    /// </summary>
    public static bool MalformedEscapes(HttpRequest request)
    {
        string? raw = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw) || !raw.Contains('%')) return false;
        int query = raw.IndexOf('?');
        return !PercentEncoding.IsWellFormed(query >= 0 ? raw.AsSpan(0, query) : raw.AsSpan());
    }
}
