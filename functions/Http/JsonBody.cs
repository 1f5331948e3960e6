using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Teddy.Functions.Http;

/// <summary>
/// Reads a small JSON request body the way ASP.NET Core's own JSON input does — a JSON content type
/// (<c>application/json</c> or <c>*/*+json</c>, else 415), the charset honoured (UTF-8 by default; other
/// encodings .NET knows are transcoded, unknown ones are a 415), and <see cref="JsonSerializerDefaults.Web"/>:
/// property names match case-insensitively and numbers may come as strings — with two limits of its own:
/// at most <see cref="MaxBytes"/> bytes (413) and no field given twice (400). Every other way it can be wrong
/// is a 400 problem naming the field, in words of its own (never a .NET type name).
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 16 * 1024;

    /// <summary>How deeply objects and arrays may nest (System.Text.Json's default, as in ASP.NET Core).</summary>
    public const int MaxDepth = 64;

    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { MaxDepth = MaxDepth };

    /// <summary>
    /// The body as <typeparamref name="T"/> (a record whose properties carry <see cref="JsonPropertyNameAttribute"/>),
    /// or the 4xx problem to answer with.
    /// </summary>
    /// <param name="kinds">What a field must hold, in words, where its type says too little — the allowed range of a
    /// number (<c>["position"] = "a whole number from 1 to 1000"</c>): a value of the wrong kind (a fraction, an
    /// exponent, a number too large for its type) is then answered with the range, not only "a whole number".</param>
    public static async Task<(T? Value, IActionResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellation,
        IReadOnlyDictionary<string, string>? kinds = null)
        where T : class
    {
        var (body, problem) = await ReadUtf8Async(request, MaxBytes, "a JSON object", cancellation);
        if (body is not { } utf8) return (null, problem);
        if (ShapeProblem<T>(utf8.Span) is { } shape) return (null, shape);

        try
        {
            return (JsonSerializer.Deserialize<T>(utf8.Span, Options)!, null);
        }
        catch (JsonException e)
        {
            // The text is well-formed JSON (checked above), so this is a value of the wrong type.
            var field = Fields<T>.Find(e.Path);
            return (null, field is null
                ? Problems.InvalidField("body", "The request body does not have the expected fields: " + Fields<T>.Description + ".")
                : Problems.InvalidField(field.Value.Name,
                    $"{field.Value.Name} must be {kinds?.GetValueOrDefault(field.Value.Name) ?? field.Value.Kind}."));
        }
    }

    /// <summary>
    /// The body as UTF-8 (transcoded from its charset), after the checks every JSON body gets: a JSON content type (415),
    /// at most <paramref name="maxBytes"/> bytes (413), readable as sent and not empty (400 naming <c>body</c>). The
    /// JSON itself is the caller's to read.
    /// </summary>
    /// <param name="expected">What the body should hold, for the message when it is empty ("a JSON object").</param>
    public static async Task<(ReadOnlyMemory<byte>? Utf8, IActionResult? Problem)> ReadUtf8Async(HttpRequest request, int maxBytes, string expected,
        CancellationToken cancellation)
    {
        if (!request.HasJsonContentType())
            return (null, Problems.UnsupportedMediaType("Send the body as JSON, with Content-Type: application/json."));
        if (request.ContentLength > maxBytes)
            return (null, Problems.PayloadTooLarge($"The body may be at most {maxBytes} bytes."));

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancellation)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                    return (null, Problems.PayloadTooLarge($"The body may be at most {maxBytes} bytes."));
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e)
        {
            // The server could not read what the client sent (a body shorter than its Content-Length, bad chunking).
            const string detail = "The request body could not be read as sent (shorter than its Content-Length, or badly chunked).";
            return (null, e.StatusCode == StatusCodes.Status400BadRequest
                ? Problems.InvalidField("body", detail)
                : Problems.Status(e.StatusCode, "Bad request body", detail));
        }
        if (buffer.Length == 0)
            return (null, Problems.InvalidField("body", $"The request body is empty; send {expected}."));

        if (ToUtf8(buffer.ToArray(), request.ContentType, out var problem) is not { } utf8)
            return (null, problem);
        return (utf8, null);
    }

    /// <summary>The body in UTF-8, transcoded from the request's charset as ASP.NET Core does; null with a 415 for a charset .NET does not know.</summary>
    private static ReadOnlyMemory<byte>? ToUtf8(ReadOnlyMemory<byte> body, string? contentType, out IActionResult? problem)
    {
        problem = null;
        var charset = MediaTypeHeaderValue.TryParse(contentType, out var media) ? media.Charset.Value?.Trim('"') : null;
        if (string.IsNullOrEmpty(charset) || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
            || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            return body;
        Encoding encoding;
        try
        {
            encoding = Encoding.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
            problem = Problems.UnsupportedMediaType($"The charset '{charset}' is not supported; send the body as UTF-8.");
            return null;
        }
        return Encoding.Convert(encoding, Encoding.UTF8, body.ToArray());
    }

    /// <summary>
    /// A 400 when the text is not well-formed JSON, is not an object, nests too deeply, names a field twice or
    /// holds a string that is not valid text (bad UTF-8 or a lone surrogate escape).
    /// </summary>
    private static IActionResult? ShapeProblem<T>(ReadOnlySpan<byte> utf8)
    {
        // One level more than allowed, so a container at that level is seen (and named too deep) here, by counting,
        // before the reader would throw: a JsonException is then always malformed JSON, whatever its words.
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        var topLevel = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        string field = "body";
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return Problems.InvalidField("body", "The request body must be a JSON object.");
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth + 1 > MaxDepth)
                    return Problems.InvalidField("body", $"The request body nests deeper than {MaxDepth} levels.");
                if (reader.TokenType is not (JsonTokenType.PropertyName or JsonTokenType.String)) continue;
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1) field = "body";
                string text = reader.GetString()!; // throws for text that is not valid UTF-8 or UTF-16
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1) continue;
                field = Fields<T>.Find("$['" + text + "']")?.Name ?? text;
                if (!topLevel.Add(text)) return Problems.InvalidField(field, $"{field} may be given once.");
            }
            return null;
        }
        catch (InvalidOperationException)
        {
            return Problems.InvalidField(field, field == "body"
                ? "The request body holds text that is not valid UTF-8."
                : $"{field} holds text that is not valid UTF-8 (or an unpaired surrogate).");
        }
        catch (JsonException e)
        {
            return Problems.InvalidField("body", $"The request body is not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}).");
        }
    }

    /// <summary>The fields of a body type by JSON name, with what each must hold, for messages in the API's words.</summary>
    private static class Fields<T>
    {
        private static readonly (string Name, string Kind)[] All = typeof(T)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => (p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name, KindOf(p.PropertyType)))
            .ToArray();

        public static readonly string Description = string.Join(", ", All.Select(f => $"{f.Name} ({f.Kind})"));

        /// <summary>The top-level field a JSON path (<c>$.position</c>, <c>$['position']</c>) points into, or null.</summary>
        public static (string Name, string Kind)? Find(string? path)
        {
            if (path is not { Length: > 2 } || path[0] != '$') return null;
            string rest = path[1..];
            string name = rest.StartsWith("['", StringComparison.Ordinal) && rest.IndexOf("']", StringComparison.Ordinal) is > 2 and var end
                ? rest[2..end]
                : rest.TrimStart('.').Split('.', '[')[0];
            foreach (var field in All)
            {
                if (field.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) return field;
            }
            return null;
        }

        private static string KindOf(Type type)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            return type == typeof(string) ? "a string"
                : type == typeof(int) || type == typeof(long) ? "a whole number"
                : type == typeof(double) || type == typeof(float) || type == typeof(decimal) ? "a number"
                : type == typeof(bool) ? "true or false"
                : "a JSON value of the documented shape";
        }
    }
}
