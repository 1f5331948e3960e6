using System.Diagnostics;
using Azure;
using Teddy.Storage;

namespace Teddy.Core.Tests.Storage;

public class StorageBudgetTests
{
    private static readonly StorageBudget Budget = new("table 'clicks'", TimeSpan.FromMilliseconds(300));

    [Fact]
    public async Task An_operation_that_never_answers_ends_at_the_budget_as_storage_unavailable()
    {
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            Budget.RunAsync(token => Task.Delay(Timeout.Infinite, token), CancellationToken.None));
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        Assert.Equal("table 'clicks'", e.Resource);
        Assert.Equal("did not answer within 0.3 s", e.Reason);
        Assert.Equal("Storage (table 'clicks') did not answer within 0.3 s.", e.Message);
    }

    [Fact]
    public async Task A_storage_error_is_wrapped_with_the_resource_and_other_errors_pass_through()
    {
        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            Budget.RunAsync<int>(_ => throw new RequestFailedException(503, "busy", "ServerBusy", null), CancellationToken.None));
        Assert.Equal("answered 503 ServerBusy", e.Reason);
        Assert.IsType<RequestFailedException>(e.InnerException);

        await Assert.ThrowsAsync<RequestFailedException>(() =>
            Budget.RunAsync<int>(_ => throw new RequestFailedException(400, "bad", "InvalidInput", null), CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => Budget.RunAsync<int>(_ => throw new InvalidOperationException(), CancellationToken.None));
    }

    [Fact]
    public async Task The_callers_cancellation_stays_a_cancellation()
    {
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        var budget = new StorageBudget("x", TimeSpan.FromSeconds(30));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => budget.RunAsync(token => Task.Delay(Timeout.Infinite, token), caller.Token));
    }

    [Fact]
    public async Task Nested_operations_keep_the_innermost_resource()
    {
        var inner = new StorageBudget("blob container 'models'", TimeSpan.FromMilliseconds(100));
        var e = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            Budget.RunAsync(token => inner.RunAsync(t => Task.Delay(Timeout.Infinite, t), token), CancellationToken.None));
        Assert.Equal("blob container 'models'", e.Resource);
    }
}
