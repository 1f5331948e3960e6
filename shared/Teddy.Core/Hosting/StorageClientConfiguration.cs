using Microsoft.Extensions.Configuration;

namespace Teddy.Hosting;

/// <summary>
/// Turns a storage connection setting in the Functions host's format into what Microsoft.Extensions.Azure builds
/// a client from. The host's format is a connection string, or a section with <c>blobServiceUri</c>,
/// <c>queueServiceUri</c>, <c>tableServiceUri</c> (or <c>accountName</c>) plus <c>credential</c>=<c>managedidentity</c>
/// and <c>clientId</c> (identity-based connections, what infra/ deploys). The client factory of
/// Microsoft.Extensions.Azure (1.14) matches configuration keys to constructor parameter names — <c>serviceUri</c>
/// for blob and queue clients, <c>endpoint</c> for the table client — so the host's names alone find no
/// constructor ("Unable to find matching constructor"). Its <c>credential</c>/<c>clientId</c> keys it reads as
/// they are (a ManagedIdentityCredential for that client id); without them it uses DefaultAzureCredential.
/// </summary>
public static class StorageClientConfiguration
{
    /// <summary>Configuration for a BlobServiceClient (<c>serviceUri</c> from <c>blobServiceUri</c>).</summary>
    public static IConfiguration Blob(IConfigurationSection connection) => For(connection, "blob", "serviceUri");

    /// <summary>Configuration for a QueueServiceClient (<c>serviceUri</c> from <c>queueServiceUri</c>).</summary>
    public static IConfiguration Queue(IConfigurationSection connection) => For(connection, "queue", "serviceUri");

    /// <summary>Configuration for a TableServiceClient (<c>endpoint</c> from <c>tableServiceUri</c>).</summary>
    public static IConfiguration Table(IConfigurationSection connection) => For(connection, "table", "endpoint");

    private static IConfiguration For(IConfigurationSection connection, string service, string uriParameter)
    {
        if (connection.Value is { Length: > 0 }) return connection; // a connection string: the factory reads it as is
        var values = connection.AsEnumerable(makePathsRelative: true)
            .Where(pair => pair.Value is not null)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.OrdinalIgnoreCase);
        // The host's per-service URI, else a key already in the SDK's name, else the public cloud's endpoint of accountName.
        string? uri = connection[$"{service}ServiceUri"] ?? values.GetValueOrDefault(uriParameter)
            ?? (connection["accountName"] is { Length: > 0 } account ? $"https://{account}.{service}.core.windows.net" : null);
        if (uri is not null) values[uriParameter] = uri;
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
