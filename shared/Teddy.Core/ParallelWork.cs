namespace Teddy;

/// <summary>
/// How Teddy's compute work (fitting, evaluating, searching, serialising a model, a hybrid's two parts) is spread over
/// threads: on the task scheduler of the code that started it. .NET 10's <c>Parallel.For</c> / <c>Parallel.Invoke</c>
/// given no <see cref="ParallelOptions.TaskScheduler"/> queue their partitions to <see cref="TaskScheduler.Default"/>
/// even when called from a task running on another scheduler (measured on 10.0.12: every replica of a default loop
/// started inside a task on a custom scheduler ran on the thread pool), and <c>Task.Run</c> always does. Every compute
/// loop therefore takes its options here, so a caller that runs a retrain on its own scheduler (a test that shuffles the
/// order partitions run in; a host that caps a retrain's threads) has all of it run there. On the thread pool, which is
/// where hosts run Teddy, this is exactly the default behaviour.
/// </summary>
public static class ParallelWork
{
    private static readonly ParallelOptions s_onDefault = new() { TaskScheduler = TaskScheduler.Default };

    /// <summary>
    /// Options for a <c>Parallel.For</c>/<c>Invoke</c> that runs on <see cref="TaskScheduler.Current"/>, at most
    /// <paramref name="maxDegreeOfParallelism"/> partitions at once (-1: as many as the scheduler allows). Allocation-free
    /// on the thread pool with no cap (a hybrid's request path calls this).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When <paramref name="maxDegreeOfParallelism"/> is 0 or below -1.</exception>
    public static ParallelOptions Options(int maxDegreeOfParallelism = -1)
    {
        var scheduler = TaskScheduler.Current;
        if (maxDegreeOfParallelism == -1 && ReferenceEquals(scheduler, TaskScheduler.Default)) return s_onDefault;
        return new ParallelOptions { TaskScheduler = scheduler, MaxDegreeOfParallelism = maxDegreeOfParallelism };
    }

    /// <summary>Starts <paramref name="work"/> as a task on <see cref="TaskScheduler.Current"/> (what <c>Task.Run</c> does on the
    /// thread pool, without leaving the caller's scheduler).</summary>
    public static Task<T> Start<T>(Func<T> work) =>
        Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Current);
}
