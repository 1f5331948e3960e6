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
/// POST api/simulations (function key) — the dashboard's "simulate shoppers": runs <c>sessions</c> simulated shopper
/// sessions of the generated demo shop through the real serving path (lists recorded as impressions, clicks recorded
/// with the list's attribution token; <see cref="LiveShopperSimulation"/>) and answers 200 with what they did. Bounded by
/// <c>Teddy__Simulation__MaxSessions</c> so a run takes seconds, inside the request: no queue is needed. Body:
/// <c>{"sessions": 1–MaxSessions (required), "k": list size (default 10), "method": a method (default the hybrid),
/// "seed": any integer (default random)}</c>. 400 naming the field; 409 when the serving catalog is not the generated demo
/// shop (the simulator clicks by that shop's hidden truth); 503 without a model or when storage does not confirm a click.
/// </summary>
public sealed class RunSimulation(ServingModelProvider models, LiveShopperSimulation simulation, IOptions<SimulationOptions> options,
    IOptions<ServingOptions> serving)
{
    public const int DefaultListSize = 10;

    [Function(nameof(RunSimulation))]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "api/simulations")] HttpRequest request,
        CancellationToken cancellation)
    {
        var (body, problem) = await JsonBody.ReadAsync<SimulationBody>(request, cancellation);
        if (problem is not null) return problem;
        int max = options.Value.MaxSessions;
        var errors = new Dictionary<string, string>();
        if (body!.Sessions is not { } sessions || sessions < 1 || sessions > max)
            errors["sessions"] = $"sessions must be a whole number from 1 to {max} (Teddy__Simulation__MaxSessions).";
        if (body.K is { } k && (k < 1 || k > serving.Value.MaxCount))
            errors["k"] = $"k must be a whole number from 1 to {serving.Value.MaxCount}, or left out ({DefaultListSize}).";
        string? method = body.Method?.Trim().ToLowerInvariant();
        if (body.Method is not null && !RecommenderMethods.All.Contains(method))
            errors["method"] = $"method must be one of {string.Join(", ", RecommenderMethods.All)}, or left out.";
        if (errors.Count > 0) return Problems.InvalidFields(errors);

        if (await models.GetAsync(cancellation) is not { } model) return Problems.NoModelYet();
        if (method is not null && !model.Supports(method))
            return Problems.InvalidField("method", $"The serving model {model.Version} has no '{method}' recommender.");
        // Not the request's token: clicks once started are stored, as a click a client sent would be.
        var result = await simulation.RunAsync(model, body.Sessions!.Value, body.K ?? DefaultListSize, method, body.Seed ?? Random.Shared.NextInt64(),
            CancellationToken.None);
        if (result is null)
            return Problems.Conflict($"The serving model {model.Version} was not trained on the generated demo shop: the simulator's shoppers click by " +
                "that shop's hidden preferences, so it has nothing to simulate here.");
        return new OkObjectResult(result);
    }

    public sealed record SimulationBody(
        [property: JsonPropertyName("sessions")] int? Sessions,
        [property: JsonPropertyName("k")] int? K,
        [property: JsonPropertyName("method")] string? Method,
        [property: JsonPropertyName("seed")] long? Seed);
}
