using Microsoft.Extensions.Configuration;
using Teddy.Hosting;
using Teddy.Infra.Tests.Infrastructure;
using Teddy.Serving;

namespace Teddy.Infra.Tests;

/// <summary>
/// The deployed app reads the same settings as a local one: every setting in local.settings.sample.json is an
/// app setting with the same value (except the local-only and demo ones, see <see cref="SampleSettings"/>), and
/// the deployment sets nothing the code does not read.
/// </summary>
[Collection(DeploymentCollection.Name)]
public class AppSettingsTests(DeploymentFixture deployment)
{
    /// <summary>Settings the platform reads, not the code (so they are not in the sample).</summary>
    private static readonly string[] PlatformPrefixes =
        ["AzureWebJobsStorage__", "TeddyStorage__", "APPLICATIONINSIGHTS_"];

    [Fact]
    public void Every_setting_of_the_sample_is_deployed_with_the_same_value()
    {
        var deployed = deployment.Default.AppSettings;
        var missing = SampleSettings.Deployed.Where(s => !deployed.ContainsKey(s.Key))
            .Select(s => $"  {s.Key} = '{s.Value}'").ToArray();
        var different = SampleSettings.Deployed.Where(s => deployed.TryGetValue(s.Key, out string? value) && value != s.Value)
            .Select(s => $"  {s.Key}: sample '{s.Value}', infra '{deployed[s.Key]}'").ToArray();
        Assert.True(missing.Length == 0 && different.Length == 0,
            (missing.Length > 0
                ? $"Settings in local.settings.sample.json that the deployment does not set — add them to infra/app/settings.bicep " +
                  $"(teddySettings; container, table and queue names to storageNames):\n{string.Join('\n', missing)}\n"
                : "") +
            (different.Length > 0 ? $"Settings the deployment sets to another value than the sample:\n{string.Join('\n', different)}\n" : ""));
    }

    [Fact]
    public void The_deployment_sets_no_setting_the_code_does_not_read()
    {
        // A misspelt name would silently leave the code default in force.
        var unknown = deployment.Default.AppSettings.Keys
            .Where(name => !SampleSettings.Values.ContainsKey(name) && !PlatformPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            .ToArray();
        Assert.True(unknown.Length == 0,
            $"App settings that are not in local.settings.sample.json (misspelt, or missing from the sample): {string.Join(", ", unknown)}");
    }

    [Fact]
    public void Local_only_settings_are_not_deployed()
    {
        var deployed = deployment.Default.AppSettings;
        Assert.All(SampleSettings.LocalOnly, setting => Assert.False(deployed.ContainsKey(setting.Key), $"{setting.Key} is local-only: {setting.Value}"));
    }

    [Fact]
    public void Demo_mode_turns_on_the_samples_demo_settings_and_is_off_by_default()
    {
        var on = deployment.Custom.AppSettings;
        Assert.All(SampleSettings.Demo, name =>
        {
            Assert.True(SampleSettings.Values.ContainsKey(name), $"{name} is no longer in local.settings.sample.json: update SampleSettings.Demo");
            Assert.True(on.TryGetValue(name, out string? value) && value == SampleSettings.Values[name],
                $"With demo = true, {name} should be the sample's '{SampleSettings.Values[name]}', not '{on.GetValueOrDefault(name)}'.");
        });

        // Off, they bind to exactly the code's defaults.
        var off = new ConfigurationBuilder()
            .AddInMemoryCollection(deployment.Default.AppSettings.Select(s => KeyValuePair.Create(s.Key.Replace("__", ":"), (string?)s.Value)))
            .Build();
        Assert.All(SampleSettings.Demo, name => Assert.True(off[name.Replace("__", ":")] is not null, $"{name} is not set when demo is off."));
        var bootstrap = off.GetSection(BootstrapOptions.Section).Get<BootstrapOptions>()!;
        var serving = off.GetSection(ServingOptions.Section).Get<ServingOptions>()!;
        Assert.Equal(new BootstrapOptions().SeedSampleData, bootstrap.SeedSampleData);
        Assert.Equal(new BootstrapOptions().TrainWhenNoModel, bootstrap.TrainWhenNoModel);
        Assert.Equal(new ServingOptions().ExampleUsers, serving.ExampleUsers);
    }

    [Fact]
    public void Settings_do_not_depend_on_the_other_parameters()
    {
        // Scale, CORS, retention and the principal change resources, never what the code reads.
        var custom = deployment.Custom.AppSettings;
        var changed = deployment.Default.AppSettings
            .Where(s => !SampleSettings.Demo.Contains(s.Key) && !DeploymentSnapshot.IsExpression(s.Value))
            .Where(s => !custom.TryGetValue(s.Key, out string? value) || value != s.Value)
            .Select(s => s.Key).ToArray();
        Assert.Empty(changed);
    }
}
