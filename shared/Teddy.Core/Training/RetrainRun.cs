using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Teddy.Evaluation;

namespace Teddy.Training;

/// <summary>Where a retrain is: <c>queued</c> → <c>running</c> → <c>succeeded</c> | <c>refused</c> | <c>failed</c>.</summary>
public enum RetrainState
{
    /// <summary>Waiting in the queue (also between retries of a crashed attempt, and while another retrain holds the lock).</summary>
    Queued,
    Running,
    /// <summary>A version was trained and stored; <see cref="RetrainRun.Promoted"/> says whether it serves (the NDCG rule may keep the serving model).</summary>
    Succeeded,
    /// <summary>A version was trained and stored, but the data-quality gates refused to promote it.</summary>
    Refused,
    /// <summary>Nothing was stored: the data cannot train any model, the data is missing, or the run crashed on its last attempt.</summary>
    Failed,
}

/// <summary>Why a failed retrain failed (<see cref="RetrainRun.Failure"/>).</summary>
public static class RetrainFailures
{
    /// <summary>No candidate model can be fitted on the data (a 422 for whoever polls it).</summary>
    public const string UntrainableData = "untrainable_data";
    /// <summary>The catalog or events blob does not exist (a 409, as at enqueue time).</summary>
    public const string NoData = "no_data";
    /// <summary>The run threw (storage, a bug) on its last attempt.</summary>
    public const string Error = "error";
}

/// <summary>A retrain to run: the queue message, and the key of its status record.</summary>
/// <param name="Id">See <see cref="RetrainRun.NewId"/>.</param>
/// <param name="Trigger"><c>http</c>, <c>schedule</c> or <c>bootstrap</c>.</param>
public sealed record RetrainRequest(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("trigger")] string Trigger,
    [property: JsonPropertyName("requested_at")] DateTimeOffset RequestedAt)
{
    public static RetrainRequest New(string trigger, DateTimeOffset now) => new(RetrainRun.NewId(now), trigger, now);

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Parses a queue message; null when it is not a retrain request (the caller decides what to do with it).</summary>
    public static RetrainRequest? Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<RetrainRequest>(text) is { } request && RetrainRun.IsValidId(request.Id)
                && !string.IsNullOrWhiteSpace(request.Trigger) ? request : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// The status record of one retrain, readable by every instance (<see cref="IRetrainRuns"/>): what
/// <c>GET api/models/retrain/{id}</c> returns and <c>GET api/models/retrain</c> lists. Updated as the run
/// moves: queued by the HTTP request, running and finished by whoever runs it (queue trigger, timer, start-up).
/// </summary>
public sealed record RetrainRun
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("trigger")] public required string Trigger { get; init; }
    [JsonPropertyName("state")] public required RetrainState State { get; init; }
    [JsonPropertyName("requested_at")] public required DateTimeOffset RequestedAt { get; init; }
    [JsonPropertyName("started_at")] public DateTimeOffset? StartedAt { get; init; }
    [JsonPropertyName("finished_at")] public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>Attempts started so far (a crashed queued run is retried by the queue).</summary>
    [JsonPropertyName("attempts")] public int Attempts { get; init; }
    /// <summary>The stored version (succeeded and refused runs).</summary>
    [JsonPropertyName("version")] public string? Version { get; init; }
    [JsonPropertyName("promoted")] public bool? Promoted { get; init; }
    [JsonPropertyName("winner")] public string? Winner { get; init; }
    [JsonPropertyName("winner_ndcg")] public double? WinnerNdcg { get; init; }
    /// <summary>The promotion decision's reason, or why the run failed, or what it is waiting for.</summary>
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    /// <summary><c>data_gates</c> or <c>ndcg</c> when the serving model was kept (<see cref="PromotionDecision.RefusedBy"/>).</summary>
    [JsonPropertyName("refused_by")] public string? RefusedBy { get; init; }
    /// <summary>See <see cref="RetrainFailures"/>.</summary>
    [JsonPropertyName("failure")] public string? Failure { get; init; }
    /// <summary>The last attempt's error message (crashes only).</summary>
    [JsonPropertyName("error")] public string? Error { get; init; }
    [JsonPropertyName("gates")] public GateResult? Gates { get; init; }
    [JsonPropertyName("skipped")] public IReadOnlyList<SkippedModel>? Skipped { get; init; }
    /// <summary>The ingestion report (lines, accepted, skipped by reason) when no version holds it (failed runs).</summary>
    [JsonPropertyName("ingestion")] public JsonNode? Ingestion { get; init; }
    [JsonPropertyName("timings_ms")] public Dictionary<string, long>? TimingsMs { get; init; }

    [JsonIgnore] public bool IsFinished => State is RetrainState.Succeeded or RetrainState.Refused or RetrainState.Failed;

    public static RetrainRun Queued(RetrainRequest request) =>
        new() { Id = request.Id, Trigger = request.Trigger, State = RetrainState.Queued, RequestedAt = request.RequestedAt };

    /// <summary>A new id: the UTC request time and 8 random hex digits, e.g. <c>20261126-030000-3f9a2c1b</c> (sortable, URL- and table-key-safe).</summary>
    public static string NewId(DateTimeOffset now) =>
        $"{now.UtcDateTime:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    public static bool IsValidId(string? id) => id is not null && IdPattern.IsMatch(id);

    public static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static RetrainRun FromJson(string json) =>
        JsonSerializer.Deserialize<RetrainRun>(json, Json) ?? throw new JsonException("The retrain record is empty.");

    private static readonly Regex IdPattern = new(@"\A[0-9]{8}-[0-9]{6}-[0-9a-f]{8}\z", RegexOptions.CultureInvariant);
}

/// <summary>Retrain status records, shared by every instance (Table Storage in production).</summary>
public interface IRetrainRuns
{
    Task SaveAsync(RetrainRun run, CancellationToken cancellation = default);
    Task<RetrainRun?> GetAsync(string id, CancellationToken cancellation = default);
    /// <summary>Every kept record, newest request first.</summary>
    Task<IReadOnlyList<RetrainRun>> ListAsync(CancellationToken cancellation = default);
    Task DeleteAsync(string id, CancellationToken cancellation = default);
}

/// <summary>The retrain queue: a message per requested retrain, run by the queue-triggered function.</summary>
public interface IRetrainQueue
{
    /// <summary>Sends the request, invisible for <paramref name="delay"/> (zero: at once).</summary>
    Task EnqueueAsync(RetrainRequest request, TimeSpan delay, CancellationToken cancellation = default);
}
