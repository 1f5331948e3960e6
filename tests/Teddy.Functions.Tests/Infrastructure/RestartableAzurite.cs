using System.Diagnostics;

namespace Teddy.Functions.Tests.Infrastructure;

/// <summary>
/// An Azurite of its own for fault injection: data on disk (<c>--location</c>), so it can be stopped while the
/// app serves and started again on the same ports with everything it had acknowledged. Stopping is
/// graceful (SIGTERM: Azurite closes its listeners and connections and saves its databases); only if it
/// does not exit in time is its whole process tree killed. Always killed and its folder deleted on dispose.
/// </summary>
public sealed class RestartableAzurite : IAsyncDisposable
{
    private readonly string _location = Directory.CreateTempSubdirectory("teddy-azurite-restart-").FullName;
    private Process? _process;

    public int BlobPort { get; private set; }
    public int QueuePort { get; private set; }
    public int TablePort { get; private set; }

    public string ConnectionString => AzuriteFixture.ConnectionStringFor(BlobPort, QueuePort, TablePort);

    public bool Running => _process is { HasExited: false };

    public static async Task<RestartableAzurite> StartAsync()
    {
        var azurite = new RestartableAzurite();
        await azurite.LaunchAsync(0, 0, 0);
        return azurite;
    }

    /// <summary>Stops it the way a shutdown does; returns when the process has exited.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process) return;
        if (!OperatingSystem.IsWindows() && await SignalAsync(process.Id, "TERM"))
        {
            using var graceful = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await process.WaitForExitAsync(graceful.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        Terminate(process);
        _process = null;
    }

    /// <summary>Starts it again on the same ports with the same data.</summary>
    public async Task RestartAsync()
    {
        if (Running) throw new InvalidOperationException("Azurite is still running.");
        await LaunchAsync(BlobPort, QueuePort, TablePort);
    }

    private async Task LaunchAsync(int blob, int queue, int table)
    {
        (_process, var ports) = await AzuriteFixture.LaunchAsync(_location,
        [
            "--location", _location,
            "--blobPort", blob.ToString(), "--queuePort", queue.ToString(), "--tablePort", table.ToString(),
        ]);
        (BlobPort, QueuePort, TablePort) = (ports["Blob"], ports["Queue"], ports["Table"]);
    }

    private static void Terminate(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        process.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        if (_process is { } process) Terminate(process);
        _process = null;
        try { Directory.Delete(_location, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }

    /// <summary>Sends a signal with the system's kill command (there is no managed way to send SIGTERM).</summary>
    private static async Task<bool> SignalAsync(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-{signal} {pid}") { UseShellExecute = false });
        if (kill is null) return false;
        await kill.WaitForExitAsync();
        return kill.ExitCode == 0;
    }
}
