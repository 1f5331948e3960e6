using System.Diagnostics;

namespace Teddy.Training;

/// <summary>Wall-clock milliseconds per training stage, in the order they ran.</summary>
public sealed class StageTimings
{
    private readonly Dictionary<string, long> _milliseconds = new(StringComparer.Ordinal);
    private readonly Stopwatch _total = Stopwatch.StartNew();

    public T Measure<T>(string stage, Func<T> work)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            return work();
        }
        finally
        {
            _milliseconds[stage] = _milliseconds.GetValueOrDefault(stage) + watch.ElapsedMilliseconds;
        }
    }

    public Dictionary<string, long> Snapshot()
    {
        var snapshot = new Dictionary<string, long>(_milliseconds) { ["total"] = _total.ElapsedMilliseconds };
        return snapshot;
    }
}
