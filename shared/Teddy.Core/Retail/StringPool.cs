using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Unicode;

namespace Teddy.Retail;

/// <summary>
/// Hands out one string instance per distinct value, with a dense id (0, 1, 2, ... in order of first sight).
/// Visitor ids repeat on every event of a visit, so pooling saves most string allocations of an events file,
/// and the id lets the aggregator find a user with an array index instead of hashing the key again.
/// Keyed by UTF-8 (see <see cref="Utf8KeyTable"/>): values straight from the JSON are looked up without decoding.
/// Not thread-safe; one per reader.
/// </summary>
internal sealed class StringPool
{
    private const int StackBytes = 512;

    private readonly Utf8KeyTable _keys = new(1024);
    private readonly List<string> _strings = new(1024);

    public int Count => _strings.Count;

    public string this[int id] => _strings[id];

    /// <summary>
    /// The id for these UTF-8 bytes, pooling them on first sight; false (and nothing pooled) when they are not valid
    /// UTF-8. Does not touch the string: the hot path needs only the id, and each memory access counts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryGetId(ReadOnlySpan<byte> utf8, out int id)
    {
        id = _keys.IndexOf(utf8);
        if (id >= 0) return true;
        if (!Utf8.IsValid(utf8)) return false; // only a new key needs checking: equal bytes are equally valid
        id = _keys.GetOrAdd(utf8, out _);
        _strings.Add(Encoding.UTF8.GetString(utf8));
        return true;
    }

    /// <summary>The pooled string for these UTF-8 bytes; false (and nothing pooled) when they are not valid UTF-8.</summary>
    public bool TryIntern(ReadOnlySpan<byte> utf8, out string value, out int id)
    {
        bool valid = TryGetId(utf8, out id);
        value = valid ? _strings[id] : "";
        return valid;
    }

    /// <summary>The pooled string; id -1 when the value cannot be pooled (see below).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Intern(ReadOnlySpan<char> value, out int id)
    {
        int maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        Span<byte> utf8 = maxBytes <= StackBytes ? stackalloc byte[StackBytes] : new byte[maxBytes];
        int length = Encoding.UTF8.GetBytes(value, utf8);
        if (TryIntern(utf8[..length], out string pooled, out id) && pooled.AsSpan().SequenceEqual(value)) return pooled;
        // A lone surrogate (possible through a JSON escape) does not survive UTF-8: keep the value unpooled, without an id.
        id = -1;
        return value.ToString();
    }

    public string Intern(string value, out int id) => Intern(value.AsSpan(), out id);
}
