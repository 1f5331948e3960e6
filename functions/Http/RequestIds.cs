using Microsoft.AspNetCore.Http;

namespace Teddy.Functions.Http;

/// <summary>
/// Reads the id a request addresses (a user or a product), the same way on every route that takes one:
/// <list type="bullet">
/// <item>from its path segment, percent-decoded once (<see cref="RouteValues"/>): <c>api/recommendations/hX3%2FpQ%2B9zA%3D%3D</c>;</item>
/// <item>or, for clients that cannot percent-encode a path, from a query parameter (<c>user_id</c>,
/// <c>product_id</c>) with the path's id segment left out or written as <see cref="Placeholder"/>:
/// <c>api/recommendations?user_id=hX3/pQ+9zA==</c>, <c>api/products/-/similar?product_id=a/b</c>. A query id is
/// percent-decoded once and a '+' in it is a plus, not a space, so base64 ids may travel unencoded (<see cref="RawQuery"/>).</item>
/// </list>
/// Ids are matched exactly (no trimming, no case folding); blank ids and ids over <see cref="MaxLength"/>
/// characters are rejected with the parameter named.
/// </summary>
public static class RequestIds
{
    /// <summary>Stands for "the id is left out" in a path segment that cannot be left out: the id is then the query's, else a 400 naming it as required.</summary>
    public const string Placeholder = "-";

    /// <summary>The longest id accepted, in UTF-16 code units: the one limit on ids (<see cref="Teddy.Retail.IdLimit.MaxLength"/>), which ingestion applies too, so every product and shopper a model knows can be addressed.</summary>
    public const int MaxLength = Teddy.Retail.IdLimit.MaxLength;

    /// <summary>
    /// The id, or null with the reason recorded in <paramref name="errors"/> under <paramref name="name"/>.
    /// </summary>
    /// <param name="routeValue">The route value as the host bound it (null when the segment is optional and absent).</param>
    /// <param name="name">The public name of the id: the query parameter and the field named in errors.</param>
    public static string? Read(HttpRequest request, string? routeValue, string name, IDictionary<string, string> errors)
    {
        var fromQuery = RawQuery.Values(request.QueryString, name);
        // The placeholder always means "no id in the path", with or without a query id: never an id of its own.
        bool inPath = !string.IsNullOrEmpty(routeValue) && routeValue != Placeholder;
        string? id;
        if (fromQuery.Count > 1)
        {
            errors[name] = $"{name} may be given once.";
            return null;
        }
        if (fromQuery.Count == 1 && inPath)
        {
            errors[name] = $"Give the {name} once: in the path, or as ?{name}= with the path's id left out or written as '{Placeholder}'.";
            return null;
        }
        if (fromQuery.Count == 1)
        {
            if (fromQuery[0] is null)
            {
                errors[name] = QueryStringCheck.MalformedValue(name);
                return null;
            }
            id = fromQuery[0];
        }
        else if (inPath)
        {
            if (RouteValues.MalformedEscapes(request))
            {
                errors[name] = $"The {name} in the path is not validly percent-encoded: {PercentEncoding.Rule} Or pass the id as ?{name}=.";
                return null;
            }
            id = RouteValues.Decode(routeValue);
        }
        else
        {
            errors[name] = $"{name} is required: put it in the path (percent-encoded) or pass it as ?{name}=.";
            return null;
        }

        if (Problem(name, id!) is { } problem)
        {
            errors[name] = problem;
            return null;
        }
        return id;
    }

    /// <summary>Why an id is not acceptable, or null when it is.</summary>
    public static string? Problem(string name, string value) =>
        string.IsNullOrWhiteSpace(value) ? $"{name} may not be blank."
        : value.Length > MaxLength ? $"{name} may be at most {MaxLength} characters."
        : null;
}
