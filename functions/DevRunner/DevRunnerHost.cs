using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
        });
        // Lowest precedence first: local.settings.json, then environment variables and the command line.
        var sources = builder.Configuration.Sources.ToList();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(local.Values);
        foreach (var source in sources) builder.Configuration.Sources.Add(source);
        configure?.Invoke(builder.Configuration);

        int port = builder.Configuration.GetValue<int?>("port") ?? local.LocalHttpPort ?? DefaultPort;
        if (builder.Configuration["urls"] is null) builder.WebHost.UseUrls($"http://localhost:{port}");

        var table = FunctionTable.Discover(typeof(DevRunnerHost).Assembly);
        string functionKey = builder.Configuration[FunctionKeySetting] is { Length: > 0 } configured
            ? configured
            : Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

        // Request-by-request ASP.NET Core logs would drown the app's own.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddMvcCore();
        builder.Services.AddTeddy(builder.Configuration);
        builder.Services.AddSingleton(table);
        builder.Services.AddHostedService<TimerScheduler>();
        builder.Services.AddHostedService<QueueListener>();

        var app = builder.Build();
        app.Logger.LogInformation("Development runner: settings from {Settings}; {Http} HTTP functions, {Timers} timers",
            local.Path ?? "environment only", table.Http.Count, table.Timers.Count);
        if (builder.Configuration[FunctionKeySetting] is not { Length: > 0 })
            app.Logger.LogWarning("{Setting} is not set; function-level routes need this generated key: {Key}", FunctionKeySetting, functionKey);

        var authorization = new FunctionKeyAuthorization(functionKey);
        foreach (var function in table.Http)
        {
            var invoke = FunctionInvoker.ForHttp(function);
            app.MapMethods(function.Route, function.Methods.Select(m => m.ToUpperInvariant()), async context =>
            {
                if (!authorization.Allows(function.AuthLevel, context.Request))
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }
                await invoke(context);
            }).WithDisplayName(function.Name);
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
