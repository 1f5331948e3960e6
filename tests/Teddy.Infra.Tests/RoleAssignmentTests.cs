using System.Text.Json.Nodes;
using Teddy.Infra.Tests.Infrastructure;

namespace Teddy.Infra.Tests;

/// <summary>
/// The identity holds exactly the data roles the app needs, on the resources it needs them on; the deploying
/// principal, when azd passes one, gets the storage roles too (to upload the catalog and events); nobody else
/// gets anything.
/// </summary>
[Collection(DeploymentCollection.Name)]
public class RoleAssignmentTests(DeploymentFixture deployment)
{
    private const string BlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string QueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string TableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";

    /// <summary>Role → the type of resource it is assigned on.</summary>
    private static readonly (string Role, string Name, string Scope)[] IdentityRoles =
    [
        (BlobDataOwner, "Storage Blob Data Owner", "Microsoft.Storage/storageAccounts"),
        (QueueDataContributor, "Storage Queue Data Contributor", "Microsoft.Storage/storageAccounts"),
        (TableDataContributor, "Storage Table Data Contributor", "Microsoft.Storage/storageAccounts"),
        (MonitoringMetricsPublisher, "Monitoring Metrics Publisher", "Microsoft.Insights/components"),
    ];

    private static string Role(JsonObject assignment) => ((string)assignment["properties"]!["roleDefinitionId"]!).Split('/')[^1];

    private static string Principal(JsonObject assignment) => (string)assignment["properties"]!["principalId"]!;

    /// <summary>The resource an assignment is on: its id up to /providers/Microsoft.Authorization/roleAssignments/.</summary>
    private static string Scope(JsonObject assignment)
    {
        string id = (string)assignment["id"]!;
        return id[..id.IndexOf("/providers/Microsoft.Authorization/roleAssignments/", StringComparison.OrdinalIgnoreCase)];
    }

    private static bool IsIdentity(DeploymentSnapshot snapshot, JsonObject assignment)
    {
        string identityId = (string)snapshot.Single("Microsoft.ManagedIdentity/userAssignedIdentities")["id"]!;
        return Principal(assignment).StartsWith($"[reference('{identityId}'", StringComparison.OrdinalIgnoreCase)
            && Principal(assignment).EndsWith(".principalId]", StringComparison.Ordinal);
    }

    [Fact]
    public void The_identity_has_each_role_it_needs_on_the_right_resource()
    {
        foreach (var snapshot in new[] { deployment.Default, deployment.Custom })
        {
            var assignments = snapshot.OfType("Microsoft.Authorization/roleAssignments").Where(a => IsIdentity(snapshot, a)).ToArray();
            foreach (var (role, name, scopeType) in IdentityRoles)
            {
                string scope = (string)snapshot.Single(scopeType)["id"]!;
                var matching = assignments.Where(a => Role(a) == role).ToArray();
                Assert.True(matching.Length == 1, $"The identity should have {name} once, has it {matching.Length} times.");
                Assert.Equal(scope, Scope(matching[0]), StringComparer.OrdinalIgnoreCase);
                Assert.Equal("ServicePrincipal", (string?)matching[0]["properties"]!["principalType"]);
                Assert.Equal("2022-04-01", (string?)matching[0]["apiVersion"]);
                Assert.EndsWith($"/providers/Microsoft.Authorization/roleDefinitions/{role}", (string)matching[0]["properties"]!["roleDefinitionId"]!);
            }
            Assert.Equal(IdentityRoles.Length, assignments.Length);
        }
    }

    [Fact]
    public void Without_a_deploying_principal_only_the_identity_gets_roles()
    {
        var others = deployment.Default.OfType("Microsoft.Authorization/roleAssignments").Where(a => !IsIdentity(deployment.Default, a));
        Assert.Empty(others);
    }

    [Fact]
    public void The_deploying_principal_gets_the_storage_roles()
    {
        string storage = (string)deployment.Custom.Single("Microsoft.Storage/storageAccounts")["id"]!;
        var assignments = deployment.Custom.OfType("Microsoft.Authorization/roleAssignments")
            .Where(a => Principal(a) == DeploymentFixture.DeployerId).ToArray();
        Assert.Equal(new[] { BlobDataOwner, QueueDataContributor, TableDataContributor }.Order(), assignments.Select(Role).Order());
        Assert.All(assignments, a =>
        {
            Assert.Equal(storage, Scope(a), StringComparer.OrdinalIgnoreCase);
            Assert.Equal("ServicePrincipal", (string?)a["properties"]!["principalType"]); // as passed in the custom parameters
        });
    }

    [Fact]
    public void Assignment_names_are_unique_guids_per_environment()
    {
        // Names are GUIDs derived from scope, principal and role: a redeployment finds the same assignment
        // instead of failing with RoleAssignmentExists.
        var names = deployment.Custom.OfType("Microsoft.Authorization/roleAssignments").Select(a => (string)a["name"]!).ToArray();
        Assert.All(names, name => Assert.True(Guid.TryParse(name, out _), $"{name} is not a GUID"));
        Assert.Equal(names.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var again = deployment.Default.OfType("Microsoft.Authorization/roleAssignments").Select(a => (string)a["name"]!);
        Assert.Empty(again.Intersect(names)); // another environment (another token) never collides
    }
}
