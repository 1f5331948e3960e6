using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Functions.DevRunner;
using Teddy.Storage;

namespace Teddy.Functions.Tests.Storage;

/// <summary>The retrain queue's sender and the development runner read a connection setting as the Functions host does.</summary>
public class StorageQueuesTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    private static readonly AzureComponentFactory Credentials = CreateFactory();

    private static AzureComponentFactory CreateFactory()
    {
        var services = new ServiceCollection();
        services.AddAzureClients(_ => { });
        return services.BuildServiceProvider().GetRequiredService<AzureComponentFactory>();
    }

    [Fact]
    public void A_connection_name_resolves_to_the_setting_then_AzureWebJobs_prefixed_and_empty_means_AzureWebJobsStorage()
    {
        var settings = Settings(("TeddyStorage", "UseDevelopmentStorage=true"), ("AzureWebJobsOther", "x"), ("AzureWebJobsStorage", "y"));
        Assert.Equal("TeddyStorage", StorageQueues.ResolveConnection(settings, "TeddyStorage")!.Path);
        Assert.Equal("AzureWebJobsOther", StorageQueues.ResolveConnection(settings, "Other")!.Path);
        Assert.Equal("AzureWebJobsStorage", StorageQueues.ResolveConnection(settings, "")!.Path);
        Assert.Null(StorageQueues.ResolveConnection(settings, "Missing"));
    }

    [Fact]
    public void A_connection_string_and_an_identity_based_queue_uri_both_make_a_client()
    {
        var fromString = StorageQueues.CreateServiceClient(Settings(("TeddyStorage", "UseDevelopmentStorage=true")).GetSection("TeddyStorage"),
            QueueMessageEncoding.Base64, Credentials);
        Assert.Equal("devstoreaccount1", fromString.AccountName);

        var identity = Settings(("TeddyStorage:queueServiceUri", "https://shop.queue.core.windows.net"), ("TeddyStorage:credential", "managedidentity"));
        var fromUri = StorageQueues.CreateServiceClient(identity.GetSection("TeddyStorage"), QueueMessageEncoding.Base64, Credentials);
        Assert.Equal(new Uri("https://shop.queue.core.windows.net"), fromUri.Uri);

        var fromAccount = StorageQueues.CreateServiceClient(Settings(("TeddyStorage:accountName", "shop")).GetSection("TeddyStorage"),
            QueueMessageEncoding.Base64, Credentials);
        Assert.Equal("shop", fromAccount.AccountName);

        Assert.Throws<InvalidOperationException>(() => StorageQueues.CreateServiceClient(
            Settings(("TeddyStorage:blobServiceUri", "https://shop.blob.core.windows.net")).GetSection("TeddyStorage"), QueueMessageEncoding.Base64, Credentials));
    }

    [Fact]
    public void Queue_names_resolve_percent_settings_anywhere_in_the_expression()
    {
        var settings = Settings(("RETRAIN_QUEUE", "retrain-requests"));
        Assert.Equal("retrain-requests", QueueListener.Resolve("%RETRAIN_QUEUE%", settings));
        Assert.Equal("retrain-requests-poison", QueueListener.Resolve("%RETRAIN_QUEUE%-poison", settings));
        Assert.Equal("fixed", QueueListener.Resolve("fixed", settings));
        Assert.Contains("MISSING", Assert.Throws<InvalidOperationException>(() => QueueListener.Resolve("%MISSING%", settings)).Message);
    }
}
