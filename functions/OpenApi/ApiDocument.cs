using System.Text.Json;

namespace Teddy.Functions.OpenApi;

/// <summary>
/// The API contract — the repository's openapi.json (OpenAPI 3.1), embedded in the assembly — as the app reads it:
/// served as it is (<see cref="GetOpenApiDocument"/>), and the one declaration of each route's query parameters
/// (<see cref="QueryParameters"/>), which <see cref="Http.QueryStringCheck"/> enforces. So the parameters a route takes
/// and the ones its document lists cannot drift; the tests check the document against the routes and the running app.
/// </summary>
public static class ApiDocument
{
    /// <summary>The embedded resource's name (Teddy.Functions.csproj).</summary>
    public const string ResourceName = "openapi.json";

    /// <summary>The document's bytes (UTF-8 JSON).</summary>
    public static byte[] Content { get; } = Load();

    private static readonly Lazy<JsonElement> Root = new(() => JsonDocument.Parse(Content).RootElement);

    /// <summary>
    /// The documented paths of an [HttpTrigger] route template — the rule that ties the document to the routes:
    /// <list type="bullet">
    /// <item>the template with a leading <c>/</c>, constraints dropped (<c>{name:constraint}</c> is <c>{name}</c>);</item>
    /// <item>an optional segment <c>{name?}</c> gives two paths: with <c>{name}</c>, and without the segment (the id then goes in the
    /// query: <c>api/recommendations/{userId?}</c> is <c>/api/recommendations/{userId}</c> and <c>/api/recommendations</c> with <c>user_id</c>);</item>
    /// <item>an optional segment constrained to <c>maxlength(0)</c> can only be empty, so it gives the path without it
    /// (the page's <c>{ignored:maxlength(0)?}</c> is <c>/</c>).</item>
    /// </list>
    /// </summary>
    public static IReadOnlyList<string> DocumentedPaths(string template)
    {
        var paths = new List<List<string>> { new() };
        foreach (string segment in template.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!(segment.StartsWith('{') && segment.EndsWith('}')))
            {
                paths.ForEach(p => p.Add(segment));
                continue;
            }
            string inner = segment[1..^1];
            bool optional = inner.EndsWith('?');
            string[] parts = inner.TrimEnd('?').Split(':');
            bool alwaysEmpty = parts.Skip(1).Contains("maxlength(0)");
            if (optional && alwaysEmpty) continue;
            if (optional) paths = [.. paths, .. paths.Select(p => new List<string>(p))]; // the second half leaves the segment out
            int withSegment = optional ? paths.Count / 2 : paths.Count;
            for (int i = 0; i < withSegment; i++) paths[i].Add("{" + parts[0] + "}");
        }
        return paths.Select(p => "/" + string.Join('/', p)).Distinct().ToArray();
    }

    /// <summary>
    /// The names of the query parameters a route declares for <paramref name="method"/> (HEAD reads as GET): those of the
    /// operation at each of its <see cref="DocumentedPaths"/> (path-level parameters included, <c>$ref</c>s followed), in
    /// document order without repeats. Empty when no operation is documented (the tests fail on that route).
    /// </summary>
    public static IReadOnlyList<string> QueryParameters(string template, string method)
    {
        var names = new List<string>();
        foreach (var (item, operation) in Operations(template, method))
            foreach (var list in new[] { item, operation })
            {
                if (!list.TryGetProperty("parameters", out var parameters)) continue;
                foreach (var declared in parameters.EnumerateArray())
                {
                    var parameter = Resolve(declared);
                    if (parameter.GetProperty("in").GetString() == "query" && parameter.GetProperty("name").GetString() is { } name
                        && !names.Contains(name))
                        names.Add(name);
                }
            }
        return names;
    }

    /// <summary>
    /// Whether an operation of the route takes any query string, marked <c>"x-teddy-open-query": true</c> in openapi.json:
    /// the page, whose parameters are its script's state and which links from newsletters and ads reach with their own
    /// (<c>utm_source</c>, <c>gclid</c>): the server reads none of them, so none is refused.
    /// </summary>
    public static bool OpenQuery(string template, string method) =>
        Operations(template, method).Any(o => o.Operation.TryGetProperty("x-teddy-open-query", out var open) && open.ValueKind == JsonValueKind.True);

    /// <summary>The documented operations of <paramref name="method"/> (HEAD is GET's) at the route's <see cref="DocumentedPaths"/>, with their path items.</summary>
    private static IEnumerable<(JsonElement Item, JsonElement Operation)> Operations(string template, string method)
    {
        string verb = method.Equals("head", StringComparison.OrdinalIgnoreCase) ? "get" : method.ToLowerInvariant();
        var paths = Root.Value.GetProperty("paths");
        foreach (string path in DocumentedPaths(template))
            if (paths.TryGetProperty(path, out var item) && item.TryGetProperty(verb, out var operation))
                yield return (item, operation);
    }

    /// <summary>Follows a local <c>$ref</c> (<c>#/components/parameters/k</c>) to what it names.</summary>
    private static JsonElement Resolve(JsonElement element)
    {
        while (element.TryGetProperty("$ref", out var reference))
        {
            string pointer = reference.GetString() ?? "";
            if (!pointer.StartsWith("#/", StringComparison.Ordinal))
                throw new InvalidOperationException($"openapi.json: only local references are read, not '{pointer}'.");
            element = Root.Value;
            foreach (string token in pointer[2..].Split('/'))
                element = element.GetProperty(token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal));
        }
        return element;
    }

    private static byte[] Load()
    {
        using var stream = typeof(ApiDocument).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing from this build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
