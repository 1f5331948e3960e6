using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Teddy.Functions.Http;

/// <summary>RFC 7807 problem+json responses. Bad input always names the field or parameter at fault.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static ObjectResult InvalidField(string field, string detail) =>
        Create(StatusCodes.Status400BadRequest, "Invalid request", detail, new Dictionary<string, object?>
        {
            ["field"] = field,
            ["errors"] = new Dictionary<string, string[]> { [field] = [detail] },
        });

    /// <summary>A 400 naming the field, with the reason code it was refused for (e.g. an ingestion skip reason) as <c>reason</c>.</summary>
    public static ObjectResult InvalidField(string field, string detail, string reason) =>
        Create(StatusCodes.Status400BadRequest, "Invalid request", detail, new Dictionary<string, object?>
        {
            ["field"] = field,
            ["reason"] = reason,
            ["errors"] = new Dictionary<string, string[]> { [field] = [detail] },
        });

    public static ObjectResult InvalidFields(IReadOnlyDictionary<string, string> errors) =>
        Create(StatusCodes.Status400BadRequest, "Invalid request", string.Join(" ", errors.Values), new Dictionary<string, object?>
        {
            ["field"] = errors.Keys.First(),
            ["errors"] = errors.ToDictionary(e => e.Key, e => new[] { e.Value }),
        });

    public static ObjectResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "Not found", detail);

    public static ObjectResult Unauthorized(string detail) => Create(StatusCodes.Status401Unauthorized, "Unauthorized", detail);

    public static ObjectResult MethodNotAllowed(string detail) => Create(StatusCodes.Status405MethodNotAllowed, "Method not allowed", detail);

    /// <summary>Any other status, for the host's own answers (see the development runner).</summary>
    public static ObjectResult Status(int status, string title, string detail) => Create(status, title, detail);

    public static ObjectResult Conflict(string detail) => Create(StatusCodes.Status409Conflict, "Conflict", detail);

    /// <summary>415: the body is not in a media type (or charset) this route reads.</summary>
    public static ObjectResult UnsupportedMediaType(string detail) =>
        Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", detail, new Dictionary<string, object?>
        {
            ["field"] = "Content-Type",
            ["errors"] = new Dictionary<string, string[]> { ["Content-Type"] = [detail] },
        });

    public static ObjectResult PayloadTooLarge(string detail) => Create(StatusCodes.Status413PayloadTooLarge, "Payload too large", detail);

    /// <summary>No model is loaded yet (nothing trained, still loading, or storage unreachable): try again shortly (503 with Retry-After).</summary>
    public static ObjectResult NoModelYet() => Unavailable("No model available",
        "No model is loaded yet: none has been trained and promoted (upload data and POST api/models/retrain, or wait for the first retrain), or it is still loading.");

    /// <summary>The shared click-through aggregates could not be read yet (503 with Retry-After).</summary>
    public static ObjectResult AggregatesNotReady() => Unavailable("Click-through aggregates not available",
        "This instance has not read the shared click-through aggregates (ctr.json) yet; try again shortly.");

    /// <summary>409 with extension members (e.g. a retrain's status record beside the reason it could not run).</summary>
    public static ObjectResult Conflict(string detail, IDictionary<string, object?> extensions) =>
        Create(StatusCodes.Status409Conflict, "Conflict", detail, extensions);

    /// <summary>422: the request was understood, but the data it works on cannot be used (e.g. no model can be trained on it).</summary>
    public static ObjectResult UnprocessableData(string title, string detail, IDictionary<string, object?> extensions) =>
        Create(StatusCodes.Status422UnprocessableEntity, title, detail, extensions);

    /// <summary>
    /// Storage could not be reached or did not answer in time (503 with Retry-After). Nothing was acknowledged:
    /// the request may or may not have taken effect, and repeating it is safe (clicks are idempotent by click_id).
    /// </summary>
    public static ObjectResult StorageUnavailable(string resource, string reason) => Unavailable("Storage unavailable",
        $"Storage ({resource}) {reason}; nothing was acknowledged. Try again after the Retry-After delay; repeating the same request is safe.",
        new Dictionary<string, object?> { ["dependency"] = resource });

    private static ObjectResult Unavailable(string title, string detail, IDictionary<string, object?>? extensions = null) =>
        WithType(new ServiceUnavailableResult(Problem(StatusCodes.Status503ServiceUnavailable, title, detail, extensions)));

    private static ObjectResult Create(int status, string title, string detail, IDictionary<string, object?>? extensions = null) =>
        WithType(new ObjectResult(Problem(status, title, detail, extensions)) { StatusCode = status });

    private static ProblemDetails Problem(int status, string title, string detail, IDictionary<string, object?>? extensions)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Type = $"https://httpstatuses.io/{status}" };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions) problem.Extensions[key] = value;
        }
        return problem;
    }

    private static ObjectResult WithType(ObjectResult result)
    {
        result.ContentTypes.Add(ContentType);
        return result;
    }
}
