using Teddy.SampleData;

namespace Teddy.Core.Tests.SampleData;

public class SampleRandomTests
{
    [Fact]
    public void Matches_the_reference_xoshiro256starstar_seeded_by_splitmix64()
    {
        // Reference values from an independent implementation of the published algorithms (seed 42).
        // If these change, every generated shop changes: that is a breaking change to the sample data.
        var random = new SampleRandom(42);
        Assert.Equal(0x15780b2e0c2ec716UL, random.NextUInt64());
        Assert.Equal(0x6104d9866d113a7eUL, random.NextUInt64());
        Assert.Equal(0xae17533239e499a1UL, random.NextUInt64());
    }

    [Fact]
    public void Streams_are_repeatable_and_independent()
    {
        ulong First(long seed, RandomStream stream, long index) => SampleRandom.For(seed, stream, index).NextUInt64();
        Assert.Equal(First(42, RandomStream.Visitor, 7), First(42, RandomStream.Visitor, 7));
        Assert.NotEqual(First(42, RandomStream.Visitor, 7), First(42, RandomStream.Visitor, 8));
        Assert.NotEqual(First(42, RandomStream.Visitor, 7), First(43, RandomStream.Visitor, 7));
        Assert.NotEqual(First(42, RandomStream.Visitor, 0), First(42, RandomStream.Catalog, 0));
    }

    [Fact]
    public void Draws_stay_in_range()
    {
        var random = new SampleRandom(1);
        for (int i = 0; i < 10_000; i++)
        {
            double d = random.NextDouble();
            Assert.InRange(d, 0.0, 0.9999999999999999);
            Assert.InRange(random.Next(7), 0, 6);
            Assert.InRange(random.Between(3, 5), 3, 5);
        }
    }

    [Fact]
    public void Alias_table_draws_in_proportion_to_weights()
    {
        var table = new AliasTable([1.0, 0.0, 3.0, 6.0]);
        var random = new SampleRandom(7);
        var counts = new int[4];
        const int draws = 200_000;
        for (int i = 0; i < draws; i++) counts[table.Sample(random)]++;
        Assert.Equal(0, counts[1]);
        Assert.InRange(counts[0] / (double)draws, 0.09, 0.11);
        Assert.InRange(counts[2] / (double)draws, 0.28, 0.32);
        Assert.InRange(counts[3] / (double)draws, 0.58, 0.62);
    }

    [Fact]
    public void Weighted_pick_skips_zero_weights_and_reports_all_zero()
    {
        var random = new SampleRandom(3);
        for (int i = 0; i < 1_000; i++) Assert.NotEqual(1, random.PickWeighted([1.0, 0.0, 2.0]));
        Assert.Equal(-1, random.PickWeighted([0.0, 0.0]));
    }
}
