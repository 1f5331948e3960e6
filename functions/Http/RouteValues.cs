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
}
