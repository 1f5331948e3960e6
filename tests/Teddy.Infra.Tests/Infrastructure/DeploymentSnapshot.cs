using System.Text.Json.Nodes;

namespace Teddy.Infra.Tests.Infrastructure;

/// <summary>
/// The resources a deployment of infra/main.bicep would create with given parameters, as <c>bicep snapshot</c>
/// predicts them offline: every module expanded, loops unrolled, conditions applied, and every expression that
/// does not need a deployed resource evaluated. Values only known after deployment (a resource's endpoint, an
/// identity's client id) stay ARM expressions such as <c>[reference('…/storageAccounts/st…', '2024-01-01').primaryEndpoints.blob]</c>.
/// </summary>
public sealed class DeploymentSnapshot(JsonObject snapshot, IReadOnlyDictionary<string, string> parameters)
{
    /// <summary>The parameters the snapshot was taken with (Bicep literals, e.g. <c>'eastus'</c> or <c>true</c>).</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; } = parameters;

    /// <summary>Every predicted resource (objects with id, type, name, apiVersion, properties…).</summary>
    public IReadOnlyList<JsonObject> Resources { get; } =
        snapshot["predictedResources"]!.AsArray().Select(r => r!.AsObject()).ToArray();

    /// <summary>The deployment's outputs (literal values or unevaluated expressions).</summary>
    public JsonObject Outputs { get; } = snapshot["outputs"]?.AsObject() ?? [];

    /// <summary>Diagnostics bicep reported while predicting (expected: none).</summary>
    public JsonArray Diagnostics { get; } = snapshot["diagnostics"]?.AsArray() ?? [];

    /// <summary>Resources of one type (case-insensitive, e.g. <c>Microsoft.Web/sites</c>).</summary>
    public IReadOnlyList<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase)).ToArray();

    /// <summary>The only resource of a type; fails when there is none or more than one.</summary>
    public JsonObject Single(string type)
    {
        var matches = OfType(type);
        Assert.True(matches.Count == 1, $"Expected exactly one {type}, found {matches.Count}.");
        return matches[0];
    }

    /// <summary>The function app's app settings (the sites/config resource named appsettings), case-insensitive names.</summary>
    public IReadOnlyDictionary<string, string> AppSettings
    {
        get
        {
            var config = OfType("Microsoft.Web/sites/config").Single(r => ((string)r["name"]!).EndsWith("/appsettings", StringComparison.OrdinalIgnoreCase));
            return config["properties"]!.AsObject()
                .ToDictionary(p => p.Key, p => p.Value!.GetValue<string>(), StringComparer.OrdinalIgnoreCase);
        }
    }

    /// <summary>The last segment of a resource's name (<c>st…/default/models</c> → <c>models</c>).</summary>
    public static string LeafName(JsonObject resource) => ((string)resource["name"]!).Split('/')[^1];

    /// <summary>Whether a value is an ARM expression evaluated only at deployment (<c>[…]</c>).</summary>
    public static bool IsExpression(string value) => value.StartsWith('[') && value.EndsWith(']') && !value.StartsWith("[[");
}
