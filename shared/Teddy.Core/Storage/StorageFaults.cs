using System.Globalization;
using System.Net.Sockets;
using Azure;

namespace Teddy.Storage;

/// <summary>
/// The one classification of storage errors: which mean "storage is unavailable right now, try again later"
/// (answered 503 with Retry-After) as opposed to a bug or bad data (which must not be hidden as a 503).
/// </summary>
public static class StorageFaults
{
    /// <summary>
    /// True for: <see cref="StorageUnavailableException"/>; an Azure response with status 408, 429, 500, 502,
    /// 503 or 504, or status 0 (no response at all: connection refused or reset, name not resolved); network
    /// errors; a timeout, including a cancellation the caller did not ask for (the SDK's per-try network
    /// timeout or an operation's time budget); and the SDK's "retries exhausted" aggregate of any of these.
    /// A cancellation of <paramref name="cancellation"/> itself (the client went away) is not a fault.
    /// </summary>
    public static bool IsUnavailable(Exception exception, CancellationToken cancellation) => exception switch
    {
        StorageUnavailableException => true,
        RequestFailedException failed => IsUnavailableStatus(failed.Status),
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0
            && aggregate.InnerExceptions.All(inner => IsUnavailable(inner, cancellation)),
        OperationCanceledException => !cancellation.IsCancellationRequested,
        TimeoutException or HttpRequestException or SocketException => true,
        IOException { InnerException: SocketException } => true,
        _ => false,
    };

    /// <summary>HTTP statuses from storage that mean "not now" rather than "never": 0 (no response), 408, 429, 500, 502, 503, 504.</summary>
    public static bool IsUnavailableStatus(int status) => status is 0 or 408 or 429 or 500 or 502 or 503 or 504;

    /// <summary>
    /// A short reason for logs and answers, without the exception's message (which can carry endpoints):
    /// <c>did not answer within 2.5 s</c>, <c>answered 503 ServerBusy</c>, <c>could not be reached (ConnectionRefused)</c>.
    /// </summary>
    public static string Reason(Exception exception, TimeSpan? timeout = null)
    {
        if (exception is StorageUnavailableException unavailable) return unavailable.Reason;
        var innermost = Innermost(exception);
        if (innermost is OperationCanceledException or TimeoutException)
            return timeout is { } t ? $"did not answer within {Seconds(t)}" : "did not answer in time";
        if (Find<RequestFailedException>(exception) is { Status: > 0 } failed)
            return $"answered {failed.Status}{(failed.ErrorCode is { Length: > 0 } code ? " " + code : "")}";
        return Find<SocketException>(exception) is { } socket ? $"could not be reached ({socket.SocketErrorCode})" : "could not be reached";
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private static Exception Innermost(Exception e)
    {
        while (true)
        {
            if (e is AggregateException { InnerExceptions.Count: > 0 } aggregate) e = aggregate.InnerExceptions[^1];
            else if (e is RequestFailedException { InnerException: { } inner }) e = inner;
            else return e;
        }
    }

    private static T? Find<T>(Exception? e) where T : Exception
    {
        for (; e is not null; e = e is AggregateException { InnerExceptions.Count: > 0 } a ? a.InnerExceptions[^1] : e.InnerException)
        {
            if (e is T found) return found;
        }
        return null;
    }
}
