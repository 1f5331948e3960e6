namespace Teddy.Retail;

/// <summary>
/// Hands out one string instance per distinct value. Visitor ids repeat on every event of a visit, so
/// pooling them saves most of the string allocations of an events file and makes later dictionary
/// lookups on those keys cheap. Not thread-safe; one per reader.
/// </summary>
internal sealed class StringPool
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public StringPool() => _bySpan = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Count => _strings.Count;

    public string Intern(ReadOnlySpan<char> value)
    {
        if (_bySpan.TryGetValue(value, out string? existing)) return existing;
        string created = value.ToString();
        _strings.Add(created, created);
        return created;
    }

    public string Intern(string value)
    {
        if (_strings.TryGetValue(value, out string? existing)) return existing;
        _strings.Add(value, value);
        return value;
    }
}
