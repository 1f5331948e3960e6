using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Teddy.Artifacts;
using Teddy.Functions.DevRunner;
using Teddy.Ranking;
using Teddy.Serving;

namespace Teddy.Functions.Tests.Http;

/// <summary>
/// A quiet, honest start-up: the development runner reads Development, the Azure SDK's per-request logs stay
/// below Warning unless a setting raises them, and the last start-up line names the URL and the function key.
/// </summary>
public class StartupTests
{
    /// <summary>The runner as configured, not started (nothing connects to storage).</summary>
    private static Microsoft.AspNetCore.Builder.WebApplication Build(Dictionary<string, string?> settings)
    {
        settings.TryAdd("TeddyStorage", "UseDevelopmentStorage=true");
        settings.TryAdd("RETRAIN_SCHEDULE", "0 0 3 * * *");
        settings.TryAdd("RETRAIN_QUEUE", "retrain-requests");
        return DevRunnerHost.Build(["--urls", "http://127.0.0.1:0"], config => config.AddInMemoryCollection(settings));
    }

    [Fact]
    public async Task The_development_runner_reads_Development()
    {
        await using var app = Build([]);
        string expected = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Development;
        Assert.Equal(expected, app.Environment.EnvironmentName);
    }

    [Fact]
    public async Task Azure_SDK_request_logs_start_at_Warning()
    {
        await using var app = Build([]);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Azure.Core");
        Assert.False(logger.IsEnabled(LogLevel.Information));
        Assert.True(logger.IsEnabled(LogLevel.Warning));
        Assert.True(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Teddy.Training.RetrainService").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public async Task A_setting_raises_the_Azure_SDK_logs()
    {
        await using var app = Build(new() { ["Teddy:Logging:AzureSdk"] = "Information" });
        Assert.True(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Azure.Core").IsEnabled(LogLevel.Information));
    }

    [Fact]
    public async Task The_last_start_up_line_names_the_url_and_the_generated_function_key()
    {
        var lifetime = new Lifetime();
        var logs = new ListLogger<StartupBanner>();
        var models = new ServingModelProvider(new NoModelStore(), Options.Create(new RankingOptions()), NullLogger<ServingModelProvider>.Instance);
        var banner = new StartupBanner(new AddressedServer("http://localhost:7860"), lifetime, models, new DevRunnerKey("k3y", Generated: true), logs);

        using var stop = new CancellationTokenSource();
        await banner.StartAsync(stop.Token);
        lifetime.Start();
        for (int i = 0; i < 100 && logs.Lines.Count == 0; i++) await Task.Delay(20);
        await stop.CancelAsync();
        await banner.StopAsync(CancellationToken.None);

        string last = Assert.Single(logs.Lines);
        Assert.Contains("http://localhost:7860/", last);
        Assert.Contains("k3y", last);
        Assert.Contains(DevRunnerHost.FunctionKeySetting, last);
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _started = new();
        public CancellationToken ApplicationStarted => _started.Token;
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void Start() => _started.Cancel();
        public void StopApplication() { }
    }

    private sealed class AddressedServer : IServer
    {
        public AddressedServer(string address)
        {
            var addresses = new ServerAddressesFeature();
            addresses.Addresses.Add(address);
            Features.Set<IServerAddressesFeature>(addresses);
        }

        public IFeatureCollection Features { get; } = new FeatureCollection();
        public Task StartAsync<TContext>(Microsoft.AspNetCore.Hosting.Server.IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public void Dispose() { }
    }

    private sealed class ListLogger<T> : ILogger<T>
    {
        public List<string> Lines { get; } = [];
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines) Lines.Add(formatter(state, exception));
        }
    }

    /// <summary>A store with nothing promoted: the provider serves no model.</summary>
    private sealed class NoModelStore : IModelStore
    {
        public Task SaveAsync(ModelMetadata metadata, byte[] model, string? reportJson, CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task<bool> PromoteAsync(string version, string? reason, string? expectedETag, CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task<ModelPointer?> GetPointerAsync(CancellationToken cancellation = default) => Task.FromResult<ModelPointer?>(null);
        public Task<string?> GetPointerETagAsync(CancellationToken cancellation = default) => Task.FromResult<string?>(null);
        public Task<byte[]> LoadModelAsync(string version, CancellationToken cancellation = default) => throw new NotSupportedException();
        public Task<ModelMetadata?> GetMetadataAsync(string version, CancellationToken cancellation = default) => Task.FromResult<ModelMetadata?>(null);
        public Task<string?> GetReportAsync(string version, CancellationToken cancellation = default) => Task.FromResult<string?>(null);
        public Task<IReadOnlyList<string>> ListVersionsAsync(CancellationToken cancellation = default) => Task.FromResult<IReadOnlyList<string>>([]);
        public Task DeleteVersionAsync(string version, CancellationToken cancellation = default) => Task.CompletedTask;
    }
}
