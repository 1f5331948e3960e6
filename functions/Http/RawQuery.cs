using Microsoft.AspNetCore.Http;

namespace Teddy.Functions.Http;

/// <summary>One <c>name=value</c> pair of a query string exactly as sent (still percent-encoded); <see cref="RawValue"/> is null without an '='.</summary>
public readonly record struct RawQueryParameter(string RawName, string? RawValue)
{
    /// <summary>The name percent-decoded once with '+' as a space (as <see cref="IQueryCollection"/> reads names), or null when malformed.</summary>
    public string? Name => PercentEncoding.Decode(RawName, plusIsSpace: true);

    /// <summary>The value percent-decoded once with '+' kept a plus; "" without an '='; null when malformed.</summary>
    public string? Value => RawValue is null ? "" : PercentEncoding.Decode(RawValue, plusIsSpace: false);
}

/// <summary>
/// Reads the query string as sent (<see cref="HttpRequest.QueryString"/> is not decoded by either host), so that bad
/// percent-encoding can be told from a literal '%' (<see cref="PercentEncoding"/>), and so that a '+' in a value stays a
/// plus (RFC 3986) where <see cref="HttpRequest.Query"/> follows HTML forms and turns it into a space — for ids, where a
/// '+' is far more likely (base64) than a space.
/// </summary>
public static class RawQuery
{
    /// <summary>Every parameter in order; empty segments (<c>a=1&amp;&amp;b=2</c>, a trailing '&amp;') are skipped, as both hosts do.</summary>
    public static IEnumerable<RawQueryParameter> Parameters(QueryString query)
    {
        if (query.Value is not { Length: > 1 } text) yield break;
        foreach (string pair in text[1..].Split('&'))
        {
            if (pair.Length == 0) continue;
            int equals = pair.IndexOf('=');
            yield return equals < 0 ? new RawQueryParameter(pair, null) : new RawQueryParameter(pair[..equals], pair[(equals + 1)..]);
        }
    }

    /// <summary>
    /// Every value of <paramref name="name"/> (matched exactly), decoded once with '+' kept a plus, in order; empty when the
    /// parameter is absent. A value that is not well-formed is null: <see cref="QueryStringCheck"/> refuses such a request
    /// before any function runs, so only a function called directly (a test) sees one.
    /// </summary>
    public static IReadOnlyList<string?> Values(QueryString query, string name) =>
        Parameters(query).Where(p => p.Name == name).Select(p => p.Value).ToArray();
}
