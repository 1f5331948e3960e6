using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Teddy.Infra.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Teddy.Infra.Tests;

/// <summary>What azd needs: azure.yaml's one function service, parameters mapped from its environment, the outputs it reads.</summary>
[Collection(DeploymentCollection.Name)]
public class AzdContractTests(DeploymentFixture deployment)
{
    private static YamlMappingNode AzureYaml()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(RepositoryPaths.Root, "azure.yaml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Services() => (YamlMappingNode)AzureYaml().Children[new YamlScalarNode("services")];

    /// <summary>The name of azure.yaml's only service.</summary>
    public static string ServiceName() => ((YamlScalarNode)Services().Children.Single().Key).Value!;

    [Fact]
    public void Azure_yaml_deploys_the_root_function_app()
    {
        var service = (YamlMappingNode)Assert.Single(Services().Children).Value;
        string Value(string key) => ((YamlScalarNode)service.Children[new YamlScalarNode(key)]).Value!;
        Assert.Equal("function", Value("host"));
        Assert.Equal("dotnet", Value("language"));
        Assert.Equal("./", Value("project"));
        // The project folder holds exactly one project: the function app.
        Assert.Equal(["Teddy.Functions.csproj"], Directory.GetFiles(Path.Combine(RepositoryPaths.Root, Value("project")), "*.csproj").Select(Path.GetFileName));
        Assert.False(AzureYaml().Children.ContainsKey(new YamlScalarNode("infra")), "azd's defaults (infra/main.bicep) are the layout");
    }

    private static JsonObject ParametersFile() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Infra, "main.parameters.json")))!["parameters"]!.AsObject();

    [Fact]
    public void Parameters_come_from_azds_environment()
    {
        var mapped = ParametersFile();
        Assert.Equal("${AZURE_ENV_NAME}", (string?)mapped["environmentName"]!["value"]);
        Assert.Equal("${AZURE_LOCATION}", (string?)mapped["location"]!["value"]);
        Assert.Equal("${AZURE_PRINCIPAL_ID}", (string?)mapped["principalId"]!["value"]);

        var declared = deployment.Template["parameters"]!.AsObject();
        var stale = mapped.Select(p => p.Key).Where(name => !declared.ContainsKey(name)).ToArray();
        Assert.True(stale.Length == 0, $"main.parameters.json maps parameters main.bicep does not declare: {string.Join(", ", stale)}");
        var unmapped = declared.Where(p => p.Value!["defaultValue"] is null && !mapped.ContainsKey(p.Key)).Select(p => p.Key).ToArray();
        Assert.True(unmapped.Length == 0, $"Required parameters azd cannot fill: {string.Join(", ", unmapped)}");
        // Each mapping is one ${VARIABLE} or ${VARIABLE=default}: azd substitutes nothing else.
        Assert.All(mapped, p => Assert.Matches(@"^\$\{[A-Z0-9_]+(=[^}]*)?\}$", (string)p.Value!["value"]!));
    }

    [Fact]
    public void Defaults_in_the_parameters_file_are_the_templates_defaults()
    {
        // ${VARIABLE=default} repeats main.bicep's default for azd; the two must not drift apart.
        var declared = deployment.Template["parameters"]!.AsObject();
        foreach (var (name, mapping) in ParametersFile())
        {
            var match = Regex.Match((string)mapping!["value"]!, @"^\$\{[A-Z0-9_]+=(?<default>[^}]*)\}$");
            if (!match.Success) continue;
            var templateDefault = declared[name]!["defaultValue"];
            Assert.True(templateDefault is not null, $"{name} has a default in main.parameters.json but none in main.bicep.");
            string expected = templateDefault is JsonValue value && value.TryGetValue(out bool flag)
                ? (flag ? "true" : "false")
                : templateDefault.ToString();
            Assert.True(expected == match.Groups["default"].Value,
                $"{name}: main.parameters.json defaults to '{match.Groups["default"].Value}', main.bicep to '{expected}'.");
        }
    }

    [Fact]
    public void Outputs_give_azd_what_it_reads()
    {
        var outputs = deployment.Default.Outputs;
        Assert.Equal(DeploymentFixture.Location, (string?)outputs["AZURE_LOCATION"]);
        Assert.Equal(DeploymentFixture.TenantId, (string?)outputs["AZURE_TENANT_ID"]);
        Assert.Equal("rg-teddy-test", (string?)outputs["AZURE_RESOURCE_GROUP"]);
        string service = ServiceName().ToUpperInvariant();
        var app = deployment.Default.Single("Microsoft.Web/sites");
        Assert.Equal((string?)app["name"], (string?)outputs[$"SERVICE_{service}_NAME"]);
        Assert.Equal($"[format('https://{{0}}', reference('{app["id"]}', '2024-04-01').defaultHostName)]", (string?)outputs[$"SERVICE_{service}_URI"]);
        var storage = deployment.Default.Single("Microsoft.Storage/storageAccounts");
        Assert.Equal((string?)storage["name"], (string?)outputs["AZURE_STORAGE_ACCOUNT_NAME"]);
    }

    [Fact]
    public void Everything_lands_in_the_environments_resource_group()
    {
        var group = deployment.Default.Single("Microsoft.Resources/resourceGroups");
        Assert.Equal("rg-teddy-test", (string?)group["name"]);
        Assert.Equal("teddy-test", (string?)group["tags"]!["azd-env-name"]);
        string prefix = $"/subscriptions/{DeploymentFixture.SubscriptionId}/resourceGroups/rg-teddy-test/";
        Assert.All(deployment.Default.Resources.Where(r => r != group), r =>
            Assert.StartsWith(prefix, (string)r["id"]!, StringComparison.OrdinalIgnoreCase));
        Assert.All(deployment.Default.Resources.Where(r => r["location"] is not null), r =>
            Assert.Equal(DeploymentFixture.Location, (string?)r["location"]));
    }
}
