using Microsoft.Extensions.Configuration;
using Teddy.Hosting;

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
}
