using System.Text.Json;

namespace Teddy.Functions.DevRunner;

/// <summary>
/// Reads local.settings.json the way Core Tools does: <c>Values</c> become app settings (a <c>__</c> in a
/// name is a configuration section separator), <c>Host.LocalHttpPort</c> is the port. Falls back to
/// local.settings.sample.json so a fresh clone runs before anyone has copied it.
/// </summary>
public sealed record LocalSettings(string? Path, IReadOnlyDictionary<string, string?> Values, int? LocalHttpPort)
{
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
        int? port = document.RootElement.TryGetProperty("Host", out var host)
            && host.TryGetProperty("LocalHttpPort", out var portElement)
            && portElement.TryGetInt32(out int p) ? p : null;
        return new LocalSettings(path, values, port);
    }
}
