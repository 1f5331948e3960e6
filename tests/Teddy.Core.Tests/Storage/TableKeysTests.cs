using System.Text;
using CsCheck;
using Teddy.Feedback;
using Teddy.Storage;

namespace Teddy.Core.Tests.Storage;

/// <summary>
/// Keys must fit Table Storage's 1 KiB key limit however it is counted (Azurite: 512 UTF-16 code units) and
/// never hold a forbidden character, for every id the API accepts (at most 256 UTF-16 code units, no unpaired
/// surrogates), while staying one key per id.
/// </summary>
public class TableKeysTests
{
    private static void AssertStorable(string key)
    {
        Assert.True(key.Length <= 512, $"{key.Length} UTF-16 code units");
        Assert.True(Encoding.UTF8.GetByteCount(key) <= TableKeys.MaxPlainKeyBytes, $"{Encoding.UTF8.GetByteCount(key)} UTF-8 bytes");
        Assert.DoesNotContain(key, c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
        Assert.NotEmpty(key);
    }

    /// <summary>The ids from the report (each escaped past 1 KiB and answered 500) and the worst case of each character class.</summary>
    public static TheoryData<string, string, bool> WorstCaseIds => new()
    {
        { "171 '/' (the report)", new string('/', 171), true },
        { "200 '#' (the report)", new string('#', 200), true },
        { "100 U+0080 (the report)", new string('\u0080', 100), true },
        { "170 '/' (last one escaped as is)", new string('/', 170), false },
        { "256 '%'", new string('%', 256), true },
        { "256 '?'", new string('?', 256), true },
        { "256 '\\'", new string('\\', 256), true },
        { "256 U+0000", new string('\0', 256), true },
        { "256 U+009F", new string('\u009f', 256), true },
        { "256 ASCII letters", new string('a', 256), false },
        { "256 quotes", new string('\'', 256), false },
        { "255 spaces and a letter", new string(' ', 255) + "x", false },
        { "256 U+2713 (3 UTF-8 bytes each)", new string('\u2713', 256), true },
        { "128 U+1F9F8 (surrogate pairs)", string.Concat(Enumerable.Repeat("\U0001F9F8", 128)), false },
        { "256 U+FFFF (noncharacter)", new string('\uffff', 256), true },
        { "mixed, 252 code units", string.Concat(Enumerable.Repeat("/\u0080✓\U0001F9F8#", 42)), true },
    };

    [Theory]
    [MemberData(nameof(WorstCaseIds), DisableDiscoveryEnumeration = true)] // built at run time: xunit would mangle control characters
    public void Every_accepted_id_has_a_storable_key(string name, string id, bool hashed)
    {
        Assert.Empty(ClickValidation.Validate(id, "u", "p", 1, "hybrid", null));
        string key = TableKeys.For(id);
        AssertStorable(key);
        Assert.Equal(hashed, TableKeys.IsHashed(key));
        Assert.Equal(key, TableKeys.For(id)); // the same id always gets the same key
        if (!hashed) Assert.Equal(id, TableKeys.Unescape(key));
        for (int probe = 1; probe < TableKeys.MaxProbes; probe++) AssertStorable(TableKeys.For(id, probe));
        _ = name;
    }

    [Fact]
    public void Hash_keys_are_sha256_of_the_id_and_escaping_can_never_produce_one()
    {
        string id = new('/', 171);
        Assert.Equal(TableKeys.HashPrefix + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(id))),
            TableKeys.For(id));
        // An id that looks like a hash key is escaped, so it can never land on one.
        string lookalike = TableKeys.For(id);
        Assert.False(TableKeys.IsHashed(TableKeys.For(lookalike)));
        Assert.Equal(lookalike, TableKeys.Unescape(TableKeys.For(lookalike)));
        Assert.Throws<ArgumentException>(() => TableKeys.Unescape(TableKeys.For(id)));
    }

    [Fact]
    public void Probe_keys_differ_from_each_other_and_from_the_first_key()
    {
        foreach (string id in new[] { "short", new string('#', 200) })
        {
            var keys = Enumerable.Range(0, TableKeys.MaxProbes).Select(p => TableKeys.For(id, p)).ToArray();
            Assert.Equal(keys.Length, keys.Distinct(StringComparer.Ordinal).Count());
        }
    }

    private static readonly Gen<string> AcceptedIds =
        Gen.OneOf(
            Gen.Char["/#?\\%\u0000\u001f\u007f\u0080\u009f'a ✓"], // the characters that matter, densely
            Gen.Char) // any UTF-16 code unit
        .Array[1, 256]
        .Select(chars => new string(chars))
        .Where(id => ClickValidation.Validate(id, "u", "p", 1, "hybrid", null).Count == 0);

    [Fact]
    public void Any_accepted_id_gets_a_storable_key_and_distinct_ids_get_distinct_keys()
    {
        Gen.Select(AcceptedIds, AcceptedIds).Sample((a, b) =>
        {
            AssertStorable(TableKeys.For(a));
            if (a != b) Assert.NotEqual(TableKeys.For(a), TableKeys.For(b));
        }, iter: 2000);
    }
}
