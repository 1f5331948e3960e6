using System.Diagnostics;

namespace Teddy.Training;

/// <summary>
/// Wall-clock milliseconds per training stage, in the order they ran, and the process's CPU time over each stage (all
/// threads: beside the wall time it shows how many cores a stage kept busy; it counts whatever else the process did
/// meanwhile, so it is exact for stages that run one after the other). Thread-safe: stages may run side by side.
/// </summary>
public sealed class StageTimings
{
    private readonly Dictionary<string, long> _milliseconds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _cpuMilliseconds = new(StringComparer.Ordinal);
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private readonly Lock _lock = new();

    public T Measure<T>(string stage, Func<T> work)
    {
        var watch = Stopwatch.StartNew();
        var cpu = ProcessCpu();
        try
        {
            return work();
        }
        finally
        {
            long wall = watch.ElapsedMilliseconds, used = (long)(ProcessCpu() - cpu).TotalMilliseconds;
            lock (_lock)
            {
                _milliseconds[stage] = _milliseconds.GetValueOrDefault(stage) + wall;
                _cpuMilliseconds[stage] = _cpuMilliseconds.GetValueOrDefault(stage) + used;
            }
        }
    }

    /// <summary>Wall-clock milliseconds per stage, and <c>total</c> since this object was made.</summary>
    public Dictionary<string, long> Snapshot()
    {
        lock (_lock) return new Dictionary<string, long>(_milliseconds) { ["total"] = _total.ElapsedMilliseconds };
    }

    /// <summary>The process's CPU milliseconds (all threads) over each stage.</summary>
    public Dictionary<string, long> CpuSnapshot()
    {
        lock (_lock) return new Dictionary<string, long>(_cpuMilliseconds);
    }

    private static TimeSpan ProcessCpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
