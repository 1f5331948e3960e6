using System.Text;
using Teddy.Retail;

namespace Teddy.Core.Tests.Retail;

public class Utf8KeyTableTests
{
    [Fact]
    public void Keys_get_dense_ids_in_insertion_order_and_are_found_again_after_growing()
    {
        var table = new Utf8KeyTable(capacity: 2);
        var keys = Enumerable.Range(0, 5000).Select(i => Encoding.UTF8.GetBytes($"visitor-{i}")).ToArray();

        for (int i = 0; i < keys.Length; i++)
        {
            Assert.Equal(i, table.GetOrAdd(keys[i], out bool added));
            Assert.True(added);
        }

        Assert.Equal(5000, table.Count);
        for (int i = 0; i < keys.Length; i++)
        {
            Assert.Equal(i, table.IndexOf(keys[i]));
            Assert.Equal(i, table.GetOrAdd(keys[i], out bool added));
            Assert.False(added);
        }
    }

    [Fact]
    public void Absent_keys_prefixes_and_the_empty_key_are_told_apart()
    {
        var table = new Utf8KeyTable();
        table.GetOrAdd("abc"u8, out _);

        Assert.Equal(-1, table.IndexOf("ab"u8));
        Assert.Equal(-1, table.IndexOf("abcd"u8));
        Assert.Equal(-1, table.IndexOf(""u8));
        Assert.Equal(1, table.GetOrAdd(""u8, out _));
        Assert.Equal(1, table.IndexOf(""u8));
        Assert.Equal(0, table.IndexOf("abc"u8));
    }

    [Fact]
    public void Long_keys_grow_the_arena()
    {
        var table = new Utf8KeyTable();
        var keys = Enumerable.Range(0, 50).Select(i => Encoding.UTF8.GetBytes(new string((char)('a' + i % 26), 1000 + i))).ToArray();
        foreach (var key in keys) table.GetOrAdd(key, out _);
        Assert.Equal(Enumerable.Range(0, 50), keys.Select(key => table.IndexOf(key)));
    }

    [Fact]
    public void The_string_pool_rejects_invalid_utf8_and_does_not_pool_lone_surrogates()
    {
        var pool = new StringPool();
        Assert.False(pool.TryIntern([0x76, 0xFF], out _, out _));
        Assert.Equal(0, pool.Count);

        Assert.True(pool.TryIntern("v1"u8, out string v1, out int id));
        Assert.Same(v1, pool.Intern("v1", out int sameId));
        Assert.Equal(id, sameId);

        string loneSurrogate = "x\ud800";
        Assert.Equal(loneSurrogate, pool.Intern(loneSurrogate, out int noId));
        Assert.Equal(-1, noId);
    }
}
