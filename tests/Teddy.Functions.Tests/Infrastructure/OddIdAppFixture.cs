using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Functions.DevRunner;
using Teddy.Storage;

namespace Teddy.Functions.Tests.Infrastructure;

/// <summary>
/// The app through the development runner, trained at start-up on <see cref="OddIdShop"/>: shoppers and
/// products whose ids hold every character class, so the id rules are tested against ids the model knows.
/// </summary>
public sealed class OddIdAppFixture : IAsyncLifetime
{
    public AzuriteFixture Storage { get; } = new();
    public WebApplication App { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public IServiceProvider Services => App.Services;

    public async Task InitializeAsync()
    {
        await Storage.InitializeAsync();
        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        var settings = new Dictionary<string, string?>
        {
            ["TeddyStorage"] = Storage.ConnectionString,
            ["AzureWebJobsStorage"] = Storage.ConnectionString,
            ["RETRAIN_SCHEDULE"] = "0 0 3 * * *",
            ["RETRAIN_QUEUE"] = AzuriteFixture.UniqueName("retrain"),
            ["SIMULATION_QUEUE"] = AzuriteFixture.UniqueName("simulation"),
            ["Teddy:Storage:SimulationsTable"] = AzuriteFixture.UniqueName("simulations"),
            ["Teddy:Storage:RetrainsTable"] = AzuriteFixture.UniqueName("retrains"),
            [DevRunnerHost.FunctionKeySetting] = TeddyAppFixture.FunctionKey,
            ["Teddy:Bootstrap:SeedSampleData"] = "false",
            ["Teddy:Bootstrap:TrainWhenNoModel"] = "true",
            ["Teddy:Training:Evaluation:MaxUsers"] = "200",
            // Its own containers and table, so it may share a storage account (TEDDY_TEST_STORAGE) with the other fixtures.
            ["Teddy:Storage:DataContainer"] = AzuriteFixture.UniqueName("data"),
            ["Teddy:Storage:ModelsContainer"] = AzuriteFixture.UniqueName("models"),
            ["Teddy:Storage:ClicksTable"] = AzuriteFixture.UniqueName("clicks"),
        };
        App = DevRunnerHost.Build(["--urls", "http://127.0.0.1:0"], config => config.AddInMemoryCollection(settings));
        var (catalog, events) = OddIdShop.Write();
        await App.Services.GetRequiredService<BlobTrainingData>().UploadAsync(catalog, events);
        await App.StartAsync();
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(3) };

        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!(await Client.GetAsync("api/health")).IsSuccessStatusCode)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The odd-id shop's model was not trained in time.");
            await Task.Delay(300);
        }
    }

    /// <summary>GET a path and query exactly as written (no client-side unescaping or dot-segment removal).</summary>
    public Task<HttpResponseMessage> GetExactAsync(string pathAndQuery) =>
        Client.GetAsync(RouteTemplates.Exact(Client.BaseAddress!, pathAndQuery));

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
        await Storage.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class OddIdCollection : ICollectionFixture<OddIdAppFixture>
{
    public const string Name = "OddIds";
}
