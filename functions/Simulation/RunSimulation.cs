using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using Teddy.Functions.Http;
using Teddy.Recommenders;
using Teddy.Serving;
using Teddy.Simulation;

namespace Teddy.Functions.Simulation;

/// <summary>
/// POST api/simulations (function key) — the dashboard's "simulate shoppers": checks the body, records a <c>queued</c>
/// simulation, queues it and answers at once: 202 Accepted with a <c>Location</c> to poll (<c>GET api/simulations/{id}</c>)
/// and the queued status record. The queue-triggered <see cref="SimulateFromQueue"/> runs the sessions (simulated shoppers
/// of the generated demo shop through the real serving path; <see cref="LiveShopperSimulation"/>), so a run never holds the
/// request, and the client hanging up changes nothing. Body: <c>{"sessions": 1–MaxSessions (required), "k": list size
/// (default Teddy__Serving__DefaultCount, at most MaxCount), "method": a method (default the hybrid), "seed": any integer (default random)}</c>. 400 naming the field
/// (also a method the serving model lacks); 503 without a model or when storage does not take the request. Whether the
/// serving catalog is the demo shop is found by the run (its status answers 409 when not).
/// </summary>
public sealed class RunSimulation(ServingModelProvider models, SimulationRequests requests, IOptions<SimulationOptions> options,
    IOptions<ServingOptions> serving)
{
    [Function(nameof(RunSimulation))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/simulations")] HttpRequest request,
        CancellationToken cancellation)
    {
        int max = options.Value.MaxSessions;
        // k left out is the recommendations route's default (Teddy__Serving__DefaultCount, at most MaxCount): one rule.
        int defaultK = serving.Value.DefaultListSize;
        var (body, problem) = await JsonBody.ReadAsync<SimulationBody>(request, cancellation, new Dictionary<string, string>
        {
            ["sessions"] = $"a whole number from 1 to {max} (Teddy__Simulation__MaxSessions)",
            ["k"] = $"a whole number from 1 to {serving.Value.MaxCount} (Teddy__Serving__MaxCount), or left out ({defaultK})",
            ["seed"] = "a whole number from -9223372036854775808 to 9223372036854775807, or left out",
        });
        if (problem is not null) return problem;
        var errors = new Dictionary<string, string>();
        if (body!.Sessions is not { } sessions || sessions < 1 || sessions > max)
            errors["sessions"] = $"sessions must be a whole number from 1 to {max} (Teddy__Simulation__MaxSessions).";
        if (body.K is { } k && (k < 1 || k > serving.Value.MaxCount))
            errors["k"] = $"k must be a whole number from 1 to {serving.Value.MaxCount} (Teddy__Serving__MaxCount), or left out ({defaultK}).";
        string? method = body.Method?.Trim().ToLowerInvariant();
        if (body.Method is not null && !RecommenderMethods.All.Contains(method))
            errors["method"] = $"method must be one of {string.Join(", ", RecommenderMethods.All)}, or left out.";
        if (errors.Count > 0) return Problems.InvalidFields(errors);

        if (await models.GetAsync(cancellation) is not { } model) return Problems.NoModelYet();
        if (method is not null && !model.Supports(method))
            return Problems.InvalidField("method", $"The serving model {model.Version} has no '{method}' recommender.");
        // No request token from here on: once accepted, the record and the message are written.
        var run = await requests.SubmitAsync(body.Sessions!.Value, body.K ?? defaultK, method, body.Seed);
        return new AcceptedResult(SimulationResponses.StatusUrl(run.Id), SimulationResponses.Body(run));
    }

    public sealed record SimulationBody(
        [property: JsonPropertyName("sessions")] int? Sessions,
        [property: JsonPropertyName("k")] int? K,
        [property: JsonPropertyName("method")] string? Method,
        [property: JsonPropertyName("seed")] long? Seed);
}
