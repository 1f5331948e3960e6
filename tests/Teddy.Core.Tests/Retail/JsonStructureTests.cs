using System.Text;
using Teddy.Retail;

namespace Teddy.Core.Tests.Retail;

/// <summary>The structural check classifies by counting and comparing, never by an exception's words.</summary>
public class JsonStructureTests
{
    private static JsonStructureProblem? Check(string json, int maxDepth = 64) => JsonStructure.Check(Encoding.UTF8.GetBytes(json), maxDepth);

    [Theory]
    [InlineData("{")]
    [InlineData("""{"a":""")]
    [InlineData("[[[[")]
    [InlineData("")]
    [InlineData("{} {}")]
    [InlineData("""{"a":1,}""")]
    public void Truncated_or_broken_text_is_malformed_with_a_position(string json)
    {
        var problem = Check(json);
        Assert.Equal(JsonFlaw.Malformed, problem?.Flaw);
        Assert.True(problem!.Line >= 1 && problem.BytePositionInLine >= 1);
    }

    [Fact]
    public void Depth_is_counted_exactly_at_the_limit()
    {
        Assert.Null(Check(new string('[', 3) + new string(']', 3), maxDepth: 3));
        Assert.Equal(JsonFlaw.TooDeep, Check(new string('[', 4) + new string(']', 4), maxDepth: 3)?.Flaw);
        Assert.Equal(JsonFlaw.TooDeep, Check(new string('[', 4), maxDepth: 3)?.Flaw); // too deep before it is truncated
        Assert.Equal(JsonFlaw.Malformed, Check(new string('[', 3), maxDepth: 3)?.Flaw);
    }

    [Theory]
    [InlineData("""{"a":1,"a":2}""", "a")]
    [InlineData("""{"a":{"b":[{"c":1},{"c":1,"c":2}]}}""", "a.b[1].c")]
    [InlineData("""[{"x":1},{"y":1,"y":1}]""", "[1].y")]
    [InlineData("""{"\u0061":1,"a":2}""", "a")]
    public void A_property_given_twice_is_named_by_its_path(string json, string path)
    {
        var problem = Check(json);
        Assert.Equal(JsonFlaw.DuplicateProperty, problem?.Flaw);
        Assert.Equal(path, problem!.Path);
    }

    [Fact]
    public void The_same_name_in_different_objects_or_case_is_fine() =>
        Assert.Null(Check("""{"a":{"a":1},"b":[{"a":1},{"a":2}],"A":3}"""));
}
