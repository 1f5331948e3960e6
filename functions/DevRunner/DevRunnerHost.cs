using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Teddy.Functions.Observability;
using Teddy.Hosting;

namespace Teddy.Functions.DevRunner;

/// <summary>
/// The development runner: serves this app's function classes on their own routes with plain ASP.NET Core
/// and fires its timers, for machines without Azure Functions Core Tools. Start it with
/// <c>dotnet bin/Release/net10.0/Teddy.Functions.dll --dev-runner [--port N]</c> (not <c>dotnet run</c>, which the
/// Worker SDK points at Core Tools). It is not the production host: in Azure, and wherever
/// <c>func</c> is installed, the Functions host runs the same classes.
/// </summary>
public static class DevRunnerHost
{
    public const string Switch = "--dev-runner";
    public const string FunctionKeySetting = "DEV_RUNNER_FUNCTION_KEY";
    public const int DefaultPort = 7860;

    public static bool IsRequested(string[] args) => args.Contains(Switch);

    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null)
    {
        var local = LocalSettings.Find(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args.Where(a => a != Switch).ToArray(),
            ContentRootPath = AppContext.BaseDirectory,
            // A local development tool: Development unless ASPNETCORE_ENVIRONMENT/DOTNET_ENVIRONMENT says otherwise.
            EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
                ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Development,
        });
        // Lowest precedence first: local.settings.json, then environment variables and the command line.
        var sources = builder.Configuration.Sources.ToList();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(local.Values);
        builder.Configuration.AddInMemoryCollection(local.HostValues);
        foreach (var source in sources) builder.Configuration.Sources.Add(source);
        configure?.Invoke(builder.Configuration);

        int port = builder.Configuration.GetValue<int?>("port") ?? local.LocalHttpPort ?? DefaultPort;
        if (builder.Configuration["urls"] is null) builder.WebHost.UseUrls($"http://localhost:{port}");

        var table = FunctionTable.Discover(typeof(DevRunnerHost).Assembly);
        var key = builder.Configuration[FunctionKeySetting] is { Length: > 0 } configured
            ? new DevRunnerKey(configured, Generated: false)
            : new DevRunnerKey(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), Generated: true);

        // Request-by-request ASP.NET Core logs would drown the app's own.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddMvcCore();
        var cors = DevRunnerCors.Policy(builder.Configuration);
        if (cors is not null) builder.Services.AddCors(options => options.AddDefaultPolicy(cors));
        builder.Services.AddTeddy(builder.Configuration);
        builder.Services.AddTeddyTelemetry(builder.Configuration);
        builder.Services.AddSingleton(table);
        builder.Services.AddHostedService<TimerScheduler>();
        builder.Services.AddSingleton(key);
        builder.Services.AddHostedService<StartupBanner>();
        builder.Services.AddHostedService<QueueListener>();

        var app = builder.Build();
        app.Logger.LogInformation("Development runner: settings from {Settings}; {Http} HTTP functions, {Timers} timers",
            local.Path ?? "environment only", table.Http.Count, table.Timers.Count);

        // Every answer of the runner's own is a problem+json, as the functions' are; cross-origin calls as Host.CORS allows.
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = HostProblems.UnexpectedAsync });
        app.UseStatusCodePages(status => HostProblems.StatusCodeAsync(status, table));
        app.UseRouting();
        if (cors is not null) app.UseCors();

        var authorization = new FunctionKeyAuthorization(key.Value);
        foreach (var function in table.Http)
        {
            var invoke = FunctionInvoker.ForHttp(function);
            app.MapMethods(function.Route, function.Methods.Select(m => m.ToUpperInvariant()), async context =>
            {
                if (authorization.Check(function.AuthLevel, context.Request) is var verdict and not FunctionKeyVerdict.Allowed)
                {
                    await HostProblems.UnauthorizedAsync(context, verdict == FunctionKeyVerdict.NotAccepted);
                    return;
                }
                await invoke(context);
            }).WithDisplayName(function.Name).WithMetadata(function);
        }
        return app;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        await using var app = Build(args);
        await app.RunAsync();
        return 0;
    }
}
