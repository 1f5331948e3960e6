using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Teddy.Serving;
using Teddy.Training;

namespace Teddy.Simulation;

/// <summary>
/// Runs one queued shopper simulation (<see cref="LiveShopperSimulation"/>) and keeps its status record up to date:
/// <c>running</c> with <c>sessions_done</c> written at most every <see cref="ProgressInterval"/> (1 s), then <c>succeeded</c> with
/// the result, or <c>failed</c> when it cannot simulate here (not the demo shop, a method the serving model lacks: not
/// retried, nothing to gain). A crash (storage, no model loaded yet on this instance) is recorded and thrown, so the
/// queue retries it: <c>queued</c> with the error, and <c>failed</c> with the error on the last attempt. Clicks stored by
/// a crashed attempt stay stored, as any click a client sent would; the retry simulates the same shoppers (same seed).
/// </summary>
public sealed class SimulationService(
    ServingModelProvider models,
    LiveShopperSimulation simulation,
    ISimulationRuns runs,
    IOptions<SimulationOptions> options,
    TimeProvider clock,
    ILogger<SimulationService> logger,
    TimeSpan? progressInterval = null)
{
    /// <summary>How often a running simulation's progress is written to its status record (unless the constructor says otherwise).</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    private readonly TimeSpan _progressInterval = progressInterval ?? ProgressInterval;

    /// <summary>Runs <paramref name="request"/> (its record is created if the request was not recorded); returns the final record.</summary>
    /// <param name="attempt">Which delivery of the queue message this is, and whether it is the last.</param>
    /// <param name="cancellation">The host's shutdown only.</param>
    /// <exception cref="Exception">Whatever crashed the run, after recording it.</exception>
    public async Task<SimulationRun> RunAsync(SimulationRequest request, RetrainAttempt attempt, CancellationToken cancellation = default)
    {
        var run = (await runs.GetAsync(request.Id, cancellation) ?? SimulationRun.Queued(request)) with
        {
            State = SimulationState.Running, StartedAt = clock.GetUtcNow(), FinishedAt = null, Attempts = attempt.Number,
            SessionsDone = 0, Reason = null,
        };
        await runs.SaveAsync(run, cancellation);
        var progress = new ProgressWriter(runs, clock, logger, run, _progressInterval);
        try
        {
            var model = await models.GetAsync(cancellation)
                ?? throw new InvalidOperationException("No model is loaded on this instance yet (none is promoted, or it is still loading).");
            SimulationRun finished;
            if (request.Method is { } method && !model.Supports(method))
                finished = Failed(run, SimulationFailures.MethodUnavailable, $"The serving model {model.Version} has no '{method}' recommender.");
            else
            {
                var result = await simulation.RunAsync(model, request.Sessions, request.ListSize, request.Method, request.Seed, cancellation,
                    progress.Report);
                finished = result is null
                    ? Failed(run, SimulationFailures.NotDemoShop, $"The serving model {model.Version} was not trained on the generated demo shop: the " +
                        "simulator's shoppers click by that shop's hidden preferences, so it has nothing to simulate here.")
                    : run with { State = SimulationState.Succeeded, SessionsDone = request.Sessions, Result = result, Error = null, FinishedAt = clock.GetUtcNow() };
            }
            await progress.StopAsync();
            await runs.SaveAsync(finished, cancellation);
            logger.LogInformation("Simulation {Id}: {State} ({Clicks} clicks on {Impressions} impressions)", run.Id, finished.State,
                finished.Result?.Clicks, finished.Result?.Impressions);
            await PruneAsync();
            return finished;
        }
        catch (Exception e)
        {
            await progress.StopAsync();
            bool shutdown = e is OperationCanceledException && cancellation.IsCancellationRequested;
            string error = shutdown ? "The host shut down during the simulation." : Truncated($"{e.GetType().Name}: {e.Message}");
            var recorded = attempt.IsLast
                ? run with
                {
                    State = SimulationState.Failed, Failure = SimulationFailures.Error, Error = error, FinishedAt = clock.GetUtcNow(),
                    SessionsDone = progress.Done, Reason = $"The simulation failed on attempt {attempt.Number}; clicks it stored stay stored.",
                }
                : run with
                {
                    State = SimulationState.Queued, Error = error, SessionsDone = progress.Done,
                    Reason = $"Attempt {attempt.Number} failed; the queue retries it.",
                };
            logger.LogError(e, "Simulation {Id} attempt {Attempt} failed{Final}", run.Id, attempt.Number,
                attempt.IsLast ? "; no retry is left" : "; the queue retries it");
            await TrySaveAsync(recorded);
            throw;
        }
    }

    private SimulationRun Failed(SimulationRun run, string failure, string reason) =>
        run with { State = SimulationState.Failed, Failure = failure, Reason = reason, Error = null, FinishedAt = clock.GetUtcNow() };

    /// <summary>Keeps the newest finished records (<see cref="SimulationOptions.KeepRuns"/>); queued and running ones stay.</summary>
    private async Task PruneAsync()
    {
        try
        {
            var finished = (await runs.ListAsync()).Where(r => r.IsFinished).ToArray();
            foreach (var old in finished.Skip(Math.Max(1, options.Value.KeepRuns))) await runs.DeleteAsync(old.Id);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not prune old simulation status records");
        }
    }

    /// <summary>Storage errors can quote whole responses; a status record keeps the first 2,000 characters.</summary>
    private static string Truncated(string text) => text.Length <= 2000 ? text : text[..2000] + "…";

    /// <summary>Records a failure even when the host is shutting down; a record that cannot be written is logged, not thrown.</summary>
    private async Task TrySaveAsync(SimulationRun run)
    {
        try
        {
            await runs.SaveAsync(run);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not record the state of simulation {Id}", run.Id);
        }
    }

    /// <summary>
    /// Writes <c>sessions_done</c> to the running record every interval while it changes. Stopping
    /// waits for a write in flight, so no progress write lands after the final record.
    /// </summary>
    private sealed class ProgressWriter
    {
        private readonly ISimulationRuns _runs;
        private readonly TimeProvider _clock;
        private readonly ILogger _logger;
        private readonly SimulationRun _run;
        private readonly TimeSpan _interval;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _done;

        public ProgressWriter(ISimulationRuns runs, TimeProvider clock, ILogger logger, SimulationRun run, TimeSpan interval)
        {
            (_runs, _clock, _logger, _run, _interval) = (runs, clock, logger, run, interval);
            _loop = Task.Run(LoopAsync);
        }

        public int Done => Volatile.Read(ref _done);

        /// <summary>Sessions finish on several threads: keep the highest count seen.</summary>
        public void Report(int done)
        {
            int seen;
            while ((seen = Volatile.Read(ref _done)) < done && Interlocked.CompareExchange(ref _done, done, seen) != seen) { }
        }

        public async Task StopAsync()
        {
            if (!_stop.IsCancellationRequested) await _stop.CancelAsync();
            await _loop;
        }

        private async Task LoopAsync()
        {
            int written = 0;
            while (true)
            {
                try
                {
                    await Task.Delay(_interval, _clock, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                int done = Done;
                if (done == written) continue;
                try
                {
                    // Not the stop token: a write that has started completes before the final record is written.
                    await _runs.SaveAsync(_run with { SessionsDone = done });
                    written = done;
                }
                catch (Exception e)
                {
                    _logger.LogWarning(e, "Could not record the progress of simulation {Id}", _run.Id);
                }
            }
        }
    }
}
