using System.Text.RegularExpressions;
using Teddy.Infra.Tests.Infrastructure;

namespace Teddy.Infra.Tests;

/// <summary>
/// infra/ lints and builds without a single diagnostic (bicepconfig.json makes the important linter rules errors),
/// and bicep predicts the deployment without one, all offline: no registry or template spec modules.
/// </summary>
[Collection(DeploymentCollection.Name)]
public class BicepToolingTests(DeploymentFixture deployment)
{
    [Fact]
    public void Every_bicep_file_lints_clean()
    {
        Assert.True(deployment.Lint.ExitCode == 0, deployment.Lint.ToString());
        Assert.True(deployment.Lint.StandardOutput.Trim().Length == 0 && deployment.Lint.StandardError.Trim().Length == 0, deployment.Lint.ToString());
    }

    [Fact]
    public void Main_builds_without_warnings()
    {
        Assert.True(deployment.Build.ExitCode == 0, deployment.Build.ToString());
        Assert.True(deployment.Build.StandardError.Trim().Length == 0, deployment.Build.ToString());
        Assert.Equal("https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
            (string?)deployment.Template["$schema"]); // subscription scope: it creates the resource group
    }

    [Fact]
    public void The_deployment_is_predicted_without_diagnostics()
    {
        Assert.Empty(deployment.Default.Diagnostics);
        Assert.Empty(deployment.Custom.Diagnostics);
    }

    [Fact]
    public async Task The_linter_reports_what_the_config_makes_errors()
    {
        // The lint test above must not pass because the linter is off: a file breaking an error rule fails.
        string folder = Directory.CreateTempSubdirectory("teddy-bicep-lint-").FullName;
        try
        {
            File.Copy(Path.Combine(RepositoryPaths.Infra, "bicepconfig.json"), Path.Combine(folder, "bicepconfig.json"));
            File.WriteAllText(Path.Combine(folder, "bad.bicep"), "param unused string\noutput location string = 'westeurope'\n");
            var result = await BicepCli.RunAsync(folder, "lint", "bad.bicep");
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("Error no-unused-params", result.StandardError + result.StandardOutput);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Registry_and_template_spec_modules_are_not_used()
    {
        // They are fetched from the network at build time (br/public:avm/... in the Azure samples).
        var external = new Regex(@"['""](br|ts)[:/]", RegexOptions.IgnoreCase);
        var files = Directory.GetFiles(RepositoryPaths.Infra, "*.bicep*", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        var offending = files.Where(f => external.IsMatch(File.ReadAllText(f))).Select(Path.GetFileName).ToArray();
        Assert.True(offending.Length == 0, $"Registry or template spec references in {string.Join(", ", offending)}");
        Assert.Matches(external, "module x 'br/public:avm/res/web/site:0.15.1' = {");
        Assert.Matches(external, "module x 'br:contoso.azurecr.io/bicep/site:1.0' = {");
    }
}
