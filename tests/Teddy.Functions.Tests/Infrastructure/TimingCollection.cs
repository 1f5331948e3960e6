namespace Teddy.Functions.Tests.Infrastructure;

/// <summary>
/// Tests that measure how fast answers come (storage down, fault injection) run alone, after the parallel
/// ones: on a 2-core machine a retrain in a parallel test would otherwise delay their timers by seconds.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "Timing";
}
