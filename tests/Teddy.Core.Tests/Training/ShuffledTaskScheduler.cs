namespace Teddy.Core.Tests.Training;

/// <summary>
/// A task scheduler for determinism tests: <paramref name="threads"/> worker threads that take the queued tasks in a seeded
/// random order (not first in, first out), so Parallel.For's partitions run and finish in another order than on the thread
/// pool. Code run inside <see cref="Run{T}"/> uses it for every loop that takes <see cref="ParallelWork.Options"/> and every
/// task started with <see cref="ParallelWork.Start{T}"/> (a loop given no scheduler would run on the thread pool: .NET 10's
/// default is <see cref="TaskScheduler.Default"/>, not <see cref="TaskScheduler.Current"/>). A task may run inline on one of its workers that waits
/// for it (so nested parallel loops cannot deadlock), never on another thread (so nothing escapes to the caller's thread).
/// </summary>
internal sealed class ShuffledTaskScheduler(int threads, int seed) : TaskScheduler, IDisposable
{
    private readonly List<Task> _queue = [];
    private readonly Random _random = new(seed);
    private readonly object _gate = new();
    private readonly List<Thread> _workers = [];
    private bool _stopping;
    [ThreadStatic] private static ShuffledTaskScheduler? t_workerOf;

    public override int MaximumConcurrencyLevel => threads;

    /// <summary>Runs <paramref name="work"/> as a task on this scheduler and waits for its result.</summary>
    public T Run<T>(Func<T> work)
    {
        lock (_gate)
        {
            if (_workers.Count == 0)
                for (int i = 0; i < threads; i++)
                {
                    var worker = new Thread(Work) { IsBackground = true, Name = $"shuffled-{i}" };
                    _workers.Add(worker);
                    worker.Start();
                }
        }
        return Task.Factory.StartNew(work, CancellationToken.None, TaskCreationOptions.None, this).GetAwaiter().GetResult();
    }

    private void Work()
    {
        t_workerOf = this;
        while (true)
        {
            Task task;
            lock (_gate)
            {
                while (_queue.Count == 0 && !_stopping) Monitor.Wait(_gate);
                if (_stopping) return;
                int pick = _random.Next(_queue.Count);
                task = _queue[pick];
                _queue.RemoveAt(pick);
            }
            TryExecuteTask(task);
        }
    }

    protected override void QueueTask(Task task)
    {
        lock (_gate)
        {
            _queue.Add(task);
            Monitor.Pulse(_gate);
        }
    }

    protected override bool TryDequeue(Task task)
    {
        lock (_gate) return _queue.Remove(task);
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued)
    {
        if (t_workerOf != this) return false;
        if (taskWasPreviouslyQueued && !TryDequeue(task)) return false;
        return TryExecuteTask(task);
    }

    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (_gate) return _queue.ToArray();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
    }
}
