namespace Teddy.Infra.Tests.Infrastructure;

/// <summary>Finds the repository root (where the function app's project file is) from the test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>infra/ (main.bicep, main.parameters.json, app/).</summary>
    public static string Infra => Path.Combine(Root, "infra");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Teddy.Functions.csproj"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No Teddy.Functions.csproj above {AppContext.BaseDirectory}.");
    }
}
