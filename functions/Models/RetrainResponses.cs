using System.Text.Json;
using System.Text.Json.Nodes;
using Teddy.Training;

namespace Teddy.Functions.Models;

/// <summary>How the retrain routes show a status record: its JSON with the URL to poll.</summary>
internal static class RetrainResponses
{
    /// <summary>Relative to the app's root (routes have no prefix): <c>/api/models/retrain/{id}</c>.</summary>
    public static string StatusUrl(string id) => $"/api/models/retrain/{id}";

    public static JsonObject Body(RetrainRun run)
    {
        var body = JsonSerializer.SerializeToNode(run, RetrainRun.Json)!.AsObject();
        body["status_url"] = StatusUrl(run.Id);
        return body;
    }

    /// <summary>The record's members, for a problem's extension members.</summary>
    public static Dictionary<string, object?> Extensions(RetrainRun run) =>
        Body(run).ToDictionary(p => p.Key, p => (object?)p.Value?.DeepClone());
}
