using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Hosting;
using Teddy.Storage;

namespace Teddy.Core.Tests.Hosting;

/// <summary>
/// Storage connection settings in the Functions host's format become the keys Microsoft.Extensions.Azure builds
/// clients from (serviceUri for blob and queue, endpoint for table), keeping the credential settings.
/// </summary>
public class StorageClientConfigurationTests
{
    private static IConfigurationSection Section(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create($"TeddyStorage:{v.Key}", (string?)v.Value)))
            .Build().GetSection("TeddyStorage");

    [Fact]
    public void A_connection_string_is_used_as_it_is()
    {
        var connection = new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create("TeddyStorage", (string?)"UseDevelopmentStorage=true")])
            .Build().GetSection("TeddyStorage");
        Assert.Same(connection, StorageClientConfiguration.Blob(connection));
        Assert.Same(connection, StorageClientConfiguration.Table(connection));
        Assert.Same(connection, StorageClientConfiguration.Queue(connection));
    }

    [Fact]
    public void Service_uris_map_to_each_clients_constructor_parameter_with_the_credential()
    {
        var connection = Section(
            ("credential", "managedidentity"), ("clientId", "3f2504e0-4f89-11d3-9a0c-0305e82c3301"),
            ("blobServiceUri", "https://st.blob.core.windows.net/"), ("queueServiceUri", "https://st.queue.core.windows.net/"),
            ("tableServiceUri", "https://st.table.core.windows.net/"));

        var blob = StorageClientConfiguration.Blob(connection);
        Assert.Equal("https://st.blob.core.windows.net/", blob["serviceUri"]);
        Assert.Equal("https://st.queue.core.windows.net/", StorageClientConfiguration.Queue(connection)["serviceUri"]);
        var table = StorageClientConfiguration.Table(connection);
        Assert.Equal("https://st.table.core.windows.net/", table["endpoint"]);
        foreach (var configuration in new[] { blob, table })
        {
            Assert.Equal("managedidentity", configuration["credential"]);
            Assert.Equal("3f2504e0-4f89-11d3-9a0c-0305e82c3301", configuration["clientId"]);
        }
    }

    [Fact]
    public void An_account_name_gives_the_public_cloud_endpoints()
    {
        var connection = Section(("accountName", "teddyshop"));
        Assert.Equal("https://teddyshop.blob.core.windows.net", StorageClientConfiguration.Blob(connection)["serviceUri"]);
        Assert.Equal("https://teddyshop.queue.core.windows.net", StorageClientConfiguration.Queue(connection)["serviceUri"]);
        Assert.Equal("https://teddyshop.table.core.windows.net", StorageClientConfiguration.Table(connection)["endpoint"]);
    }

    [Fact]
    public void A_service_uri_wins_over_the_account_name()
    {
        var connection = Section(("accountName", "teddyshop"), ("blobServiceUri", "https://custom.example/"));
        Assert.Equal("https://custom.example/", StorageClientConfiguration.Blob(connection)["serviceUri"]);
        Assert.Equal("https://teddyshop.table.core.windows.net", StorageClientConfiguration.Table(connection)["endpoint"]);
    }

    [Fact]
    public void A_key_in_the_sdks_own_name_is_kept()
    {
        var connection = Section(("accountName", "teddyshop"), ("endpoint", "https://tables.example/"));
        Assert.Equal("https://tables.example/", StorageClientConfiguration.Table(connection)["endpoint"]);
    }

    private const string Azurite = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
        + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
        + "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;"
        + "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    /// <summary>The app's own composition (AddTeddy, Microsoft.Extensions.Azure) over these settings; nothing connects.</summary>
    private static (ServiceProvider Services, IConfiguration Configuration) App(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddTeddy(configuration).BuildServiceProvider();
        return (services, configuration);
    }

    private static QueueServiceClient Queue(IServiceProvider services, IConfiguration configuration) =>
        StorageQueues.CreateServiceClient(TeddyServiceCollectionExtensions.StorageConnection(configuration), QueueMessageEncoding.Base64,
            services.GetRequiredService<AzureComponentFactory>());

    [Fact]
    public void The_app_binds_its_clients_to_a_connection_string_with_the_shared_key()
    {
        var (services, configuration) = App(new() { ["TeddyStorage"] = Azurite });
        using var _ = services;
        foreach (string name in new[] { StorageClients.Background, StorageClients.Requests })
        {
            var blob = services.GetRequiredService<IAzureClientFactory<BlobServiceClient>>().CreateClient(name);
            Assert.Equal("http://127.0.0.1:10000/devstoreaccount1", blob.Uri.ToString().TrimEnd('/'));
            Assert.True(blob.CanGenerateAccountSasUri); // signed with the account key
            var table = services.GetRequiredService<IAzureClientFactory<TableServiceClient>>().CreateClient(name);
            Assert.Equal(("devstoreaccount1", "http://127.0.0.1:10002/devstoreaccount1"), (table.AccountName, table.Uri.ToString().TrimEnd('/')));
        }
        var queue = Queue(services, configuration);
        Assert.Equal("http://127.0.0.1:10001/devstoreaccount1", queue.Uri.ToString().TrimEnd('/'));
        Assert.True(queue.CanGenerateAccountSasUri);
    }

    [Fact]
    public void The_app_binds_its_clients_to_identity_based_settings_with_the_user_assigned_identity()
    {
        // As the deployment sets them: TeddyStorage__blobServiceUri, __queueServiceUri, __tableServiceUri, __credential, __clientId.
        var (services, configuration) = App(new()
        {
            ["TeddyStorage:blobServiceUri"] = "https://teddyst.blob.core.windows.net/",
            ["TeddyStorage:queueServiceUri"] = "https://teddyst.queue.core.windows.net/",
            ["TeddyStorage:tableServiceUri"] = "https://teddyst.table.core.windows.net/",
            ["TeddyStorage:credential"] = "managedidentity",
            ["TeddyStorage:clientId"] = "3f2504e0-4f89-11d3-9a0c-0305e82c3301",
            ["AzureWebJobsStorage"] = Azurite, // present, but TeddyStorage wins
        });
        using var _ = services;
        foreach (string name in new[] { StorageClients.Background, StorageClients.Requests })
        {
            var blob = services.GetRequiredService<IAzureClientFactory<BlobServiceClient>>().CreateClient(name);
            Assert.Equal(("https://teddyst.blob.core.windows.net/", "teddyst"), (blob.Uri.ToString(), blob.AccountName));
            Assert.False(blob.CanGenerateAccountSasUri); // a token credential, no key
            var table = services.GetRequiredService<IAzureClientFactory<TableServiceClient>>().CreateClient(name);
            Assert.Equal("https://teddyst.table.core.windows.net/", table.Uri.ToString());
        }
        var queue = Queue(services, configuration);
        Assert.Equal("https://teddyst.queue.core.windows.net/", queue.Uri.ToString());
        Assert.False(queue.CanGenerateAccountSasUri);
        // The credential the factory builds from these settings: that managed identity, not DefaultAzureCredential.
        var credential = services.GetRequiredService<AzureComponentFactory>()
            .CreateTokenCredential(StorageClientConfiguration.Blob(TeddyServiceCollectionExtensions.StorageConnection(configuration)));
        Assert.IsType<ManagedIdentityCredential>(credential);
    }

    [Fact]
    public void Without_TeddyStorage_the_app_uses_AzureWebJobsStorage()
    {
        var (services, _) = App(new() { ["AzureWebJobsStorage:blobServiceUri"] = "https://hostst.blob.core.windows.net/", ["AzureWebJobsStorage:tableServiceUri"] = "https://hostst.table.core.windows.net/" });
        using var _1 = services;
        Assert.Equal("https://hostst.blob.core.windows.net/",
            services.GetRequiredService<IAzureClientFactory<BlobServiceClient>>().CreateClient(StorageClients.Background).Uri.ToString());
    }
}
