using Teddy.Infra.Tests.Infrastructure;

namespace Teddy.Infra.Tests;

/// <summary>
/// Every container, table and queue the app names in its Teddy__Storage__* settings exists after deployment
/// (with a -poison queue per queue, where the Functions host moves messages that keep failing), and the
/// deployment creates nothing else but the deployment package container.
/// </summary>
[Collection(DeploymentCollection.Name)]
public class StorageResourcesTests(DeploymentFixture deployment)
{
    private const string Containers = "Microsoft.Storage/storageAccounts/blobServices/containers";
    private const string Tables = "Microsoft.Storage/storageAccounts/tableServices/tables";
    private const string Queues = "Microsoft.Storage/storageAccounts/queueServices/queues";

    /// <summary>(resource type, name) for each storage name setting in the sample, by the ending of its name.</summary>
    private static IEnumerable<(string Type, string Name, string Setting)> Expected()
    {
        foreach (var (setting, name) in SampleSettings.Values.Where(s => s.Key.StartsWith("Teddy__Storage__", StringComparison.OrdinalIgnoreCase)
                     || s.Key.EndsWith("_QUEUE", StringComparison.Ordinal)))
        {
            if (setting.EndsWith("Container", StringComparison.OrdinalIgnoreCase)) yield return (Containers, name, setting);
            else if (setting.EndsWith("Table", StringComparison.OrdinalIgnoreCase)) yield return (Tables, name, setting);
            else if (setting.EndsWith("Queue", StringComparison.OrdinalIgnoreCase))
            {
                yield return (Queues, name, setting);
                yield return (Queues, $"{name}-poison", setting);
            }
        }
    }

    [Fact]
    public void Every_container_table_and_queue_the_app_names_is_created()
    {
        foreach (var snapshot in new[] { deployment.Default, deployment.Custom })
        {
            var missing = Expected()
                .Where(e => !snapshot.OfType(e.Type).Any(r => DeploymentSnapshot.LeafName(r) == e.Name))
                .Select(e => $"  {e.Type.Split('/')[^1]} '{e.Name}' ({e.Setting})").ToArray();
            Assert.True(missing.Length == 0,
                $"Not created by infra/ — add the setting to storageNames in infra/app/settings.bicep:\n{string.Join('\n', missing)}");
        }
    }

    [Fact]
    public void Nothing_else_is_created_but_the_deployment_container()
    {
        var expected = Expected().Select(e => (e.Type, e.Name)).ToHashSet();
        var app = deployment.Default.Single("Microsoft.Web/sites");
        string deploymentStorage = (string)app["properties"]!["functionAppConfig"]!["deployment"]!["storage"]!["value"]!;
        var extra = new[] { Containers, Tables, Queues }
            .SelectMany(type => deployment.Default.OfType(type).Select(r => (Type: type, Name: DeploymentSnapshot.LeafName(r))))
            .Where(r => !expected.Contains(r))
            .ToArray();
        var container = Assert.Single(extra);
        Assert.Equal(Containers, container.Type);
        Assert.EndsWith($"'{container.Name}')]", deploymentStorage);
    }

    [Fact]
    public void Names_are_valid_storage_names()
    {
        foreach (var (type, name, setting) in Expected())
        {
            string pattern = type == Tables ? "^[A-Za-z][A-Za-z0-9]{2,62}$" : "^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$";
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(name, pattern), $"{setting} = '{name}' is not a valid {type.Split('/')[^1]} name.");
        }
    }

    [Fact]
    public void Soft_delete_keeps_deleted_blobs_for_the_days_given()
    {
        var on = deployment.Default.Single("Microsoft.Storage/storageAccounts/blobServices")["properties"]!;
        Assert.True((bool)on["deleteRetentionPolicy"]!["enabled"]!);
        Assert.Equal(7, (int)on["deleteRetentionPolicy"]!["days"]!);
        Assert.True((bool)on["containerDeleteRetentionPolicy"]!["enabled"]!);
        var off = deployment.Custom.Single("Microsoft.Storage/storageAccounts/blobServices")["properties"]!;
        Assert.False((bool)off["deleteRetentionPolicy"]!["enabled"]!);
        Assert.False((bool)off["containerDeleteRetentionPolicy"]!["enabled"]!);
        Assert.Equal("Standard_ZRS", (string?)deployment.Custom.Single("Microsoft.Storage/storageAccounts")["sku"]!["name"]);
    }
}
