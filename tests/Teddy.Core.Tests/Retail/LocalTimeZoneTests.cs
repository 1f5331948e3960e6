using System.Text;
using Teddy.Retail;

namespace Teddy.Core.Tests.Retail;

/// <summary>Tests that change the process's local time zone; they run alone so no other test sees it.</summary>
[CollectionDefinition(nameof(LocalTimeZoneCollection), DisableParallelization = true)]
public class LocalTimeZoneCollection;

[Collection(nameof(LocalTimeZoneCollection))]
public class LocalTimeZoneTests
{
    [Fact]
    public void A_timestamp_is_never_read_in_the_servers_zone()
    {
        // On a UTC machine (CI) "local" and "UTC" coincide, so switch the local zone to make a mix-up visible.
        string? previous = Environment.GetEnvironmentVariable("TZ");
        try
        {
            Environment.SetEnvironmentVariable("TZ", "Asia/Tokyo");
            TimeZoneInfo.ClearCachedData();
            Assert.Equal(TimeSpan.FromHours(9), TimeZoneInfo.Local.GetUtcOffset(DateTime.UtcNow)); // the switch took effect

            // RFC 3339 needs an offset: without one the value is refused, never taken as the server's local time.
            Assert.False(Rfc3339Timestamp.TryParse(Encoding.UTF8.GetBytes("2022-02-23T10:27:42"), out _));
            Assert.True(Rfc3339Timestamp.TryParse(Encoding.UTF8.GetBytes("2022-02-23T10:27:42Z"), out var time));
            Assert.Equal(new DateTimeOffset(2022, 2, 23, 10, 27, 42, TimeSpan.Zero), time);
            Assert.Equal(TimeSpan.Zero, time.Offset);
        }
        finally
        {
            Environment.SetEnvironmentVariable("TZ", previous);
            TimeZoneInfo.ClearCachedData();
        }
    }
}
