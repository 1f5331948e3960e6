using System.Collections.Frozen;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Teddy.Functions.DevRunner;
using Teddy.Functions.OpenApi;

namespace Teddy.Functions.Http;

/// <summary>
/// The one check of a request's query string, run before every HTTP function under both hosts — the Functions worker
/// through <see cref="QueryStringMiddleware"/>, the development runner in its invoker — so no function (and no function
/// added later) can skip it. It reads the query string as sent (<see cref="RawQuery"/>), because both hosts' own decoding
/// keeps bad escapes as literal text, and refuses with a 400 problem naming the parameter:
/// <list type="bullet">
/// <item>a name or value that is not well-formed percent-encoded UTF-8 (<see cref="PercentEncoding"/>: <c>%zz</c>, a bare
/// <c>%</c>, <c>%FF%FE</c>) — never kept literally, which would give one value two spellings;</item>
/// <item>a parameter the route does not declare (names are case-sensitive: <c>K</c> is not <c>k</c>). The declaration is
/// openapi.json's (<see cref="ApiDocument.QueryParameters"/>), so the check and the document cannot drift; <c>code</c>,
/// the function key, is accepted on every route.</item>
/// </list>
/// Every fault of the query is reported at once (<c>errors</c> has one entry per parameter at fault).
/// </summary>
public static class QueryStringCheck
{
    /// <summary>The function key's query parameter, accepted on every route (clients may send the key this way to any of them).</summary>
    public const string FunctionKey = "code";

    /// <summary>What openapi.json says of one operation's query string: the parameters it declares, and whether it takes any.</summary>
    private sealed record QueryDeclaration(IReadOnlyList<string> Names, bool Open);

    /// <summary>Per function name, per method (any case): its operation's query declaration.</summary>
    private static readonly Lazy<FrozenDictionary<string, FrozenDictionary<string, QueryDeclaration>>> Declarations = new(() =>
        FunctionTable.Discover(typeof(QueryStringCheck).Assembly).Http.ToFrozenDictionary(
            f => f.Name,
            f => f.Methods.ToFrozenDictionary(m => m,
                m => new QueryDeclaration(ApiDocument.QueryParameters(f.Route, m), ApiDocument.OpenQuery(f.Route, m)), StringComparer.OrdinalIgnoreCase),
            StringComparer.Ordinal));

    private static QueryDeclaration? Find(string function, string method) =>
        Declarations.Value.TryGetValue(function, out var methods) && methods.TryGetValue(method, out var declaration) ? declaration : null;

    /// <summary>
    /// The query parameters <paramref name="function"/> (a [Function] name) declares for <paramref name="method"/>, besides
    /// <see cref="FunctionKey"/>; empty for a function or method it does not know.
    /// </summary>
    public static IReadOnlyList<string> Declared(string function, string method) => Find(function, method)?.Names ?? [];

    /// <summary>The 400 problem for <paramref name="request"/>'s query string (see the type's remarks), or null when it passes.</summary>
    /// <param name="function">The function the request is for (its [Function] name).</param>
    public static ObjectResult? Problem(string function, HttpRequest request)
    {
        if (request.QueryString.Value is not { Length: > 1 }) return null;
        var declaration = Find(function, request.Method);
        if (declaration is { Open: true }) return null;
        IReadOnlyList<string> declared = declaration?.Names ?? [];
        Dictionary<string, string>? errors = null;
        int keys = 0;
        foreach (var parameter in RawQuery.Parameters(request.QueryString))
        {
            string field;
            string detail;
            if (parameter.Name is not { } name)
                (field, detail) = (parameter.RawName, $"The query parameter name '{parameter.RawName}' is not validly percent-encoded: {PercentEncoding.Rule}");
            else if (name != FunctionKey && !declared.Contains(name))
                (field, detail) = (name, Unknown(name, declared));
            else if (parameter.Value is null)
                (field, detail) = (name, MalformedValue(name));
            // The function key is read by the host, not by a function, so its rules are checked here: given once (with two,
            // which one authorises would depend on their order), and, as every value but an id, without control characters.
            else if (name == FunctionKey && ++keys > 1)
                (field, detail) = (name, $"{FunctionKey} may be given once.");
            else if (name == FunctionKey && parameter.Value.Any(char.IsControl))
                (field, detail) = (name, QueryParameters.ControlCharacters(FunctionKey));
            else continue;
            (errors ??= new Dictionary<string, string>(StringComparer.Ordinal)).TryAdd(field, detail);
        }
        return errors is null ? null : Problems.InvalidFields(errors);
    }

    /// <summary>Why a value of <paramref name="name"/> was refused when it is not well-formed percent-encoded UTF-8.</summary>
    public static string MalformedValue(string name) => $"{name} is not validly percent-encoded: {PercentEncoding.Rule}";


    private static string Unknown(string name, IReadOnlyList<string> declared)
    {
        string? sameLetters = declared.FirstOrDefault(d => d.Equals(name, StringComparison.OrdinalIgnoreCase));
        string hint = sameLetters is null ? "" : $" (names are case-sensitive: did you mean '{sameLetters}'?)";
        string takes = declared.Count == 0
            ? $"takes no query parameters (but {FunctionKey}, the function key)"
            : $"takes: {string.Join(", ", declared)} (and {FunctionKey}, the function key)";
        return $"Unknown query parameter '{name}'{hint}; this route {takes}.";
    }
}
