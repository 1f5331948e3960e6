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
    public void Rfc3339_forms_parse(string text, string expected)
    {
        Assert.True(Rfc3339Timestamp.TryParse(Encoding.UTF8.GetBytes(text), out var time));
        Assert.Equal(expected, time.ToString("o"));
    }

    [Theory]
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
