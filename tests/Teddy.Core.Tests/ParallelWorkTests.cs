using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using Teddy.Core.Tests.Training;

namespace Teddy.Core.Tests;

/// <summary>
/// Compute work runs on the scheduler of the code that started it (<see cref="ParallelWork"/>): a default
/// <c>Parallel.For</c> or a <c>Task.Run</c> would send it to the thread pool, so a retrain run on a test's shuffling
/// scheduler would only partly run there. The determinism test in <see cref="HybridSearchDeterminismTests"/> relies on it.
/// </summary>
public class ParallelWorkTests
{
    [Fact]
    public void Loops_and_started_work_run_on_the_callers_scheduler_and_nothing_reaches_the_thread_pool()
    {
        using var scheduler = new ShuffledTaskScheduler(3, seed: 5);
        var (loop, invoke, started) = scheduler.Run(() =>
        {
            var names = new ConcurrentBag<string>();
            void Note() { names.Add(Thread.CurrentThread.Name ?? "unnamed"); Thread.SpinWait(20_000); }
            Parallel.For(0, 256, ParallelWork.Options(), _ => Note());
            var loopNames = names.Distinct().ToArray();
            names.Clear();
            Parallel.Invoke(ParallelWork.Options(), Note, Note, Note, Note);
            var invokeNames = names.Distinct().ToArray();
            var startedOn = ParallelWork.Start(() => Thread.CurrentThread.Name ?? "unnamed").GetAwaiter().GetResult();
            return (loopNames, invokeNames, startedOn);
        });
        Assert.All(loop, name => Assert.StartsWith("shuffled-", name));
        Assert.True(loop.Length > 1, "the loop ran on more than one of the scheduler's threads");
        Assert.All(invoke, name => Assert.StartsWith("shuffled-", name));
        Assert.StartsWith("shuffled-", started);
    }

    [Fact]
    public async Task On_the_thread_pool_the_options_are_the_defaults_and_a_cap_is_kept()
    {
        var options = await Task.Run(() => ParallelWork.Options());
        Assert.Same(TaskScheduler.Default, options.TaskScheduler);
        Assert.Equal(-1, options.MaxDegreeOfParallelism);
        Assert.Same(options, await Task.Run(() => ParallelWork.Options())); // no allocation per request
        Assert.Equal(2, ParallelWork.Options(2).MaxDegreeOfParallelism);
        Assert.Throws<ArgumentOutOfRangeException>(() => ParallelWork.Options(0));
    }

    /// <summary>Where Teddy.Core may start work on the thread pool: background I/O loops, not compute, with why.</summary>
    private static readonly Dictionary<string, string> PoolWorkAllowed = new()
    {
        ["Teddy.Storage.BlobLeaseLock"] = "renews a blob lease every few seconds while a retrain holds it (I/O)",
        ["Teddy.Storage.ReadAheadStream"] = "reads the next chunk of a blob while the parser works on this one (I/O)",
        ["Teddy.Simulation.SimulationService"] = "the simulation's background loop of HTTP sessions (I/O)",
        ["Teddy.Training.RetrainService"] = "moves a whole retrain off the queue trigger's thread; its loops then use ParallelWork",
    };

    [Fact]
    public void No_compute_loop_in_Teddy_Core_bypasses_ParallelWork()
    {
        var offences = new List<string>();
        var assembly = typeof(ParallelWork).Assembly;
        foreach (var type in assembly.GetTypes())
        {
            string owner = Outermost(type).FullName!;
            const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                var called = Called(method).ToList();
                bool asyncLoop = called.Any(m => m.DeclaringType == typeof(Parallel) && m.Name == "ForEachAsync");
                foreach (var target in called)
                {
                    string where = $"{type.FullName}.{method.Name} calls {target.DeclaringType?.Name}.{target.Name}";
                    if (target.DeclaringType == typeof(Parallel) && target.Name is "For" or "ForEach" or "Invoke"
                        && !target.GetParameters().Any(p => p.ParameterType == typeof(ParallelOptions)))
                        offences.Add($"{where} without ParallelWork.Options()");
                    if (target is ConstructorInfo && target.DeclaringType == typeof(ParallelOptions) && owner != typeof(ParallelWork).FullName && !asyncLoop)
                        offences.Add($"{where}: take ParallelWork.Options() instead");
                    if (target.DeclaringType == typeof(Task) && target.Name == "Run" && !PoolWorkAllowed.ContainsKey(owner))
                        offences.Add($"{where}: use ParallelWork.Start, or name the I/O loop in {nameof(PoolWorkAllowed)}");
                }
            }
        }
        Assert.Empty(offences);
    }

    [Fact]
    public void The_scan_finds_a_default_loop_and_a_task_run()
    {
        var called = Called(typeof(ParallelWorkTests).GetMethod(nameof(Bypasses), BindingFlags.NonPublic | BindingFlags.Static)!)
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}({m.GetParameters().Length})").ToList();
        Assert.Contains("Parallel.For(3)", called);
        Assert.Contains("Task.Run(1)", called);
    }

    private static void Bypasses()
    {
        Parallel.For(0, 2, _ => { });
        Task.Run(() => { }).Wait();
    }

    private static Type Outermost(Type type)
    {
        while (type.DeclaringType is { } outer) type = outer;
        return type;
    }

    /// <summary>The methods and constructors a method's IL calls (call, callvirt, newobj), read from its body.</summary>
    private static IEnumerable<MethodBase> Called(MethodBase method)
    {
        byte[]? il;
        try { il = method.GetMethodBody()?.GetILAsByteArray(); }
        catch (Exception) { yield break; }
        if (il is null) yield break;
        Type[]? typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        Type[]? methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (int i = 0; i + 4 < il.Length; i++)
        {
            // call 0x28, callvirt 0x6F, newobj 0x73, each followed by a metadata token; a byte that only looks like one
            // resolves to nothing or to an unrelated method, which none of the checks above names.
            if (il[i] is not (0x28 or 0x6F or 0x73)) continue;
            int token = BitConverter.ToInt32(il, i + 1);
            if ((token >>> 24) is not (0x06 or 0x0A or 0x2B)) continue;
            MethodBase? target;
            try { target = method.Module.ResolveMethod(token, typeArgs, methodArgs); }
            catch (Exception) { continue; }
            if (target is not null) yield return target;
        }
    }
}
