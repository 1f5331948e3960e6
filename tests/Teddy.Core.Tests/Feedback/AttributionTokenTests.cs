using Teddy.Feedback;

namespace Teddy.Core.Tests.Feedback;

public class AttributionTokenTests
{
    [Fact]
    public void A_token_names_its_hour_and_shard_and_is_unique()
    {
        var served = new DateTimeOffset(2026, 11, 29, 17, 45, 12, TimeSpan.FromHours(2)); // 15:45 UTC
        var tokens = Enumerable.Range(0, 1000).Select(_ => AttributionToken.New(served, shards: 4)).ToArray();
        Assert.Equal(tokens.Length, tokens.Distinct().Count());
        foreach (string token in tokens)
        {
            Assert.True(AttributionToken.IsValid(token), token);
            Assert.Equal(AttributionToken.Length, token.Length);
            Assert.StartsWith("2026112915", token);
            Assert.Matches("^2026112915-0[0-3]$", AttributionToken.PartitionKey(token));
        }
        Assert.Equal(4, tokens.Select(AttributionToken.PartitionKey).Distinct().Count());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026112915000123456789abcdef0123456789abcdeF")] // upper case
    [InlineData("2026112915000123456789abcdef0123456789abcde")]  // 43 characters
    [InlineData("2026133115000123456789abcdef0123456789abcdef")] // month 13
    [InlineData("2026112915000123456789abcdef0123456789abcdeg")]
    public void Anything_else_is_not_a_token(string? text)
    {
        Assert.False(AttributionToken.IsValid(text));
        if (text is not null) Assert.Throws<FormatException>(() => AttributionToken.PartitionKey(text));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 1)]
    [InlineData(10, 2)]
    [InlineData(24.99, 2)]
    [InlineData(25, 3)]
    public void Discount_tiers_match_the_shop_rules(double percent, int tier) => Assert.Equal(tier, DiscountTiers.Of(percent));
}
