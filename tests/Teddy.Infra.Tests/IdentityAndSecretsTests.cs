using System.Text.RegularExpressions;
using Teddy.Infra.Tests.Infrastructure;

namespace Teddy.Infra.Tests;

/// <summary>
/// No keys anywhere: storage accepts only Microsoft Entra ID, the host and the app connect with the user-assigned
/// identity, Application Insights and Log Analytics refuse key-based ingestion, and nothing in the template
/// reads a key or builds a connection string.
/// </summary>
[Collection(DeploymentCollection.Name)]
public class IdentityAndSecretsTests(DeploymentFixture deployment)
{
    /// <summary>Connection settings the Functions host or the app reads (AzureWebJobsStorage for the host, TeddyStorage for Teddy).</summary>
    public static TheoryData<string> Connections => new() { "AzureWebJobsStorage", "TeddyStorage" };

    /// <summary>Resource id of the user-assigned identity the deployment creates.</summary>
    private string IdentityId => (string)deployment.Default.Single("Microsoft.ManagedIdentity/userAssignedIdentities")["id"]!;

    [Theory]
    [MemberData(nameof(Connections))]
    public void Storage_connections_use_the_managed_identity(string connection)
    {
        var settings = deployment.Default.AppSettings;
        string identity = Regex.Escape(IdentityId);
        string account = deployment.Default.Single("Microsoft.Storage/storageAccounts")["name"]!.GetValue<string>();

        Assert.False(settings.ContainsKey(connection), $"{connection} must not be a connection string in Azure.");
        Assert.Equal("managedidentity", settings[$"{connection}__credential"]);
        // The client id of the app's identity (known after deployment).
        Assert.Matches($@"^\[reference\('{identity}', '[^']+'\)\.clientId\]$", settings[$"{connection}__clientId"]);
        foreach (string service in new[] { "blob", "queue", "table" })
        {
            string value = settings[$"{connection}__{service}ServiceUri"];
            Assert.Matches($@"^\[reference\('[^']*/Microsoft\.Storage/storageAccounts/{account}', '[^']+'\)\.primaryEndpoints\.{service}\]$", value);
        }
        Assert.DoesNotContain(settings.Keys, name => name.StartsWith($"{connection}__accountKey", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_app_runs_as_the_user_assigned_identity_only()
    {
        var app = deployment.Default.Single("Microsoft.Web/sites");
        Assert.Equal("UserAssigned", (string?)app["identity"]!["type"]);
        var identities = app["identity"]!["userAssignedIdentities"]!.AsObject();
        Assert.Single(identities);
        Assert.Equal(IdentityId, identities.Single().Key);
    }

    [Fact]
    public void Telemetry_is_sent_with_the_identity()
    {
        var settings = deployment.Default.AppSettings;
        string authentication = settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"];
        Assert.Matches($@"^\[format\('ClientId=\{{0\}};Authorization=AAD', reference\('{Regex.Escape(IdentityId)}', '[^']+'\)\.clientId\)\]$", authentication);
        string component = deployment.Default.Single("Microsoft.Insights/components")["name"]!.GetValue<string>();
        Assert.Matches($@"^\[reference\('[^']*/Microsoft\.Insights/components/{component}', '2020-02-02'\)\.ConnectionString\]$",
            settings["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        Assert.DoesNotContain(settings.Keys, name => name.Equals("APPINSIGHTS_INSTRUMENTATIONKEY", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Storage_accepts_only_entra_id_over_https()
    {
        foreach (var snapshot in new[] { deployment.Default, deployment.Custom })
        {
            var properties = snapshot.Single("Microsoft.Storage/storageAccounts")["properties"]!;
            Assert.False((bool)properties["allowSharedKeyAccess"]!);
            Assert.False((bool)properties["allowBlobPublicAccess"]!);
            Assert.True((bool)properties["defaultToOAuthAuthentication"]!);
            Assert.True((bool)properties["supportsHttpsTrafficOnly"]!);
            Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
        }
    }

    [Fact]
    public void Monitoring_refuses_key_based_ingestion()
    {
        var component = deployment.Default.Single("Microsoft.Insights/components");
        Assert.True((bool)component["properties"]!["DisableLocalAuth"]!);
        var workspace = deployment.Default.Single("Microsoft.OperationalInsights/workspaces");
        Assert.True((bool)workspace["properties"]!["features"]!["disableLocalAuth"]!);
        Assert.Equal((string?)workspace["id"], (string?)component["properties"]!["WorkspaceResourceId"]);
    }

    [Fact]
    public void The_app_is_served_over_https_only()
    {
        var app = deployment.Default.Single("Microsoft.Web/sites");
        Assert.True((bool)app["properties"]!["httpsOnly"]!);
        Assert.Equal("1.2", (string?)app["properties"]!["siteConfig"]!["minTlsVersion"]);
    }

    /// <summary>Functions and fragments that read keys or build key-based connection strings.</summary>
    private static readonly Regex Secrets = new(
        @"list(Keys|AccountSas|ServiceSas|ConnectionStrings|Credentials?|Secrets)\s*\(|AccountKey=|SharedAccessSignature=|DefaultEndpointsProtocol=|InstrumentationKey=|APPINSIGHTS_INSTRUMENTATIONKEY|primaryKey|secondaryKey",
        RegexOptions.IgnoreCase);

    [Fact]
    public void Nothing_reads_a_key_or_builds_a_connection_string()
    {
        foreach (var (name, text) in new[]
        {
            ("the compiled template", deployment.Build.StandardOutput),
            ("the default snapshot", string.Join('\n', deployment.Default.Resources.Select(r => r.ToJsonString()))),
            ("the custom snapshot", string.Join('\n', deployment.Custom.Resources.Select(r => r.ToJsonString()))),
        })
        {
            var found = Secrets.Matches(text).Select(m => m.Value).Distinct().ToArray();
            Assert.True(found.Length == 0, $"{name} reads keys or builds connection strings: {string.Join(", ", found)}");
        }
    }

    [Fact]
    public void The_secret_check_finds_what_it_looks_for()
    {
        // The check above must not pass by matching nothing.
        Assert.Matches(Secrets, "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'st'), '2024-01-01').keys[0].value]");
        Assert.Matches(Secrets, "DefaultEndpointsProtocol=https;AccountName=st;AccountKey=abc");
        Assert.Matches(Secrets, "InstrumentationKey=00000000-0000-0000-0000-000000000000");
        Assert.DoesNotMatch(Secrets, "[reference('x', '2020-02-02').ConnectionString]");
    }
}
