using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Teddy.Hosting;
using Teddy.Storage;

namespace Teddy.Core.Tests.Storage;

/// <summary>Names from settings follow the service's rules, or the app refuses to start with a message naming the setting.</summary>
public class StorageNamesTests
{
    [Theory]
    [InlineData("abc")]
    [InlineData("models")]
    [InlineData("a-b-c")]
    [InlineData("0data")]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890123")] // 63
    public void Valid_container_names(string name) => Assert.Null(StorageNames.ContainerProblem(name));

    [Theory]
    [InlineData("ab")]
    [InlineData("Models")]
    [InlineData("my_models")]
    [InlineData("-models")]
    [InlineData("models-")]
    [InlineData("mod--els")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")] // 64
    [InlineData("")]
    public void Invalid_container_names(string name) => Assert.NotNull(StorageNames.ContainerProblem(name));

    [Theory]
    [InlineData("clicks", true)]
    [InlineData("Clicks2026", true)]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890123", true)] // 63
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234", false)] // 64
    [InlineData("2clicks", false)]
    [InlineData("click-events", false)]
    [InlineData("ab", false)]
    [InlineData("tables", false)]
    [InlineData("Tables", false)]
    public void Table_names(string name, bool valid) => Assert.Equal(valid, StorageNames.TableProblem(name) is null);

    [Theory]
    [InlineData("retrain-requests", true)]
    [InlineData("simulation-requests", true)]
    [InlineData("a2345678901234567890123456789012345678901234567890123456", true)] // 56: its -poison queue has 63
    [InlineData("a23456789012345678901234567890123456789012345678901234567", false)] // 57: its -poison queue would have 64
    [InlineData("Simulation-Requests", false)]
    [InlineData("simulation_requests", false)]
    [InlineData("sim--requests", false)]
    [InlineData("qu", false)]
    [InlineData("", false)]
    public void Queue_names_leave_room_for_the_poison_queue(string name, bool valid)
    {
        Assert.Equal(valid, StorageNames.QueueProblem(name) is null);
        if (valid) Assert.Null(StorageNames.ContainerProblem(name + StorageNames.PoisonSuffix));
    }

    [Theory]
    [InlineData("RETRAIN_QUEUE", "Retrain-Requests", "RETRAIN_QUEUE")]
    [InlineData("SIMULATION_QUEUE", "simulation_requests", "SIMULATION_QUEUE")]
    [InlineData("SIMULATION_QUEUE", "retrain-requests", "must not be the retrain queue")]
    public void A_bad_queue_name_fails_at_start_up_naming_the_setting(string setting, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TeddyStorage"] = "UseDevelopmentStorage=true",
            [setting] = value,
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddTeddy(configuration).BuildServiceProvider();
        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<QueueNames>>().Value);
        Assert.Contains(expected, e.Message);
        Assert.Contains(setting, e.Message);
    }

    public static TheoryData<string, bool> BlobNames => new()
    {
        { "catalog.ndjson", true },
        { "shop/2026/catalog.ndjson", true },
        { "ünïcödé 🧸.ndjson", true },
        { new string('a', 1024), true },
        { string.Join('/', Enumerable.Repeat("ab", 254)) + "cd", true }, // 254 segments
        { Worst1024With254Segments(), true },
        { "", false },
        { new string('a', 1025), false },
        { string.Join('/', Enumerable.Repeat("a", 255)), false }, // 255 segments
        { "catalog.", false },
        { "catalog/", false },
        { "catalog\\", false },
        { "cata\u0000log", false },
        { "cata\u0085log", false },
    };

    /// <summary>The longest name with the most segments the service allows: 1,024 characters, 254 segments.</summary>
    public static string Worst1024With254Segments()
    {
        string name = string.Join('/', Enumerable.Repeat("b", 253)) + "/" + new string('c', 1024 - 253 * 2);
        Assert.Equal(1024, name.Length);
        return name;
    }

    [Theory]
    [MemberData(nameof(BlobNames), DisableDiscoveryEnumeration = true)]
    public void Blob_names(string name, bool valid) => Assert.Equal(valid, StorageNames.BlobProblem(name) is null);

    [Fact]
    public void A_blob_name_with_an_unpaired_surrogate_is_rejected() // not as theory data: xunit would replace the surrogate
    {
        Assert.NotNull(StorageNames.BlobProblem("cata\ud800log"));
        Assert.NotNull(StorageNames.BlobProblem("catalog\udc00"));
        Assert.Null(StorageNames.BlobProblem("cata\ud83e\uddf8log"));
    }

    [Fact]
    public void A_bad_name_or_budget_in_settings_fails_at_start_up_naming_the_setting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TeddyStorage"] = "UseDevelopmentStorage=true",
            ["Teddy:Storage:ClicksTable"] = "click-events",
            ["Teddy:Storage:RetrainsTable"] = "retrain_runs",
            ["Teddy:Storage:SimulationsTable"] = "sim_runs",
            ["Teddy:Storage:ModelsContainer"] = "Models",
            ["Teddy:Storage:AnalyticsContainer"] = "click_through",
            ["Teddy:Storage:EventsBlob"] = "events/",
            ["Teddy:Storage:Requests:TimeoutSeconds"] = "0",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddTeddy(configuration).BuildServiceProvider();
        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StorageOptions>>().Value);
        Assert.Contains("Teddy:Storage:ClicksTable", e.Message);
        Assert.Contains("Teddy:Storage:RetrainsTable", e.Message);
        Assert.Contains("Teddy:Storage:SimulationsTable", e.Message);
        Assert.Contains("Teddy:Storage:ModelsContainer", e.Message);
        Assert.Contains("Teddy:Storage:AnalyticsContainer", e.Message);
        Assert.Contains("Teddy:Storage:EventsBlob", e.Message);
        Assert.Contains("Teddy:Storage:Requests:TimeoutSeconds", e.Message);
    }

    [Fact]
    public void The_defaults_are_valid() =>
        Assert.True(new StorageOptionsValidation().Validate(null, new StorageOptions()).Succeeded);
}
