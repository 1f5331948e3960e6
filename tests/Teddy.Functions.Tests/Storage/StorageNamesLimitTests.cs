using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Teddy.Feedback;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Storage;

namespace Teddy.Functions.Tests.Storage;

/// <summary>The longest names the start-up validation lets through really work against storage.</summary>
[Collection(StorageCollection.Name)]
public class StorageNamesLimitTests(AzuriteFixture storage)
{
    /// <summary>63 characters, unique to the run: the longest container and table name.</summary>
    private static string Longest(char first) => (first + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N"))[..63];

    [Fact]
    public async Task The_longest_container_table_and_blob_names_are_usable()
    {
        string catalogBlob = string.Join('/', Enumerable.Repeat("b", 253)) + "/" + new string('c', 1024 - 253 * 2); // 1,024 characters, 254 segments
        string eventsBlob = "ünïcödé 🧸 #?%&=+;.ndjson";
        Assert.Null(StorageNames.BlobProblem(catalogBlob));
        Assert.Null(StorageNames.BlobProblem(eventsBlob));
        await using var services = TeddyServices.Create(storage.ConnectionString, new Dictionary<string, string?>
        {
            ["Teddy:Storage:DataContainer"] = Longest('d'),
            ["Teddy:Storage:ModelsContainer"] = Longest('m'),
            ["Teddy:Storage:ClicksTable"] = Longest('c'),
            ["Teddy:Storage:CatalogBlob"] = catalogBlob,
            ["Teddy:Storage:EventsBlob"] = eventsBlob,
        });

        var data = services.GetRequiredService<BlobTrainingData>();
        await data.UploadAsync(new MemoryStream(Encoding.UTF8.GetBytes("{\"id\":\"p\"}\n")), new MemoryStream(Encoding.UTF8.GetBytes("{}\n")));
        Assert.False(await data.IsEmptyAsync());
        await using (var catalog = await data.OpenCatalogAsync())
            Assert.Equal("{\"id\":\"p\"}\n", await new StreamReader(catalog).ReadToEndAsync());
        await using (var events = await data.OpenEventsAsync())
            Assert.Equal("{}\n", await new StreamReader(events).ReadToEndAsync());

        Assert.Empty(await services.GetRequiredService<Teddy.Artifacts.IModelStore>().ListVersionsAsync());
        var click = new Click("c", "u", "p", 1, "hybrid", null, DateTimeOffset.UtcNow);
        Assert.Equal(ClickRecording.Stored, await services.GetRequiredService<IClickStore>().RecordAsync(click));
    }
}
