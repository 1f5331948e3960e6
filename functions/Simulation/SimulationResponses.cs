using System.Text.Json;
using System.Text.Json.Nodes;
using Teddy.Simulation;

namespace Teddy.Functions.Simulation;

/// <summary>How the simulation routes show a status record: its JSON with the URL to poll.</summary>
internal static class SimulationResponses
{
    /// <summary>Relative to the app's root (routes have no prefix): <c>/api/simulations/{id}</c>.</summary>
    public static string StatusUrl(string id) => $"/api/simulations/{id}";

    public static JsonObject Body(SimulationRun run)
    {
        var body = JsonSerializer.SerializeToNode(run, SimulationRun.Json)!.AsObject();
        body["status_url"] = StatusUrl(run.Id);
        return body;
    }

    /// <summary>The record's members, for a problem's extension members.</summary>
    public static Dictionary<string, object?> Extensions(SimulationRun run) =>
        Body(run).ToDictionary(p => p.Key, p => (object?)p.Value?.DeepClone());
}
