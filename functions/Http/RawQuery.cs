using Microsoft.AspNetCore.Http;

namespace Teddy.Functions.Http;

/// <summary>
/// Reads a query parameter from the query string as sent, percent-decoding each value once and keeping '+'
/// as a plus (RFC 3986), where <see cref="HttpRequest.Query"/> follows HTML forms and turns '+' into a space.
/// Used for ids, where a '+' is far more likely (base64) than a space. Names match case-insensitively, as
/// <see cref="IQueryCollection"/> does.
/// </summary>
public static class RawQuery
{
    /// <summary>Every value of <paramref name="name"/>, in order; empty when the parameter is absent.</summary>
    public static IReadOnlyList<string> Values(QueryString query, string name)
    {
        if (query.Value is not { Length: > 1 } text) return [];
        List<string>? values = null;
        foreach (string pair in text[1..].Split('&'))
        {
            int equals = pair.IndexOf('=');
            string key = equals < 0 ? pair : pair[..equals];
            if (!Uri.UnescapeDataString(key).Replace('+', ' ').Equals(name, StringComparison.OrdinalIgnoreCase)) continue;
            (values ??= []).Add(equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]));
        }
        return values ?? (IReadOnlyList<string>)[];
    }
}
