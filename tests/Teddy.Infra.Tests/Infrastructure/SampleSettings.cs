using System.Text.Json;

namespace Teddy.Infra.Tests.Infrastructure;

/// <summary>
/// local.settings.sample.json: every setting the code reads, with the code's defaults (a test in
/// Teddy.Functions.Tests keeps it so). The deployment must set each one to the same value, except the settings
/// listed here as local-only or demo, with the reason.
/// </summary>
public static class SampleSettings
{
    /// <summary>The sample's <c>Values</c>, names as written (<c>__</c> between sections).</summary>
    public static IReadOnlyDictionary<string, string> Values { get; } = Read();

    /// <summary>Settings of the local environment that the deployment replaces or leaves out, and why.</summary>
    public static readonly IReadOnlyDictionary<string, string> LocalOnly = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["FUNCTIONS_WORKER_RUNTIME"] =
            "Flex Consumption takes the runtime from functionAppConfig.runtime (dotnet-isolated) and does not accept this setting",
        ["AzureWebJobsStorage"] =
            "a connection string to Azurite; in Azure the host connects with the managed identity (AzureWebJobsStorage__credential, __clientId, __*ServiceUri)",
        ["TeddyStorage"] =
            "a connection string to Azurite; in Azure the app connects with the managed identity (TeddyStorage__credential, __clientId, __*ServiceUri)",
        ["DEV_RUNNER_FUNCTION_KEY"] =
            "the development runner's key; in Azure the Functions host's own function keys protect function-level routes",
    };

    /// <summary>
    /// The local demo's settings: the sample turns them on (a fresh clone shows a working shop), the code's
    /// defaults are off (a real shop never gets demo data). The deployment sets them from its <c>demo</c> parameter.
    /// </summary>
    public static readonly IReadOnlySet<string> Demo = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Teddy__Bootstrap__SeedSampleData", "Teddy__Bootstrap__TrainWhenNoModel", "Teddy__Serving__ExampleUsers",
    };

    /// <summary>The sample's settings the deployment must set to the sample's value.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Deployed =>
        Values.Where(setting => !LocalOnly.ContainsKey(setting.Key) && !Demo.Contains(setting.Key));

    private static Dictionary<string, string> Read()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "local.settings.sample.json")),
            new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return document.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(),
                StringComparer.OrdinalIgnoreCase);
    }
}
