using System.Runtime.CompilerServices;

namespace Teddy.Retail;

/// <summary>
/// Hands out one string instance per distinct value, with a dense id (0, 1, 2, ... in order of first sight).
/// Visitor ids repeat on every event of a visit, so pooling saves most string allocations of an events file,
/// and the id lets the aggregator find a user with an array index instead of hashing the string again.
/// Not thread-safe; one per reader.
/// </summary>
internal sealed class StringPool
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _idsBySpan;
    private readonly List<string> _strings = new();

    public StringPool() => _idsBySpan = _ids.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _strings.Count;

    public string this[int id] => _strings[id];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Intern(ReadOnlySpan<char> value, out int id)
    {
        if (_idsBySpan.TryGetValue(value, out id)) return _strings[id];
        return Add(value.ToString(), out id);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string Intern(string value, out int id)
    {
        if (_ids.TryGetValue(value, out id)) return _strings[id];
        return Add(value, out id);
    }

    private string Add(string value, out int id)
    {
        id = _strings.Count;
        _ids.Add(value, id);
        _strings.Add(value);
        return value;
    }
}
