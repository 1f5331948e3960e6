using System.Text;
using Teddy.Retail;

namespace Teddy.Core.Tests.Retail;

public class Rfc3339TimestampTests
{
    [Theory]
    [InlineData("2022-02-23T10:27:42+00:00", "2022-02-23T10:27:42.0000000+00:00")]
    [InlineData("2022-02-23T10:27:42Z", "2022-02-23T10:27:42.0000000+00:00")]
    [InlineData("2022-02-23T10:27:42.123456789Z", "2022-02-23T10:27:42.1234567+00:00")]
    [InlineData("2022-02-23T10:27:42.5-05:30", "2022-02-23T10:27:42.5000000-05:30")]
    [InlineData("2022-02-23t10:27:42z", "2022-02-23T10:27:42.0000000+00:00")]
    [InlineData("2022-02-23 10:27:42Z", "2022-02-23T10:27:42.0000000+00:00")] // RFC 3339 allows a space for T
    [InlineData("2022-02-23T10:27:42.1234567891234Z", "2022-02-23T10:27:42.1234567+00:00")] // and any number of fractional digits
    [InlineData("2024-01-01T00:00:00.12345678901234567Z", "2024-01-01T00:00:00.1234567+00:00")] // more than the JSON reader's 16
    [InlineData("2024-01-01T00:00:00.0000000000000000000000000000000000000Z", "2024-01-01T00:00:00.0000000+00:00")]
    [InlineData("2024-01-01T01:00:00.99999999999999999999+01:00", "2024-01-01T01:00:00.9999999+01:00")]
    public void Rfc3339_forms_parse(string text, string expected)
    {
        Assert.True(Rfc3339Timestamp.TryParse(Encoding.UTF8.GetBytes(text), out var time));
        Assert.Equal(expected, time.ToString("o"));
    }

    /// <summary>A valid date-time whose offset takes it past the representable range is the earliest or latest time, not "not a date-time".</summary>
    [Theory]
    [InlineData("0001-01-01T00:00:00+14:00", true)]
    [InlineData("0001-01-01T13:59:59.5+14:00", true)]
    [InlineData("9999-12-31T23:59:59-14:00", false)]
    [InlineData("9999-12-31T10:00:00.123-14:00", false)]
    [InlineData("0001-01-01T00:00:00.12345678901234567+01:00", true)]
    [InlineData("9999-12-31T23:59:59.12345678901234567-01:00", false)]
    public void An_offset_past_the_range_is_the_earliest_or_latest_time(string text, bool earliest)
    {
        Assert.True(Rfc3339Timestamp.TryParse(Encoding.UTF8.GetBytes(text), out var time));
        Assert.Equal(earliest ? DateTimeOffset.MinValue : DateTimeOffset.MaxValue, time);
    }

    [Theory]
    [InlineData("0001-02-30T00:00:00+14:00")] // still not a date
    [InlineData("9999-12-31T24:00:00-14:00")]
    [InlineData("")]
    [InlineData("2022-02-23T10:27:42+25:00")]
    [InlineData("23/02/2022 10:27")]
    [InlineData("2022-02-30T10:00:00Z")]
    [InlineData("2022-02-23T10:27:42ZZ")]
    [InlineData("2022-02-23T10:27:42")] // RFC 3339 requires an offset
    [InlineData("2022-02-23")]
    [InlineData("2022-02-23T10:27Z")]
    [InlineData("2022-02-23T10:27:42.Z")]
    [InlineData("2022-02-23T10:27:42+0100")]
    [InlineData("2022-02-23T10:27:42 Z")]
    [InlineData("+2022-02-23T10:27:42Z")]
    public void Other_text_does_not_parse(string text)
    {
        Assert.False(Rfc3339Timestamp.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }
}
