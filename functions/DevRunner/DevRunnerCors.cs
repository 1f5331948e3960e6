using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace Teddy.Functions.DevRunner;

/// <summary>
/// Cross-origin requests as Core Tools allows them: <c>Host.CORS</c> in local.settings.json lists the origins a
/// browser may call the app from (comma-separated, or <c>*</c> for any), with any method and header;
/// <c>Host.CORSCredentials</c> lets such requests carry cookies. With no origins set, cross-origin calls are not
/// allowed, as under Core Tools. In Azure the function app's own CORS settings apply instead.
/// </summary>
public static class DevRunnerCors
{
    public const string OriginsSetting = "Host:CORS";
    public const string CredentialsSetting = "Host:CORSCredentials";

    /// <summary>The policy the settings describe, or null when no origin is allowed.</summary>
    /// <exception cref="InvalidOperationException">Credentials are allowed together with any origin (<c>*</c>), which the CORS protocol forbids.</exception>
    public static CorsPolicy? Policy(IConfiguration configuration)
    {
        string[] origins = (configuration[OriginsSetting] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (origins.Length == 0) return null;
        var policy = new CorsPolicyBuilder(origins).AllowAnyHeader().AllowAnyMethod();
        if (configuration.GetValue<bool>(CredentialsSetting))
        {
            if (origins.Contains("*"))
                throw new InvalidOperationException(
                    $"{OriginsSetting} is '*' and {CredentialsSetting} is true: the CORS protocol does not allow credentials from any origin; list the origins instead.");
            policy.AllowCredentials();
        }
        return policy.Build();
    }
}
