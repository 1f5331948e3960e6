using System.Text.Json;

namespace Teddy.Functions.DevRunner;

/// <summary>
/// Reads local.settings.json the way Core Tools does: <c>Values</c> become app settings (a <c>__</c> in a
/// name is a configuration section separator), <c>Host.LocalHttpPort</c> is the port, <c>Host.CORS</c> (origins,
/// comma-separated, or <c>*</c>) and <c>Host.CORSCredentials</c> the cross-origin policy. Falls back to
/// local.settings.sample.json so a fresh clone runs before anyone has copied it.
/// </summary>
public sealed record LocalSettings(string? Path, IReadOnlyDictionary<string, string?> Values, int? LocalHttpPort)
{
    /// <summary><c>Host.CORS</c>: the origins allowed to call the app from a browser; null when not set.</summary>
    public string? Cors { get; init; }

    /// <summary><c>Host.CORSCredentials</c>: whether cross-origin requests may carry credentials.</summary>
    public bool CorsCredentials { get; init; }

    /// <summary>The <c>Host</c> values other than the port, as configuration keys (<c>Host:CORS</c>, <c>Host:CORSCredentials</c>).</summary>
    public IReadOnlyDictionary<string, string?> HostValues => new Dictionary<string, string?>
    {
        [DevRunnerCors.OriginsSetting] = Cors,
        [DevRunnerCors.CredentialsSetting] = CorsCredentials ? "true" : "false",
    };

    public static LocalSettings Find(params string[] folders)
    {
        foreach (string name in new[] { "local.settings.json", "local.settings.sample.json" })
        {
            foreach (string folder in folders)
            {
                string path = System.IO.Path.Combine(folder, name);
                if (File.Exists(path)) return Read(path);
            }
        }
        return new LocalSettings(null, new Dictionary<string, string?>(), null);
    }

    public static LocalSettings Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        });
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (document.RootElement.TryGetProperty("Values", out var valuesElement))
        {
            foreach (var property in valuesElement.EnumerateObject())
                values[property.Name.Replace("__", ":")] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()
                    : property.Value.GetRawText();
        }
        bool hasHost = document.RootElement.TryGetProperty("Host", out var host) && host.ValueKind == JsonValueKind.Object;
        int? port = hasHost && host.TryGetProperty("LocalHttpPort", out var portElement)
            && portElement.TryGetInt32(out int p) ? p : null;
        string? cors = hasHost && host.TryGetProperty("CORS", out var corsElement) && corsElement.ValueKind == JsonValueKind.String
            ? corsElement.GetString()
            : null;
        bool credentials = hasHost && host.TryGetProperty("CORSCredentials", out var credentialsElement)
            && credentialsElement.ValueKind == JsonValueKind.True;
        return new LocalSettings(path, values, port) { Cors = cors, CorsCredentials = credentials };
    }
}
