using System.Collections.Concurrent;
using Teddy.Feedback;

namespace Teddy.Functions.Tests.Infrastructure;

/// <summary>The events table in memory, for function classes called without storage.</summary>
public sealed class InMemoryUserEventStore : IUserEventStore
{
    private readonly ConcurrentDictionary<string, UserEventRecord> _rows = new(StringComparer.Ordinal);

    public IReadOnlyCollection<UserEventRecord> Rows => _rows.Values.ToArray();

    public Task<IReadOnlyList<bool>> RecordAsync(IReadOnlyList<UserEventRecord> events, CancellationToken cancellation = default) =>
        Task.FromResult<IReadOnlyList<bool>>(events.Select(e => _rows.TryAdd(e.EventId, e)).ToArray());

    public Task<IReadOnlyList<UserEventRecord>> ReadRecentAsync(string userKey, DateTimeOffset since, int max, CancellationToken cancellation = default) =>
        Task.FromResult<IReadOnlyList<UserEventRecord>>(_rows.Values.Where(r => r.UserKey == userKey && r.ReceivedAt >= since)
            .OrderBy(r => r.ReceivedAt).TakeLast(max).ToArray());
}
