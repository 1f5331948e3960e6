using System.Text.Json;
using System.Text.Json.Serialization;
using Teddy.Training;

namespace Teddy.Simulation;

/// <summary>Where a shopper simulation is: <c>queued</c> → <c>running</c> → <c>succeeded</c> | <c>failed</c>.</summary>
public enum SimulationState
{
    /// <summary>Waiting in the queue (also between retries of a crashed attempt).</summary>
    Queued,
    /// <summary>Sessions are being run; <see cref="SimulationRun.SessionsDone"/> counts them.</summary>
    Running,
    /// <summary>Every session ran; <see cref="SimulationRun.Result"/> says what the shoppers did.</summary>
    Succeeded,
    /// <summary>The run could not simulate here (<see cref="SimulationFailures"/>) or crashed on its last attempt.</summary>
    Failed,
}

/// <summary>Why a failed simulation failed (<see cref="SimulationRun.Failure"/>).</summary>
public static class SimulationFailures
{
    /// <summary>The serving model was not trained on the generated demo shop, whose hidden truth the shoppers click by (a 409 for whoever polls).</summary>
    public const string NotDemoShop = "not_demo_shop";
    /// <summary>The model serving when the run started has no recommender for the requested method (a 409 for whoever polls).</summary>
    public const string MethodUnavailable = "method_unavailable";
    /// <summary>The run threw (storage, no model loaded, a bug) on its last attempt.</summary>
    public const string Error = "error";
}

/// <summary>
/// A simulation to run: the queue message, and the key of its status record. The seed is drawn when the request is
/// accepted, so a retried attempt simulates the same shoppers.
/// </summary>
/// <param name="Id">Same form as a retrain's id (<see cref="RetrainRun.NewId"/>), e.g. <c>20261126-030000-3f9a2c1b</c>.</param>
/// <param name="Sessions">1 to <see cref="SimulationOptions.MaxSessions"/>.</param>
/// <param name="ListSize">Items per list (1 to <c>Teddy:Serving:MaxCount</c>).</param>
/// <param name="Method">The method every list asks for; null: the hybrid when the serving model has one, else its promoted model.</param>
public sealed record SimulationRequest(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("requested_at")] DateTimeOffset RequestedAt,
    [property: JsonPropertyName("sessions")] int Sessions,
    [property: JsonPropertyName("k")] int ListSize,
    [property: JsonPropertyName("method")] string? Method,
    [property: JsonPropertyName("seed")] long Seed)
{
    public static SimulationRequest New(DateTimeOffset now, int sessions, int listSize, string? method, long seed) =>
        new(RetrainRun.NewId(now), now, sessions, listSize, method, seed);

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Parses a queue message; null when it is not a simulation request (the caller decides what to do with it).</summary>
    public static SimulationRequest? Parse(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<SimulationRequest>(text) is { } request && SimulationRun.IsValidId(request.Id)
                && request.Sessions > 0 && request.ListSize > 0 ? request : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// The status record of one simulation, readable by every instance (<see cref="ISimulationRuns"/>): what
/// <c>GET api/simulations/{id}</c> returns. Written queued by the HTTP request, then running (with progress) and
/// finished by the queue-triggered function.
/// </summary>
public sealed record SimulationRun
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("state")] public required SimulationState State { get; init; }
    [JsonPropertyName("requested_at")] public required DateTimeOffset RequestedAt { get; init; }
    [JsonPropertyName("started_at")] public DateTimeOffset? StartedAt { get; init; }
    [JsonPropertyName("finished_at")] public DateTimeOffset? FinishedAt { get; init; }
    /// <summary>Attempts started so far (a crashed run is retried by the queue).</summary>
    [JsonPropertyName("attempts")] public int Attempts { get; init; }
    /// <summary>Sessions asked for.</summary>
    [JsonPropertyName("sessions")] public required int Sessions { get; init; }
    /// <summary>Sessions of the current (or last) attempt that have run, 0 to <see cref="Sessions"/>.</summary>
    [JsonPropertyName("sessions_done")] public int SessionsDone { get; init; }
    [JsonPropertyName("k")] public required int ListSize { get; init; }
    /// <summary>The method asked for; null: the default (the hybrid when there is one).</summary>
    [JsonPropertyName("method")] public string? Method { get; init; }
    [JsonPropertyName("seed")] public required long Seed { get; init; }
    /// <summary>What the shoppers did (succeeded runs).</summary>
    [JsonPropertyName("result")] public LiveSimulationResult? Result { get; init; }
    /// <summary>See <see cref="SimulationFailures"/>.</summary>
    [JsonPropertyName("failure")] public string? Failure { get; init; }
    /// <summary>Why the run failed, or what a queued run waits for.</summary>
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    /// <summary>The last attempt's error message (crashes only).</summary>
    [JsonPropertyName("error")] public string? Error { get; init; }

    [JsonIgnore] public bool IsFinished => State is SimulationState.Succeeded or SimulationState.Failed;

    public static SimulationRun Queued(SimulationRequest request) => new()
    {
        Id = request.Id, State = SimulationState.Queued, RequestedAt = request.RequestedAt, Sessions = request.Sessions,
        ListSize = request.ListSize, Method = request.Method, Seed = request.Seed,
    };

    /// <summary>Ids have the retrain's form: sortable, URL- and table-key-safe.</summary>
    public static bool IsValidId(string? id) => RetrainRun.IsValidId(id);

    public static readonly JsonSerializerOptions Json = new()
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SimulationRun FromJson(string json) =>
        JsonSerializer.Deserialize<SimulationRun>(json, Json) ?? throw new JsonException("The simulation record is empty.");
}

/// <summary>Simulation status records, shared by every instance (Table Storage in production).</summary>
public interface ISimulationRuns
{
    Task SaveAsync(SimulationRun run, CancellationToken cancellation = default);
    Task<SimulationRun?> GetAsync(string id, CancellationToken cancellation = default);
    /// <summary>Every kept record, newest request first.</summary>
    Task<IReadOnlyList<SimulationRun>> ListAsync(CancellationToken cancellation = default);
    Task DeleteAsync(string id, CancellationToken cancellation = default);
}

/// <summary>The simulation queue: a message per accepted <c>POST api/simulations</c>, run by the queue-triggered function.</summary>
public interface ISimulationQueue
{
    Task EnqueueAsync(SimulationRequest request, CancellationToken cancellation = default);
}
