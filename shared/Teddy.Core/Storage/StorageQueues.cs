using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;

namespace Teddy.Storage;

/// <summary>
/// Queue clients built from a connection setting the way the Functions host's queue extension reads one, so the
/// sender and the trigger always talk to the same queue: a connection string, or (managed identity) a section
/// with <c>queueServiceUri</c>, <c>serviceUri</c> or <c>accountName</c>, plus the usual <c>credential</c>/<c>clientId</c>.
/// </summary>
public static class StorageQueues
{
    /// <summary>
    /// The section a binding's <c>Connection</c> names, as the host resolves it: the setting itself, else
    /// <c>AzureWebJobs&lt;name&gt;</c>; an empty name means <c>AzureWebJobsStorage</c>. Null when none is set.
    /// </summary>
    public static IConfigurationSection? ResolveConnection(IConfiguration configuration, string? name)
    {
        string[] candidates = string.IsNullOrEmpty(name) ? ["AzureWebJobsStorage"] : [name, "AzureWebJobs" + name];
        foreach (string candidate in candidates)
        {
            var section = configuration.GetSection(candidate);
            if (section.Value is { Length: > 0 } || section.GetChildren().Any()) return section;
        }
        return null;
    }

    /// <summary>A queue service client for a connection section; messages are encoded with <paramref name="encoding"/>.</summary>
    /// <exception cref="InvalidOperationException">The section has neither a connection string nor a queue endpoint.</exception>
    public static QueueServiceClient CreateServiceClient(IConfigurationSection connection, QueueMessageEncoding encoding,
        AzureComponentFactory credentials, Action<QueueClientOptions>? configure = null)
    {
        var options = new QueueClientOptions { MessageEncoding = encoding };
        configure?.Invoke(options);
        if (connection.Value is { Length: > 0 } connectionString) return new QueueServiceClient(connectionString, options);

        string? uri = connection["queueServiceUri"] ?? connection["serviceUri"]
            ?? (connection["accountName"] is { Length: > 0 } account ? $"https://{account}.queue.core.windows.net" : null);
        if (uri is null)
            throw new InvalidOperationException(
                $"The storage connection '{connection.Path}' has no connection string and no queueServiceUri, serviceUri or accountName.");
        return new QueueServiceClient(new Uri(uri), credentials.CreateTokenCredential(connection), options);
    }
}
