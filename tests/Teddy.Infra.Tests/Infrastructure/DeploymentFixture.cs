using System.Text.Json.Nodes;

namespace Teddy.Infra.Tests.Infrastructure;

/// <summary>
/// Runs the bicep CLI once for all infra tests, in parallel: lints every .bicep file, builds main.bicep to ARM
/// JSON, and takes two deployment snapshots — <see cref="Default"/> (only what azd always passes: environment
/// name and location) and <see cref="Custom"/> (every optional parameter set to a non-default value).
/// </summary>
public sealed class DeploymentFixture : IAsyncLifetime
{
    public const string SubscriptionId = "8f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f";
    public const string TenantId = "0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a";
    public const string Location = "swedencentral";
    public const string DeployerId = "5a4b3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d";

    private string? _workFolder;

    /// <summary><c>bicep lint</c> over infra/**/*.bicep.</summary>
    public BicepResult Lint { get; private set; } = null!;

    /// <summary><c>bicep build infra/main.bicep --stdout</c>.</summary>
    public BicepResult Build { get; private set; } = null!;

    /// <summary>The compiled ARM template.</summary>
    public JsonObject Template { get; private set; } = null!;

    /// <summary>The deployment with azd's required parameters only (every other parameter at its default).</summary>
    public DeploymentSnapshot Default { get; private set; } = null!;

    /// <summary>The deployment with every optional parameter set (demo mode, a deploying principal, CORS, scale).</summary>
    public DeploymentSnapshot Custom { get; private set; } = null!;

    public static readonly IReadOnlyDictionary<string, string> DefaultParameters = new Dictionary<string, string>
    {
        ["environmentName"] = "'teddy-test'",
        ["location"] = $"'{Location}'",
    };

    public static readonly IReadOnlyDictionary<string, string> CustomParameters = new Dictionary<string, string>
    {
        ["environmentName"] = "'teddy-custom'",
        ["location"] = $"'{Location}'",
        ["principalId"] = $"'{DeployerId}'",
        ["principalType"] = "'ServicePrincipal'",
        ["corsAllowedOrigins"] = "' https://shop.example, https://www.shop.example ,'",
        ["instanceMemoryMB"] = "4096",
        ["maximumInstanceCount"] = "7",
        ["alwaysReadyInstances"] = "1",
        ["demo"] = "true",
        ["storageSkuName"] = "'Standard_ZRS'",
        ["storageDeleteRetentionDays"] = "0",
        ["logRetentionDays"] = "90",
    };

    public async Task InitializeAsync()
    {
        _workFolder = Directory.CreateTempSubdirectory("teddy-infra-tests-").FullName;
        var lint = BicepCli.RunAsync(RepositoryPaths.Root, "lint", "--pattern", "infra/**/*.bicep");
        var build = BicepCli.RunAsync(RepositoryPaths.Root, "build", Path.Combine("infra", "main.bicep"), "--stdout");
        var snapshotDefault = SnapshotAsync("default", DefaultParameters);
        var snapshotCustom = SnapshotAsync("custom", CustomParameters);
        await Task.WhenAll(lint, build, snapshotDefault, snapshotCustom);
        Lint = await lint;
        Build = await build;
        Assert.True(Build.ExitCode == 0, Build.ToString());
        Template = JsonNode.Parse(Build.StandardOutput)!.AsObject();
        Default = await snapshotDefault;
        Custom = await snapshotCustom;
    }

    /// <summary>Writes a .bicepparam file for main.bicep and has bicep predict the deployment.</summary>
    private async Task<DeploymentSnapshot> SnapshotAsync(string name, IReadOnlyDictionary<string, string> parameters)
    {
        string folder = Path.Combine(_workFolder!, name);
        Directory.CreateDirectory(folder);
        string main = Path.GetRelativePath(folder, Path.Combine(RepositoryPaths.Infra, "main.bicep")).Replace('\\', '/');
        string file = Path.Combine(folder, $"{name}.bicepparam");
        await File.WriteAllLinesAsync(file,
            [$"using '{main}'", .. parameters.Select(p => $"param {p.Key} = {p.Value}")]);
        var result = await BicepCli.RunAsync(folder, "snapshot", file, "--mode", "overwrite",
            "--subscription-id", SubscriptionId, "--tenant-id", TenantId, "--location", Location,
            "--deployment-name", $"teddy-{name}");
        string output = Path.ChangeExtension(file, ".snapshot.json");
        Assert.True(result.ExitCode == 0 && File.Exists(output), result.ToString());
        return new DeploymentSnapshot(JsonNode.Parse(await File.ReadAllTextAsync(output))!.AsObject(), parameters);
    }

    public Task DisposeAsync()
    {
        if (_workFolder is not null && Directory.Exists(_workFolder)) Directory.Delete(_workFolder, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class DeploymentCollection : ICollectionFixture<DeploymentFixture>
{
    public const string Name = "deployment";
}
