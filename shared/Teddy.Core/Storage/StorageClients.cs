namespace Teddy.Storage;

/// <summary>
/// Names of the two sets of storage clients (Microsoft.Extensions.Azure named clients; get one with
/// <c>IAzureClientFactory&lt;BlobServiceClient&gt;.CreateClient(StorageClients.Requests)</c>):
/// <see cref="Requests"/> for calls made while an HTTP request waits (<see cref="StorageOptions.Requests"/>),
/// <see cref="Background"/> (the default clients) for retrains, model loads and other background work
/// (<see cref="StorageOptions.Background"/>).
/// </summary>
public static class StorageClients
{
    public const string Requests = "Requests";

    /// <summary>Microsoft.Extensions.Azure's name for the unnamed client, which is also what plain injection gives.</summary>
    public const string Background = "Default";
}
