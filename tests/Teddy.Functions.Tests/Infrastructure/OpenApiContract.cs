using System.Text;
using System.Text.Json;
using Json.Pointer;
using Json.Schema;

namespace Teddy.Functions.Tests.Infrastructure;

/// <summary>
/// The repository's openapi.json as the tests read it: its operations, and a check of an HTTP answer against what the
/// document says that operation answers (status, media type, required headers, body schema by JSON Schema 2020-12, the
/// dialect of OpenAPI 3.1). Every check records the (path, method, status) it exercised, so a test can tell which
/// documented answers were never seen.
/// </summary>
public sealed class OpenApiContract
{
    /// <summary>The document's base URI in the schema registry (any absolute URI: nothing is fetched).</summary>
    private static readonly Uri BaseUri = new("https://teddy.test/openapi.json");

    public static string FilePath { get; } = Path.Combine(RepositoryPaths.Root, "openapi.json");

    public static readonly string[] HttpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

    private readonly JsonDocument _document;
    private readonly BuildOptions _build;
    private readonly Dictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);
    private readonly HashSet<(string Path, string Method, int Status)> _exercised = [];

    public OpenApiContract()
    {
        _document = JsonDocument.Parse(File.ReadAllBytes(FilePath));
        _build = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        _build.SchemaRegistry.Register(BaseUri, new JsonElementBaseDocument(_document.RootElement, BaseUri));
    }

    public JsonElement Root => _document.RootElement;

    /// <summary>Every documented operation: (path, lower-case method, operation object).</summary>
    public IEnumerable<(string Path, string Method, JsonElement Operation)> Operations() =>
        from path in Root.GetProperty("paths").EnumerateObject()
        from member in path.Value.EnumerateObject()
        where HttpMethods.Contains(member.Name)
        select (path.Name, member.Name, member.Value);

    /// <summary>Every documented answer: (path, method, status).</summary>
    public IEnumerable<(string Path, string Method, int Status)> Answers() =>
        from operation in Operations()
        from response in operation.Operation.GetProperty("responses").EnumerateObject()
        select (operation.Path, operation.Method, int.Parse(response.Name, System.Globalization.CultureInfo.InvariantCulture));

    public IReadOnlyCollection<(string Path, string Method, int Status)> Exercised => _exercised;

    /// <summary>A JSON pointer to a schema of the document, as a schema that refers to it (built once per pointer).</summary>
    public JsonSchema SchemaAt(string pointer)
    {
        if (_schemas.TryGetValue(pointer, out var schema)) return schema;
        // A pointer in a URI fragment is percent-encoded ({, }, + in paths and media types).
        string fragment = string.Join('/', pointer.Split('/').Select(Uri.EscapeDataString));
        string text = JsonSerializer.Serialize(new Dictionary<string, string> { ["$ref"] = BaseUri + "#" + fragment });
        schema = JsonSchema.Build(JsonDocument.Parse(text).RootElement, _build, new Uri($"https://teddy.test/check/{_schemas.Count}"));
        _schemas[pointer] = schema;
        return schema;
    }

    /// <summary>The errors of <paramref name="instance"/> against the schema at <paramref name="pointer"/>; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate(string pointer, JsonElement instance)
    {
        var result = SchemaAt(pointer).Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (result.IsValid) return [];
        // Array indices folded (/recommendations/*/reason), so one drift in a list is one line, not one per item.
        var errors = (result.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{Indices.Replace(d.InstanceLocation.ToString(), "/*")} ({d.EvaluationPath}): {e.Key}: {e.Value}"))
            .Distinct()
            .ToList();
        return errors.Count > 0 ? errors : ["invalid (no detail)"];
    }

    /// <summary>Follows a <c>$ref</c> inside the document (<c>#/components/...</c>); returns the element and its pointer.</summary>
    public (JsonElement Element, string Pointer) Resolve(JsonElement element, string pointer)
    {
        while (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("$ref", out var reference))
        {
            pointer = reference.GetString()!.TrimStart('#');
            element = JsonPointer.Parse(pointer).Evaluate(Root) ?? throw new InvalidOperationException($"Unresolved $ref {pointer}");
        }
        return (element, pointer);
    }

    public static string Escape(string token) => token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>
    /// Checks an answer of <paramref name="method"/> <paramref name="path"/> (the documented path) against the document; returns what does not
    /// match (empty when it all does) and records the answer as exercised. <paramref name="body"/> is the response body as received.
    /// </summary>
    public IReadOnlyList<string> Check(string path, string method, HttpResponseMessage response, byte[] body)
    {
        var failures = new List<string>();
        int status = (int)response.StatusCode;
        string where = $"{method.ToUpperInvariant()} {path} → {status}";
        if (!Root.GetProperty("paths").TryGetProperty(path, out var pathItem) || !pathItem.TryGetProperty(method, out var operation))
            return [$"{where}: the operation is not documented"];
        string operationPointer = $"/paths/{Escape(path)}/{method}";
        if (!operation.GetProperty("responses").TryGetProperty(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var declared))
            return [$"{where}: status {status} is not documented for the operation (body: {Snippet(body)})"];
        _exercised.Add((path, method, status));
        var (documented, pointer) = Resolve(declared, $"{operationPointer}/responses/{status}");

        if (documented.TryGetProperty("headers", out var headers))
        {
            foreach (var header in headers.EnumerateObject())
            {
                var (definition, _) = Resolve(header.Value, "");
                bool required = definition.TryGetProperty("required", out var r) && r.GetBoolean();
                if (required && !response.Headers.Contains(header.Name) && !response.Content.Headers.Contains(header.Name))
                    failures.Add($"{where}: the documented header {header.Name} is missing");
            }
        }

        if (!documented.TryGetProperty("content", out var content))
        {
            if (body.Length > 0) failures.Add($"{where}: documented without a body, but has {body.Length} bytes");
            return failures;
        }
        string? mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is null || !content.TryGetProperty(mediaType, out var media))
        {
            failures.Add($"{where}: content type {mediaType ?? "(none)"} is not documented ({string.Join(", ", content.EnumerateObject().Select(c => c.Name))})");
            return failures;
        }
        if (!IsJson(mediaType)) return failures;
        JsonElement instance;
        try
        {
            instance = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException e)
        {
            return [.. failures, $"{where}: the body is not JSON ({e.Message}): {Snippet(body)}"];
        }
        if (media.TryGetProperty("schema", out _))
        {
            foreach (string error in Validate($"{pointer}/content/{Escape(mediaType)}/schema", instance))
                failures.Add($"{where}: {error}");
        }
        return failures;
    }

    /// <summary>The errors of a request body sent as <paramref name="mediaType"/> against the operation's request body schema.</summary>
    public IReadOnlyList<string> CheckRequestBody(string path, string method, string mediaType, string json)
    {
        string pointer = $"/paths/{Escape(path)}/{method}/requestBody";
        var requestBody = JsonPointer.Parse(pointer).Evaluate(Root);
        if (requestBody is null) return [$"{method.ToUpperInvariant()} {path}: sends a body, but no requestBody is documented"];
        var (resolved, at) = Resolve(requestBody.Value, pointer);
        if (!resolved.GetProperty("content").TryGetProperty(mediaType, out _)) return [$"{method.ToUpperInvariant()} {path}: request media type {mediaType} is not documented"];
        return Validate($"{at}/content/{Escape(mediaType)}/schema", JsonDocument.Parse(json).RootElement)
            .Select(e => $"{method.ToUpperInvariant()} {path} request body: {e}").ToArray();
    }

    public static bool IsJson(string mediaType) =>
        mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal);

    private static string Snippet(byte[] body) => body.Length == 0 ? "(empty)" : Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 400));

    private static readonly System.Text.RegularExpressions.Regex Indices = new("/[0-9]+(?=/|$)");
}
