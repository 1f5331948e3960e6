using System.Net.Sockets;
using System.Text.Json;
using Azure;
using Teddy.Storage;

namespace Teddy.Core.Tests.Storage;

/// <summary>Which errors mean "storage is unavailable, answer 503" — and which must not be hidden as one.</summary>
public class StorageFaultsTests
{
    private static RequestFailedException Status(int status, string? code = null) => new(status, $"status {status}", code, null);

    public static TheoryData<string, Exception, bool> Cases => new()
    {
        { "no response (connection refused)", new RequestFailedException(0, "refused", new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused))), true },
        { "408", Status(408), true },
        { "429", Status(429), true },
        { "500 operation timeout", Status(500, "OperationTimedOut"), true },
        { "502", Status(502), true },
        { "503 server busy", Status(503, "ServerBusy"), true },
        { "504", Status(504), true },
        { "retries exhausted", new AggregateException(Status(0), Status(503), new TaskCanceledException("network timeout", new TimeoutException())), true },
        { "network timeout", new TaskCanceledException("network timeout", new TimeoutException()), true },
        { "socket", new SocketException((int)SocketError.ConnectionReset), true },
        { "http", new HttpRequestException("reset"), true },
        { "reset while reading", new IOException("reset", new SocketException((int)SocketError.ConnectionReset)), true },
        { "already a storage fault", new StorageUnavailableException("table 'clicks'", "could not be reached"), true },
        { "400 bad input is a bug", Status(400, "InvalidInput"), false },
        { "403 is misconfiguration", Status(403, "AuthenticationFailed"), false },
        { "404", Status(404), false },
        { "409", Status(409), false },
        { "412", Status(412), false },
        { "retries mixing a bug", new AggregateException(Status(0), Status(400)), false },
        { "empty aggregate", new AggregateException(), false },
        { "missing input file", new FileNotFoundException("catalog"), false },
        { "corrupt data", new JsonException("bad"), false },
        { "a bug", new InvalidOperationException("bug"), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classifies(string name, Exception exception, bool unavailable)
    {
        Assert.Equal(unavailable, StorageFaults.IsUnavailable(exception, CancellationToken.None));
        _ = name;
    }

    [Fact]
    public void The_callers_own_cancellation_is_not_a_storage_fault()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.False(StorageFaults.IsUnavailable(new OperationCanceledException(cancelled.Token), cancelled.Token));
        Assert.False(StorageFaults.IsUnavailable(new AggregateException(new TaskCanceledException()), cancelled.Token));
        Assert.True(StorageFaults.IsUnavailable(new OperationCanceledException(), CancellationToken.None));
    }

    [Fact]
    public void Reasons_are_short_and_carry_no_endpoint()
    {
        var refused = new RequestFailedException(0, "Connection refused (127.0.0.1:10002)",
            new HttpRequestException("Connection refused (127.0.0.1:10002)", new SocketException((int)SocketError.ConnectionRefused)));
        Assert.Equal("could not be reached (ConnectionRefused)", StorageFaults.Reason(new AggregateException(refused, refused)));
        Assert.Equal("answered 503 ServerBusy", StorageFaults.Reason(Status(503, "ServerBusy")));
        Assert.Equal("did not answer within 2 s", StorageFaults.Reason(new OperationCanceledException(), TimeSpan.FromSeconds(2)));
        Assert.Equal("did not answer in time", StorageFaults.Reason(new AggregateException(new TaskCanceledException("t", new TimeoutException()))));
    }
}
