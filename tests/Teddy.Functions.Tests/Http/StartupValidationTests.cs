using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using Teddy.Functions.DevRunner;
using Teddy.Functions.Observability;
using Teddy.Observability;

namespace Teddy.Functions.Tests.Http;

/// <summary>
/// A bad setting stops the app at start-up with a message naming it (as configuration writes it and as an app setting
/// is spelt), before anything touches storage; Application Insights is wired only when a connection string is set.
/// </summary>
public class StartupValidationTests
{
    private static Microsoft.AspNetCore.Builder.WebApplication Build(Dictionary<string, string?> settings)
    {
        // An unreachable storage endpoint: a start that got past validation would not answer from storage either.
        settings.TryAdd("TeddyStorage", "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;QueueEndpoint=http://127.0.0.1:9/devstoreaccount1;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;");
        settings.TryAdd("RETRAIN_SCHEDULE", "0 0 3 * * *");
        settings.TryAdd("RETRAIN_QUEUE", "retrain-requests");
        settings.TryAdd("Teddy:Bootstrap:SeedSampleData", "false");
        settings.TryAdd("Teddy:Bootstrap:TrainWhenNoModel", "false");
        return DevRunnerHost.Build(["--urls", "http://127.0.0.1:0"], config => config.AddInMemoryCollection(settings));
    }

    /// <summary>Builds and starts the app with one setting; returns the failure's message.</summary>
    private static async Task<string> StartFailureAsync(string key, string value)
    {
        var failure = await Record.ExceptionAsync(async () =>
        {
            await using var app = Build(new() { [key] = value });
            await app.StartAsync();
            await app.StopAsync();
        });
        Assert.NotNull(failure);
        return failure.ToString();
    }

    [Theory]
    [InlineData("Teddy:Ranking:MaxPerBrand", "-1")]
    [InlineData("Teddy:Ranking:MaxCategoryShare", "0")]
    [InlineData("Teddy:Ranking:MaxCategoryShare", "1.5")]
    [InlineData("Teddy:Ranking:AgeMismatchFactor", "1.5")]
    [InlineData("Teddy:Ranking:JitterAmplitude", "NaN")]
    [InlineData("Teddy:Ranking:AgeMismatch", "7")]
    [InlineData("Teddy:Serving:MaxCount", "0")]
    [InlineData("Teddy:Serving:DefaultCount", "0")]
    [InlineData("Teddy:Serving:DefaultCount", "5000")]
    [InlineData("Teddy:Events:MaxFutureSkewMinutes", "-1")]
    [InlineData("Teddy:Events:MaxFutureSkewMinutes", "20000")]
    [InlineData("Teddy:Serving:RefreshSeconds", "-30")]
    [InlineData("Teddy:Training:ItemKnn:B", "1.5")]
    [InlineData("Teddy:Training:Evaluation:HoldoutFraction", "1")]
    [InlineData("Teddy:Training:Selection:Rule", "9")]
    [InlineData("Teddy:Training:Gates:MinDataShare", "-0.1")]
    [InlineData("Teddy:Retrain:KeepRuns", "0")]
    [InlineData("Teddy:Bootstrap:SampleScale", "-2")]
    [InlineData("Teddy:Learning:AggregationSeconds", "0")]
    [InlineData("Teddy:Events:Weights:add-to-cart", "Infinity")]
    [InlineData("Teddy:Simulation:MaxSessions", "0")]
    [InlineData("Teddy:Simulation:KeepRuns", "0")]
    [InlineData("SIMULATION_QUEUE", "Simulation_Requests")]
    [InlineData("SIMULATION_QUEUE", "retrain-requests")]
    [InlineData("RETRAIN_QUEUE", "a-queue-name-of-fifty-seven-characters-leaves-no-room-xyz")]
    public async Task A_value_out_of_range_stops_start_up_naming_the_setting(string key, string value)
    {
        string message = await StartFailureAsync(key, value);
        Assert.Contains(key, message);
        if (!key.StartsWith("Teddy:Learning:", StringComparison.Ordinal)) Assert.Contains(key.Replace(":", "__"), message);
    }

    [Theory]
    [InlineData("Teddy:Ranking:AgeMismatch", "Sideways")]
    [InlineData("Teddy:Training:Selection:Rule", "Best")]
    [InlineData("Teddy:Ranking:MaxPerBrand", "two")]
    [InlineData("Teddy:Serving:ExampleUsers", "1e3")]
    [InlineData("Teddy:Logging:AzureSdk", "Loud")]
    public async Task A_value_that_does_not_bind_stops_start_up_naming_the_setting(string key, string value)
    {
        Assert.Contains(key, await StartFailureAsync(key, value));
    }

    [Fact]
    public async Task Without_an_Application_Insights_connection_string_no_exporter_is_registered_and_metrics_still_record()
    {
        await using var app = Build([]);
        Assert.Null(app.Services.GetService<MeterProvider>());
        var metrics = app.Services.GetRequiredService<TeddyMetrics>();
        metrics.ListServed("recommendations", "hybrid", "20260101_000000", 10, TimeSpan.FromMilliseconds(3)); // nobody listens: a no-op
        metrics.Click("hybrid", stored: true);
    }

    [Fact]
    public async Task With_a_connection_string_the_Azure_Monitor_exporter_collects_the_Teddy_meter()
    {
        await using var app = Build(new()
        {
            [Telemetry.ConnectionStringSetting] = "InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9/",
        });
        Assert.NotNull(app.Services.GetService<MeterProvider>());
    }

    [Fact]
    public void The_authentication_string_names_the_identity_the_exporter_signs_in_with()
    {
        Assert.Null(Telemetry.Credential(null));
        Assert.Null(Telemetry.Credential(" "));
        Assert.IsType<Azure.Identity.ManagedIdentityCredential>(Telemetry.Credential("Authorization=AAD;ClientId=3f2504e0-4f89-11d3-9a0c-0305e82c3301"));
        Assert.IsType<Azure.Identity.ManagedIdentityCredential>(Telemetry.Credential("Authorization=AAD"));
        var bad = Assert.Throws<InvalidOperationException>(() => Telemetry.Credential("Authorization=Key"));
        Assert.Contains(Telemetry.AuthenticationSetting, bad.Message);
    }
}
