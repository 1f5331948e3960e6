using Azure.Core;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Teddy.Observability;

namespace Teddy.Functions.Observability;

/// <summary>
/// Application Insights through OpenTelemetry and the Azure Monitor exporter: the app's logs (structured, with their
/// properties as custom dimensions), Teddy's metrics (<see cref="TeddyMetrics"/>, meter <c>Teddy</c>) and traces.
/// Only when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set; without it nothing is registered, nothing is sent
/// and nothing fails. With <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> (<c>Authorization=AAD;ClientId=…</c>, what
/// the deployment sets because the resource has local auth disabled) the exporter signs in with that managed identity.
/// host.json's <c>telemetryMode: OpenTelemetry</c> makes the Functions host export its own telemetry the same way.
/// </summary>
public static class Telemetry
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>Registers the exporter when a connection string is configured; returns null (nothing registered) otherwise.</summary>
    /// <exception cref="InvalidOperationException">The authentication string is set but is not <c>Authorization=AAD[;ClientId=…]</c>.</exception>
    public static IOpenTelemetryBuilder? AddTeddyTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration[ConnectionStringSetting] is not { Length: > 0 } connectionString || string.IsNullOrWhiteSpace(connectionString)) return null;
        var credential = Credential(configuration[AuthenticationSetting]);
        return services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(TeddyMetrics.MeterName))
            .UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                if (credential is not null) options.Credential = credential;
            });
    }

    /// <summary>
    /// The credential an <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> names: <c>Authorization=AAD;ClientId=&lt;id&gt;</c>
    /// is that user-assigned identity, <c>Authorization=AAD</c> alone the system-assigned one; empty is none (the
    /// connection string's instrumentation key is used).
    /// </summary>
    public static TokenCredential? Credential(string? authentication)
    {
        if (string.IsNullOrWhiteSpace(authentication)) return null;
        var parts = authentication.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair.Length > 1 ? pair[1] : "", StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out string? kind) || !kind.Equals("AAD", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"{AuthenticationSetting} must be 'Authorization=AAD' with an optional ';ClientId=<client id>'; got '{authentication}'.");
        return parts.TryGetValue("ClientId", out string? clientId) && clientId.Length > 0
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned);
    }
}
