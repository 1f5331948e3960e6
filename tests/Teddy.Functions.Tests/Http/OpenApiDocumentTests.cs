using System.Reflection;
using System.Text.Json;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Teddy.Functions.OpenApi;
using Teddy.Functions.Tests.Infrastructure;

namespace Teddy.Functions.Tests.Http;

/// <summary>
/// openapi.json (the repository root) is a valid OpenAPI 3.1 document, and documents exactly the routes the Worker SDK
/// generated (functions.metadata in the function app's build output), with the same authorization. When a route is added,
/// removed or changed, these tests name what to add to or remove from the document.
/// </summary>
public class OpenApiDocumentTests
{
    /// <summary>An [HttpTrigger] route as functions.metadata lists it.</summary>
    public sealed record Route(string Function, string Template, IReadOnlyList<string> Methods, string AuthLevel);

    public static IReadOnlyList<Route> Routes()
    {
        string configuration = typeof(OpenApiDocumentTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        string path = Path.Combine(RepositoryPaths.Root, "bin", configuration, "net10.0", "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build the function app first (dotnet build Teddy.Functions.csproj -c {configuration})");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
                .Select(b => new Route(f.GetProperty("name").GetString()!, b.GetProperty("route").GetString()!,
                    b.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToLowerInvariant()).ToArray(),
                    b.GetProperty("authLevel").GetString()!)))
            .ToArray();
    }

    /// <summary>
    /// The documented paths of a route template: the app's own rule (<see cref="ApiDocument.DocumentedPaths"/>), which
    /// also finds the query parameters a route declares.
    /// </summary>
    public static IReadOnlyList<string> DocumentedPaths(string template) => ApiDocument.DocumentedPaths(template);

    /// <summary>
    /// The documented operations of a route: each documented path with the route's methods, less HEAD — every GET answers HEAD
    /// (the document says so once, in info.description), so a route with HEAD must have GET, and HEAD is not listed.
    /// </summary>
    public static IEnumerable<(string Path, string Method)> DocumentedOperations(Route route)
    {
        Assert.True(!route.Methods.Contains("head") || route.Methods.Contains("get"), $"{route.Function}: HEAD without GET cannot be documented by the HEAD rule");
        return from path in DocumentedPaths(route.Template)
               from method in route.Methods.Where(m => m != "head")
               select (path, method);
    }

    [Fact]
    public void The_route_rule_maps_optional_and_empty_segments_as_stated()
    {
        Assert.Equal(["/api/recommendations/{userId}", "/api/recommendations"], DocumentedPaths("api/recommendations/{userId?}"));
        Assert.Equal(["/"], DocumentedPaths("{ignored:maxlength(0)?}"));
        Assert.Equal(["/api/products/{productId}/similar"], DocumentedPaths("api/products/{productId}/similar"));
        Assert.Equal(["/api/items/{id}"], DocumentedPaths("api/items/{id:int}"));
        Assert.Equal(["/api/a", "/api/a/{x}", "/api/a/{x}/{y}", "/api/a/{y}"], DocumentedPaths("api/a/{x?}/{y?}").Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_document_is_OpenAPI_3_1_and_reads_without_errors_or_warnings()
    {
        await using var stream = File.OpenRead(OpenApiContract.FilePath);
        var settings = new OpenApiReaderSettings();
        var (document, diagnostic) = await OpenApiDocument.LoadAsync(stream, "json", settings);

        Assert.NotNull(document);
        Assert.NotNull(diagnostic);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic.SpecificationVersion);
        Assert.True(diagnostic.Errors.Count == 0, "Errors: " + string.Join("; ", diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        Assert.True(diagnostic.Warnings.Count == 0, "Warnings: " + string.Join("; ", diagnostic.Warnings.Select(e => $"{e.Pointer}: {e.Message}")));

        var problems = document.Validate(ValidationRuleSet.GetDefaultRuleSet())?.ToArray() ?? [];
        Assert.True(problems.Length == 0, "Validation: " + string.Join("; ", problems.Select(e => $"{e.Pointer}: {e.Message}")));
        Assert.NotEmpty(document.Paths);
    }

    [Fact]
    public void Every_schema_in_the_document_builds_and_every_reference_resolves()
    {
        var contract = new OpenApiContract();
        var pointers = new List<string>();
        void Walk(JsonElement element, string pointer)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var member in element.EnumerateObject())
                {
                    string child = $"{pointer}/{OpenApiContract.Escape(member.Name)}";
                    if (member.Name == "schema" && member.Value.ValueKind == JsonValueKind.Object) pointers.Add(child);
                    if (member.Name == "$ref") contract.Resolve(element, pointer); // throws when it does not resolve
                    Walk(member.Value, child);
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                int i = 0;
                foreach (var item in element.EnumerateArray()) Walk(item, $"{pointer}/{i++}");
            }
        }
        Walk(contract.Root, "");
        foreach (var name in contract.Root.GetProperty("components").GetProperty("schemas").EnumerateObject())
            pointers.Add($"/components/schemas/{OpenApiContract.Escape(name.Name)}");

        Assert.NotEmpty(pointers);
        // Evaluating an instance builds the whole schema, $refs and all: a dangling reference or a bad keyword throws here.
        foreach (string pointer in pointers) contract.Validate(pointer, JsonDocument.Parse("null").RootElement);
    }

    [Fact]
    public void Documented_paths_and_methods_are_exactly_the_http_trigger_routes()
    {
        var routes = Routes();
        Assert.NotEmpty(routes);
        var expected = routes.SelectMany(r => DocumentedOperations(r).Select(o => (o.Path, o.Method, r.Function))).ToArray();
        var documented = new OpenApiContract().Operations().Select(o => (o.Path, o.Method)).ToHashSet();

        var undocumented = expected.Where(e => !documented.Contains((e.Path, e.Method)))
            .Select(e => $"route without a documented operation: {e.Method.ToUpperInvariant()} {e.Path} (function {e.Function}) — add it to openapi.json");
        var extra = documented.Where(d => !expected.Any(e => (e.Path, e.Method) == d))
            .Select(d => $"documented operation without a route: {d.Method.ToUpperInvariant()} {d.Path} — remove it from openapi.json, or fix its path");
        string[] failures = [.. undocumented, .. extra];
        Assert.True(failures.Length == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Operations_ask_for_a_function_key_exactly_where_the_route_needs_one()
    {
        var contract = new OpenApiContract();
        var schemes = contract.Root.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal(("apiKey", "header", "x-functions-key"), (schemes.GetProperty("functionKey").GetProperty("type").GetString(),
            schemes.GetProperty("functionKey").GetProperty("in").GetString(), schemes.GetProperty("functionKey").GetProperty("name").GetString()));
        Assert.Equal(("apiKey", "query", "code"), (schemes.GetProperty("functionCode").GetProperty("type").GetString(),
            schemes.GetProperty("functionCode").GetProperty("in").GetString(), schemes.GetProperty("functionCode").GetProperty("name").GetString()));
        Assert.False(contract.Root.TryGetProperty("security", out _), "no document-wide security: each operation states its own");

        var failures = new List<string>();
        foreach (var route in Routes())
        {
            bool needsKey = route.AuthLevel is not "Anonymous";
            foreach (var (path, method) in DocumentedOperations(route))
            {
                var operation = contract.Root.GetProperty("paths").GetProperty(path).GetProperty(method);
                var security = operation.TryGetProperty("security", out var s) ? s.EnumerateArray().ToArray() : null;
                string[] alternatives = security?.Select(r => string.Join("+", r.EnumerateObject().Select(p => p.Name))).Order().ToArray() ?? [];
                string where = $"{method.ToUpperInvariant()} {path} ({route.Function}, {route.AuthLevel})";
                if (security is null) failures.Add($"{where}: state its security (`[]` for anonymous)");
                else if (needsKey && !alternatives.SequenceEqual(["functionCode", "functionKey"]))
                    failures.Add($"{where}: security must be [{{functionKey}}, {{functionCode}}], is [{string.Join(", ", alternatives)}]");
                else if (!needsKey && alternatives.Length > 0) failures.Add($"{where}: anonymous, so security must be []");
                bool documents401 = operation.GetProperty("responses").TryGetProperty("401", out _);
                if (needsKey != documents401) failures.Add($"{where}: {(needsKey ? "document" : "do not document")} the 401");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Operation_ids_are_unique_and_every_error_is_a_problem()
    {
        var contract = new OpenApiContract();
        var ids = contract.Operations().Select(o => o.Operation.GetProperty("operationId").GetString()!).ToArray();
        Assert.Equal(ids.Length, ids.Distinct(StringComparer.Ordinal).Count());
        foreach (var (path, method, status) in contract.Answers().Where(a => a.Status >= 400))
        {
            var declared = contract.Root.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses").GetProperty($"{status}");
            var (response, _) = contract.Resolve(declared, "");
            var media = response.GetProperty("content").EnumerateObject().Select(c => c.Name).ToArray();
            // Health's 503 is its own document (the same as its 200), as the README describes.
            string[] expected = path == "/api/health" && status == 503 ? ["application/json"] : ["application/problem+json"];
            Assert.True(media.SequenceEqual(expected), $"{method.ToUpperInvariant()} {path} {status}: {string.Join(", ", media)}");
        }
    }
}
