using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Teddy.Serving;

namespace Teddy.Functions.DevRunner;

/// <summary>
/// Ends the development runner's start-up with what a developer needs: the URL and the function key. It
/// says so once listening, and again when the first model is served (on a fresh start the bootstrap trains
/// for a while and logs meanwhile, so the lines that matter would otherwise scroll away).
/// </summary>
public sealed class StartupBanner(
    IServer server,
    IHostApplicationLifetime lifetime,
    ServingModelProvider models,
    DevRunnerKey key,
    ILogger<StartupBanner> logger) : BackgroundService
{
    /// <summary>How long to wait for the first model before giving up on the second banner.</summary>
    private static readonly TimeSpan ModelWait = TimeSpan.FromMinutes(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!await StartedAsync(stoppingToken)) return;
        string url = Url();
        string keyLine = key.Generated
            ? $"function key (generated for this run; set {DevRunnerHost.FunctionKeySetting} to keep one): {key.Value}"
            : $"function key: the {DevRunnerHost.FunctionKeySetting} setting";
        if (models.Current is { } loaded)
        {
            logger.LogInformation("Teddy is ready at {Url} serving model {Version}; {KeyLine}", url, loaded.Version, keyLine);
            return;
        }
        logger.LogInformation("Teddy is listening at {Url} (no model yet: the API answers 503 until one is trained); {KeyLine}", url, keyLine);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(ModelWait);
        try
        {
            while (models.Current is null) await Task.Delay(TimeSpan.FromSeconds(1), timeout.Token);
            logger.LogInformation("Teddy is ready at {Url} serving model {Version}; {KeyLine}", url, models.Current.Version, keyLine);
        }
        catch (OperationCanceledException)
        {
            // Stopping, or no model within the wait: the first banner already said how to reach the app.
        }
    }

    private async Task<bool> StartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var stopping = stoppingToken.Register(() => started.TrySetCanceled());
        try
        {
            await started.Task;
            return true;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private string Url()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
        return addresses?.FirstOrDefault() is { } address ? address.TrimEnd('/') + "/" : "(unknown address)";
    }
}

/// <summary>The function key the development runner requires on function-level routes, and whether it was generated.</summary>
public sealed record DevRunnerKey(string Value, bool Generated);
