using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Teddy.Storage;

namespace Teddy.Functions.Http;

/// <summary>
/// The one mapping from "storage is unavailable" (<see cref="StorageFaults.IsUnavailable"/>) to the HTTP answer:
/// 503 problem+json naming the dependency, with Retry-After. Both hosts apply it to every HTTP function — the
/// Functions worker through <see cref="StorageUnavailableMiddleware"/>, the development runner in its invoker —
/// so no function needs its own try/catch, and a function added later is covered too.
/// </summary>
public static class StorageUnavailableAnswer
{
    /// <summary>
    /// The 503 answer for <paramref name="exception"/>, or null when it is not a storage fault (a bug, bad
    /// data, or the client's own cancellation via <paramref name="requestAborted"/>) and must propagate.
    /// </summary>
    public static ObjectResult? For(Exception exception, CancellationToken requestAborted)
    {
        if (!StorageFaults.IsUnavailable(exception, requestAborted)) return null;
        return exception is StorageUnavailableException unavailable
            ? Problems.StorageUnavailable(unavailable.Resource, unavailable.Reason)
            : Problems.StorageUnavailable("storage account", StorageFaults.Reason(exception));
    }

    /// <summary><see cref="For"/>, logging the fault (with the SDK's exception) when it applies.</summary>
    public static ObjectResult? For(Exception exception, CancellationToken requestAborted, ILogger logger, string function)
    {
        var answer = For(exception, requestAborted);
        if (answer is not null)
            logger.LogWarning(exception, "{Function} answered 503: storage unavailable ({Reason})", function, StorageFaults.Reason(exception));
        return answer;
    }
}
