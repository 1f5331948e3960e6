using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Teddy.Hosting;
using Teddy.SampleData;
using Teddy.Storage;

namespace Teddy.Functions.Tests.Infrastructure;

/// <summary>Teddy's own composition (AddTeddy) over isolated containers and tables of the test storage.</summary>
public static class TeddyServices
{
    /// <summary>A small generated shop: big enough for every model to learn something, small enough to train in seconds.</summary>
    public static readonly SampleShopOptions SmallShop = new() { Products = 1200, Brands = 90, Visitors = 500, Events = 25_000, Seed = 7 };

    public static ServiceProvider Create(string connectionString, IDictionary<string, string?>? overrides = null, Action<IServiceCollection>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["TeddyStorage"] = connectionString,
            ["Teddy:Storage:DataContainer"] = AzuriteFixture.UniqueName("data"),
            ["Teddy:Storage:ModelsContainer"] = AzuriteFixture.UniqueName("models"),
            ["Teddy:Storage:ClicksTable"] = AzuriteFixture.UniqueName("clicks"),
            ["Teddy:Storage:RetrainsTable"] = AzuriteFixture.UniqueName("retrains"),
            ["Teddy:Storage:AnalyticsContainer"] = AzuriteFixture.UniqueName("analytics"),
            ["Teddy:Storage:EventsTable"] = AzuriteFixture.UniqueName("events"),
            ["Teddy:Storage:ImpressionsTable"] = AzuriteFixture.UniqueName("impressions"),
            ["RETRAIN_QUEUE"] = AzuriteFixture.UniqueName("retrain"),
            ["SIMULATION_QUEUE"] = AzuriteFixture.UniqueName("simulation"),
            ["Teddy:Storage:SimulationsTable"] = AzuriteFixture.UniqueName("simulations"),
            ["Teddy:Training:Evaluation:MaxUsers"] = "300",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton<IConfiguration>(configuration)
            .AddTeddy(configuration);
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>Uploads catalog and events NDJSON as they are (for data the generator never writes: broken, empty).</summary>
    public static Task UploadAsync(IServiceProvider services, string catalog, string events) =>
        services.GetRequiredService<BlobTrainingData>().UploadAsync(
            new MemoryStream(System.Text.Encoding.UTF8.GetBytes(catalog)), new MemoryStream(System.Text.Encoding.UTF8.GetBytes(events)));

    public static async Task UploadShopAsync(IServiceProvider services, SampleShopOptions? shop = null)
    {
        using var catalog = new MemoryStream();
        using var events = new MemoryStream();
        SampleShopGenerator.Write(shop ?? SmallShop, catalog, events);
        catalog.Position = 0;
        events.Position = 0;
        await services.GetRequiredService<BlobTrainingData>().UploadAsync(catalog, events);
    }
}
