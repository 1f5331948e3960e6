using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Teddy.Functions.Http;

/// <summary>Reads a small JSON request body, turning every way it can be wrong into a 4xx that names the field.</summary>
public static class JsonBody
{
    public const int MaxBytes = 16 * 1024;

    private static readonly JsonSerializerOptions Options = new()
    {
        AllowTrailingCommas = false,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
    };

    public static async Task<(T? Value, IActionResult? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellation)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
            return (null, Problems.PayloadTooLarge($"The body may be at most {MaxBytes} bytes."));

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellation)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
                return (null, Problems.PayloadTooLarge($"The body may be at most {MaxBytes} bytes."));
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
            return (null, Problems.InvalidField("body", "The request body is empty; send a JSON object."));

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Options);
            return value is null
                ? (null, Problems.InvalidField("body", "The request body must be a JSON object, not null."))
                : (value, null);
        }
        catch (JsonException e)
        {
            string field = e.Path is { Length: > 2 } path ? path.TrimStart('$', '.') : "body";
            return (null, Problems.InvalidField(field, $"The request body is not valid JSON for this request: {e.Message}"));
        }
    }
}
