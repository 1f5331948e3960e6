using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Functions.DevRunner;
using Teddy.SampleData;
using Teddy.Storage;

namespace Teddy.Functions.Tests.Infrastructure;

/// <summary>
/// The app trained on a small generated shop whose most viewed products carry hostile catalog text: titles that are
/// HTML (an <c>img</c> with an <c>onerror</c> handler) and brands that close an attribute and open a script. The page
/// must show them as text and run nothing.
/// </summary>
public sealed class HostileCatalogAppFixture : IAsyncLifetime
{
    public const string HostileTitle = "<img src=x onerror=alert(1)>";
    public const string HostileBrand = "\"><script>alert(2)</script>";
    /// <summary>How many of the most viewed products get the hostile title (they share the hostile brand).</summary>
    public const int HostileProducts = 6;

    public AzuriteFixture Storage { get; } = new();
    public WebApplication App { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;
    public IServiceProvider Services => App.Services;

    private static readonly SampleShopOptions Shop = new() { Products = 400, Brands = 60, Visitors = 200, Events = 10_000, Seed = 17 };

    public async Task InitializeAsync()
    {
        await Storage.InitializeAsync();
        try
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
                ["Teddy:Serving:ExampleUsers"] = "5",
                ["Teddy:Training:Evaluation:MaxUsers"] = "200",
                ["Teddy:Storage:DataContainer"] = AzuriteFixture.UniqueName("data"),
                ["Teddy:Storage:ModelsContainer"] = AzuriteFixture.UniqueName("models"),
                ["Teddy:Storage:ClicksTable"] = AzuriteFixture.UniqueName("clicks"),
                ["Teddy:Storage:EventsTable"] = AzuriteFixture.UniqueName("events"),
                ["Teddy:Storage:ImpressionsTable"] = AzuriteFixture.UniqueName("impressions"),
                ["Teddy:Storage:AnalyticsContainer"] = AzuriteFixture.UniqueName("analytics"),
            };
            App = DevRunnerHost.Build(["--urls", "http://127.0.0.1:0"], config => config.AddInMemoryCollection(settings));
            var (catalog, events) = Write();
            await App.Services.GetRequiredService<BlobTrainingData>().UploadAsync(catalog, events);
            await App.StartAsync();
            BaseAddress = new Uri(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(3) };
            var deadline = DateTime.UtcNow.AddMinutes(3);
            while (!(await Client.GetAsync("api/health")).IsSuccessStatusCode)
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("The hostile shop's model was not trained in time.");
                await Task.Delay(300);
            }
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>The shop's catalog with the most viewed products' titles and brands made hostile, and its events.</summary>
    private static (MemoryStream Catalog, MemoryStream Events) Write()
    {
        var catalog = new MemoryStream();
        var events = new MemoryStream();
        SampleShopGenerator.Write(Shop, catalog, events);
        var popular = Encoding.UTF8.GetString(events.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(line => (JsonNode.Parse(line)!["productDetails"]?.AsArray() ?? []).Select(d => d!["product"]!["id"]!.GetValue<string>()))
            .GroupBy(id => id).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(HostileProducts).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        var hostile = new MemoryStream();
        foreach (string line in Encoding.UTF8.GetString(catalog.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var product = JsonNode.Parse(line)!.AsObject();
            if (popular.Contains(product["id"]!.GetValue<string>()))
            {
                product["title"] = HostileTitle;
                product["brands"] = new JsonArray(HostileBrand);
            }
            hostile.Write(Encoding.UTF8.GetBytes(product.ToJsonString() + "\n"));
        }
        hostile.Position = 0;
        events.Position = 0;
        return (hostile, events);
    }

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
