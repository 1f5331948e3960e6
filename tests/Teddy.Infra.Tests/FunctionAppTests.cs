using System.Text.Json.Nodes;
using System.Xml.Linq;
using Teddy.Infra.Tests.Infrastructure;

namespace Teddy.Infra.Tests;

/// <summary>
/// The function app: Flex Consumption (FC1), the .NET isolated runtime at the project's .NET version, deployed
/// from a blob container with the identity, scale and CORS from the parameters, found by azd through its tag.
/// </summary>
[Collection(DeploymentCollection.Name)]
public class FunctionAppTests(DeploymentFixture deployment)
{
    /// <summary>App settings Flex Consumption replaced by site properties; setting them breaks or is ignored.</summary>
    private static readonly string[] FlexDeprecated =
    [
        "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_WORKER_RUNTIME_VERSION", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE",
        "WEBSITE_CONTENTSHARE", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING", "WEBSITE_CONTENTOVERVNET", "WEBSITE_NODE_DEFAULT_VERSION",
        "WEBSITE_MAX_DYNAMIC_APPLICATION_SCALE_OUT", "WEBSITE_USE_PLACEHOLDER_DOTNETISOLATED", "SCM_DO_BUILD_DURING_DEPLOYMENT",
        "ENABLE_ORYX_BUILD", "WEBSITE_TIME_ZONE", "TZ", "AzureWebJobsStorage__accountKey",
    ];

    private JsonObject App(DeploymentSnapshot snapshot) => snapshot.Single("Microsoft.Web/sites");

    [Fact]
    public void The_plan_is_flex_consumption()
    {
        var plan = deployment.Default.Single("Microsoft.Web/serverfarms");
        Assert.Equal("2024-04-01", (string?)plan["apiVersion"]);
        Assert.Equal("FC1", (string?)plan["sku"]!["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]!["tier"]);
        Assert.True((bool)plan["properties"]!["reserved"]!); // Linux
        Assert.Equal((string?)plan["id"], (string?)App(deployment.Default)["properties"]!["serverFarmId"]);
    }

    [Fact]
    public void The_runtime_is_dotnet_isolated_at_the_projects_version()
    {
        var app = App(deployment.Default);
        Assert.Equal("2024-04-01", (string?)app["apiVersion"]);
        Assert.Equal("functionapp,linux", (string?)app["kind"]);
        var runtime = app["properties"]!["functionAppConfig"]!["runtime"]!;
        Assert.Equal("dotnet-isolated", (string?)runtime["name"]);
        // The function app's target framework (net10.0) decides the runtime version (10.0).
        string framework = XDocument.Load(Path.Combine(RepositoryPaths.Root, "Teddy.Functions.csproj"))
            .Descendants("TargetFramework").Single().Value;
        Assert.Equal(framework["net".Length..], (string?)runtime["version"]);
        Assert.Equal("10.0", (string?)runtime["version"]);
    }

    [Fact]
    public void The_package_is_deployed_from_a_created_container_with_the_identity()
    {
        foreach (var snapshot in new[] { deployment.Default, deployment.Custom })
        {
            var app = App(snapshot);
            var storage = app["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!;
            Assert.Equal("blobContainer", (string?)storage["type"]);
            string account = (string)snapshot.Single("Microsoft.Storage/storageAccounts")["id"]!;
            var container = System.Text.RegularExpressions.Regex.Match((string)storage["value"]!,
                $@"^\[format\('\{{0\}}\{{1\}}', reference\('{account}', '[^']+'\)\.primaryEndpoints\.blob, '([a-z0-9-]+)'\)\]$");
            Assert.True(container.Success, $"Unexpected deployment storage value {(string?)storage["value"]}");
            Assert.Contains(container.Groups[1].Value, snapshot.OfType("Microsoft.Storage/storageAccounts/blobServices/containers").Select(DeploymentSnapshot.LeafName));
            Assert.Equal("UserAssignedIdentity", (string?)storage["authentication"]!["type"]);
            string identity = (string)storage["authentication"]!["userAssignedIdentityResourceId"]!;
            Assert.Contains(identity, app["identity"]!["userAssignedIdentities"]!.AsObject().Select(p => p.Key));
        }
    }

    [Fact]
    public void Scale_follows_the_parameters()
    {
        var scale = App(deployment.Default)["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!;
        Assert.Equal(2048, (int)scale["instanceMemoryMB"]!);
        Assert.Equal(100, (int)scale["maximumInstanceCount"]!);
        Assert.Empty(scale["alwaysReady"]!.AsArray());

        scale = App(deployment.Custom)["properties"]!["functionAppConfig"]!["scaleAndConcurrency"]!;
        Assert.Equal(4096, (int)scale["instanceMemoryMB"]!);
        Assert.Equal(7, (int)scale["maximumInstanceCount"]!);
        var alwaysReady = Assert.Single(scale["alwaysReady"]!.AsArray());
        Assert.Equal("http", (string?)alwaysReady!["name"]);
        Assert.Equal(1, (int)alwaysReady["instanceCount"]!);
    }

    [Fact]
    public void Cors_allows_exactly_the_origins_given()
    {
        var cors = App(deployment.Default)["properties"]!["siteConfig"]!["cors"]!;
        Assert.Empty(cors["allowedOrigins"]!.AsArray());
        Assert.False((bool)cors["supportCredentials"]!);

        // ' https://shop.example, https://www.shop.example ,' → trimmed, empty entries dropped.
        cors = App(deployment.Custom)["properties"]!["siteConfig"]!["cors"]!;
        Assert.Equal(["https://shop.example", "https://www.shop.example"], cors["allowedOrigins"]!.AsArray().Select(o => (string)o!));
    }

    [Fact]
    public void Azd_finds_the_app_by_its_service_tag()
    {
        string service = AzdContractTests.ServiceName();
        Assert.Equal(service, (string?)App(deployment.Default)["tags"]!["azd-service-name"]);
        Assert.Equal("teddy-test", (string?)App(deployment.Default)["tags"]!["azd-env-name"]);
        // azd reads SERVICE_<NAME>_NAME to deploy without a lookup.
        Assert.NotNull(deployment.Default.Outputs[$"SERVICE_{service.ToUpperInvariant()}_NAME"]);
    }

    [Fact]
    public void No_setting_flex_consumption_rejects_or_ignores()
    {
        var settings = deployment.Custom.AppSettings;
        var rejected = FlexDeprecated.Where(settings.ContainsKey).ToArray();
        Assert.True(rejected.Length == 0, $"Flex Consumption does not take: {string.Join(", ", rejected)}");
    }

    [Fact]
    public void Resource_api_versions_are_the_ones_known_to_work()
    {
        var expected = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Microsoft.Web/sites"] = "2024-04-01",
            ["Microsoft.Web/sites/config"] = "2024-04-01",
            ["Microsoft.Web/serverfarms"] = "2024-04-01",
            ["Microsoft.Storage/storageAccounts"] = "2024-01-01",
            ["Microsoft.Insights/components"] = "2020-02-02",
            ["Microsoft.Authorization/roleAssignments"] = "2022-04-01",
        };
        var wrong = deployment.Custom.Resources
            .Where(r => expected.TryGetValue((string)r["type"]!, out string? version) && (string?)r["apiVersion"] != version)
            .Select(r => $"{r["type"]}@{r["apiVersion"]}").ToArray();
        Assert.Empty(wrong);
        Assert.All(expected.Keys, type => Assert.NotEmpty(deployment.Custom.OfType(type)));
    }
}
