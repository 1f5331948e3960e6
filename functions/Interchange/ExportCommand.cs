using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Teddy.Functions.DevRunner;
using Teddy.Hosting;
using Teddy.Interactions;
using Teddy.Interchange;
using Teddy.Ranking;
using Teddy.Storage;
using Teddy.Training;

namespace Teddy.Functions.Interchange;

/// <summary>
/// <c>teddy export</c>: <c>dotnet Teddy.Functions.dll export [--out DIR]</c> reads the catalog and events from the data
/// container (the app's settings: local.settings.json, environment, command line — as the development runner reads them),
/// ingests them exactly as a retrain does, and writes Spark ALS's input (<see cref="SparkExport"/>) to
/// <c>Teddy__Spark__ExportPath</c> in the data container, or to <c>DIR</c> on disk. A console entry point rather than a
/// route: an export reads and writes the whole data set, longer than an HTTP request may last, and it is an operator's
/// step before a Spark job, not something a shop's front end calls. Exit code 0 on success, 1 when the data is missing.
/// </summary>
public static class ExportCommand
{
    public const string Verb = "export";

    public static bool IsRequested(string[] args) => args.Length > 0 && args[0] == Verb;

    public static async Task<int> RunAsync(string[] args, Action<IConfigurationBuilder>? configure = null, TextWriter? output = null)
    {
        output ??= Console.Out;
        var local = LocalSettings.Find(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
        var builder = new ConfigurationBuilder().AddInMemoryCollection(local.Values).AddEnvironmentVariables().AddCommandLine(args[1..]);
        configure?.Invoke(builder);
        var configuration = builder.Build();
        await using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddTeddy(configuration).BuildServiceProvider();

        var data = services.GetRequiredService<BlobTrainingData>();
        var settings = new TeddySettings(services.GetRequiredService<IOptions<TrainingOptions>>().Value,
            services.GetRequiredService<IOptions<RankingOptions>>().Value, services.GetRequiredService<IOptions<EventWeights>>().Value.Validate());
        SparkExportFiles export;
        try
        {
            await using var catalog = await data.OpenCatalogAsync();
            await using var events = await data.OpenEventsAsync();
            export = await SparkExport.BuildAsync(catalog, events, settings, DateTimeOffset.UtcNow);
        }
        catch (FileNotFoundException e)
        {
            await output.WriteLineAsync($"Nothing to export: {e.Message}");
            return 1;
        }

        string target;
        if (configuration["out"] is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            foreach (var (name, content) in export.Files) await File.WriteAllBytesAsync(Path.Combine(folder, name), content);
            target = Path.GetFullPath(folder);
        }
        else
        {
            var spark = services.GetRequiredService<ISparkInterchange>();
            await spark.ExportAsync(export);
            target = spark.ExportLocation;
        }
        await output.WriteLineAsync($"Exported {export.Interactions:N0} interactions ({export.HoldoutTrainingInteractions:N0} in the hold-out's training part) "
            + $"of {export.Users:N0} users and {export.Products:N0} products to {target}: {string.Join(", ", export.Files.Keys)}");
        return 0;
    }
}
