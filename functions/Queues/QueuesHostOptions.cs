using System.Globalization;
using System.Text.Json;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace Teddy.Functions.Queues;

/// <summary>
/// The Functions host's queue-trigger settings (host.json <c>extensions.queues</c>, overridable with app settings
/// such as <c>AzureFunctionsJobHost__extensions__queues__maxDequeueCount</c>), read the way the host reads them.
/// The queue-triggered retrain uses <see cref="MaxDequeueCount"/> to know its last attempt; the development runner
/// polls with all of them. Defaults are the host's.
/// </summary>
public sealed record QueuesHostOptions(
    int BatchSize,
    int NewBatchThreshold,
    TimeSpan MaxPollingInterval,
    TimeSpan VisibilityTimeout,
    int MaxDequeueCount,
    QueueMessageEncoding MessageEncoding)
{
    public const string OverrideSection = "AzureFunctionsJobHost:extensions:queues";

    public static readonly QueuesHostOptions HostDefaults =
        new(16, 8, TimeSpan.FromMinutes(1), TimeSpan.Zero, 5, QueueMessageEncoding.Base64);

    /// <summary>host.json next to the app (its build or publish output) with the configuration's overrides.</summary>
    public static QueuesHostOptions Current(IConfiguration configuration) =>
        Read(Path.Combine(AppContext.BaseDirectory, "host.json"), configuration);

    public static QueuesHostOptions Read(string hostJsonPath, IConfiguration configuration)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (File.Exists(hostJsonPath))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(hostJsonPath),
                new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (Property(document.RootElement, "extensions") is { } extensions && Property(extensions, "queues") is { ValueKind: JsonValueKind.Object } queues)
                foreach (var setting in queues.EnumerateObject())
                    values[setting.Name] = setting.Value.ValueKind == JsonValueKind.String ? setting.Value.GetString()! : setting.Value.GetRawText();
        }
        foreach (var setting in configuration.GetSection(OverrideSection).GetChildren())
            if (setting.Value is { } value) values[setting.Key] = value;

        var d = HostDefaults;
        int batchSize = Int("batchSize", d.BatchSize);
        return new QueuesHostOptions(
            batchSize,
            Int("newBatchThreshold", batchSize / 2),
            Time("maxPollingInterval", d.MaxPollingInterval),
            Time("visibilityTimeout", d.VisibilityTimeout),
            Int("maxDequeueCount", d.MaxDequeueCount),
            values.TryGetValue("messageEncoding", out var encoding) && encoding.Equals("none", StringComparison.OrdinalIgnoreCase)
                ? QueueMessageEncoding.None : QueueMessageEncoding.Base64);

        int Int(string name, int fallback) =>
            values.TryGetValue(name, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : fallback;
        TimeSpan Time(string name, TimeSpan fallback) =>
            values.TryGetValue(name, out var text) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }

    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object) return null;
        foreach (var property in element.EnumerateObject())
            if (property.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) return property.Value;
        return null;
    }
}
