using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Teddy.Functions.Tests.Infrastructure;

/// <summary>
/// Real storage for the integration tests: Azurite from the repository's node_modules on free ports with
/// in-memory persistence, killed (with its whole process tree) when the tests end. Set
/// <c>TEDDY_TEST_STORAGE</c> to a connection string to use an existing storage account instead.
/// Tests isolate themselves with unique container and table names (<see cref="UniqueName"/>).
/// </summary>
public sealed partial class AzuriteFixture : IAsyncLifetime
{
    public const string ExternalStorageSetting = "TEDDY_TEST_STORAGE";
    private const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private Process? _azurite;
    private string? _workingDirectory;

    public string ConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(ExternalStorageSetting) is { Length: > 0 } external)
        {
            ConnectionString = external;
            return;
        }

        _workingDirectory = Directory.CreateTempSubdirectory("teddy-azurite-").FullName;
        (_azurite, var ports) = await LaunchAsync(_workingDirectory, ["--inMemoryPersistence", "--blobPort", "0", "--queuePort", "0", "--tablePort", "0"]);
        ConnectionString = ConnectionStringFor(ports["Blob"], ports["Queue"], ports["Table"]);
    }

    /// <summary>The development account's connection string for emulator endpoints on these local ports.</summary>
    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={DevAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    /// <summary>
    /// Starts Azurite from the repository's node_modules with <paramref name="args"/> (plus silent, no
    /// telemetry, no API version check) and returns it with the ports its Blob, Queue and Table services
    /// listen on. Its output keeps being drained so it never blocks on a full pipe.
    /// </summary>
    internal static async Task<(Process Process, Dictionary<string, int> Ports)> LaunchAsync(string workingDirectory, IEnumerable<string> args)
    {
        string executable = Path.Combine(RepositoryPaths.Root, "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
            throw new InvalidOperationException($"Azurite is not installed at {executable}: run `npm ci` at the repository root.");

        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "--silent", "--disableTelemetry", "--skipApiVersionCheck" }.Concat(args))
            start.ArgumentList.Add(arg);

        var azurite = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        var ports = new Dictionary<string, int>();
        var output = new System.Text.StringBuilder();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (ports.Count < 3)
        {
            string? line = await azurite.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
                throw new InvalidOperationException($"Azurite exited before listening: {output}{await azurite.StandardError.ReadToEndAsync()}");
            output.AppendLine(line);
            if (ListeningLine().Match(line) is { Success: true } match)
                ports[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value);
        }
        // Keep draining its output so Azurite never blocks on a full pipe.
        _ = azurite.StandardOutput.ReadToEndAsync();
        _ = azurite.StandardError.ReadToEndAsync();
        return (azurite, ports);
    }

    /// <summary>A lower-case name unique to this test run, valid for containers and tables (letters and digits).</summary>
    public static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..12];

    public Task DisposeAsync()
    {
        if (_azurite is { HasExited: false })
        {
            _azurite.Kill(entireProcessTree: true);
            _azurite.WaitForExit(10_000);
        }
        _azurite?.Dispose();
        if (_workingDirectory is not null)
        {
            try { Directory.Delete(_workingDirectory, recursive: true); } catch (IOException) { }
        }
        return Task.CompletedTask;
    }

    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at http://[^:]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}

[CollectionDefinition(Name)]
public sealed class StorageCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Storage";
}
