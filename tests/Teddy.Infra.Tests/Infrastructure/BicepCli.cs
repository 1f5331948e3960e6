using System.Diagnostics;
using System.Reflection;
using System.Runtime.Versioning;

namespace Teddy.Infra.Tests.Infrastructure;

/// <summary>What one run of the bicep CLI printed and returned.</summary>
public sealed record BicepResult(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Everything it printed, for assertion messages.</summary>
    public override string ToString() => $"bicep {Command} exited {ExitCode}\n{StandardError}\n{StandardOutput}".TrimEnd();
}

/// <summary>
/// Runs the bicep CLI from the NuGet package Azure.Bicep.CommandLine.linux-x64 (restored with the test project;
/// its path is recorded at build time as the BicepPath assembly metadata). <c>TEDDY_BICEP</c> overrides the path,
/// e.g. on a machine that is not Linux x64. Nothing it runs needs the network.
/// </summary>
public static class BicepCli
{
    private static readonly Lazy<string> Executable = new(Locate);

    /// <summary>Runs <c>bicep args…</c> in <paramref name="workingDirectory"/>; fails the test after two minutes.</summary>
    public static async Task<BicepResult> RunAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(Executable.Value)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', args)} did not finish in two minutes.");
        }
        return new BicepResult(string.Join(' ', args), process.ExitCode, await output, await error);
    }

    private static string Locate()
    {
        string? path = Environment.GetEnvironmentVariable("TEDDY_BICEP");
        if (string.IsNullOrEmpty(path))
        {
            path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(a => a.Key == "BicepPath")?.Value;
        }
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new FileNotFoundException(
                $"The bicep CLI was not found at '{path}'. It comes from the NuGet package Azure.Bicep.CommandLine.linux-x64 " +
                "(restored with tests/Teddy.Infra.Tests); on a machine that is not Linux x64 set TEDDY_BICEP to a bicep binary.");
        }
        if (OperatingSystem.IsWindows()) return path;
        return EnsureExecutable(path);
    }

    /// <summary>NuGet does not always keep the execute bit when it extracts a package: set it, or run a copy.</summary>
    [UnsupportedOSPlatform("windows")]
    private static string EnsureExecutable(string path)
    {
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.UserExecute) != 0) return path;
        try
        {
            File.SetUnixFileMode(path, mode | execute);
            return path;
        }
        catch (UnauthorizedAccessException)
        {
            // A package folder we may not change (another user's NuGet cache): run a private copy instead.
            string folder = Path.Combine(Path.GetTempPath(), $"teddy-bicep-{Environment.UserName}-{new FileInfo(path).Length}");
            Directory.CreateDirectory(folder);
            string copy = Path.Combine(folder, "bicep");
            if (!File.Exists(copy))
            {
                string partial = $"{copy}.{Environment.ProcessId}";
                File.Copy(path, partial, overwrite: true);
                File.Move(partial, copy, overwrite: true);
            }
            File.SetUnixFileMode(copy, File.GetUnixFileMode(copy) | UnixFileMode.UserRead | execute);
            return copy;
        }
    }
}
