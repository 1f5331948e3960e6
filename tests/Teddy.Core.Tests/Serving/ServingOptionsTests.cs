using Teddy.Serving;

namespace Teddy.Core.Tests.Serving;

/// <summary>The one rule for a list size left out (recommendations, similar items, simulations): DefaultCount, at most MaxCount.</summary>
public class ServingOptionsTests
{
    [Theory]
    [InlineData(20, 100, 20)]
    [InlineData(20, 7, 7)] // MaxCount=7 with the default DefaultCount: lists of 7, never a default the route refuses
    [InlineData(7, 7, 7)]
    [InlineData(1, 1000, 1)]
    public void The_default_list_size_never_exceeds_the_maximum(int defaultCount, int maxCount, int expected) =>
        Assert.Equal(expected, new ServingOptions { DefaultCount = defaultCount, MaxCount = maxCount }.DefaultListSize);
}
