using System.Security.Cryptography;
using System.Text;

namespace Teddy.Storage;

/// <summary>
/// Makes any string safe as a Table Storage PartitionKey or RowKey.
/// <para>
/// Characters: the service forbids '/', '\', '#', '?' and control characters (U+0000–U+001F, U+007F–U+009F)
/// in keys; each of those, and the escape character '%' itself, becomes %XX per UTF-8 byte
/// (<see cref="Escape"/>), so the mapping is reversible and collision-free.
/// </para>
/// <para>
/// Size: a key may be at most 1 KiB (Azurite counts 512 UTF-16 code units; other implementations count
/// UTF-8 bytes; the key also travels percent-encoded in request URLs). An escaped key longer than
/// <see cref="MaxPlainKeyBytes"/> UTF-8 bytes — half the limit, so it fits however it is counted — is replaced
/// by <see cref="HashPrefix"/> + the SHA-256 of the id (64 hex digits). A hash is not reversible and two ids
/// could in principle share one, so stores keep the original id in a property, compare it, and on a clash
/// move to the next probe key (<see cref="For(string, int)"/> with probe 1, 2, …).
/// </para>
/// </summary>
public static class TableKeys
{
    /// <summary>The longest escaped key (in UTF-8 bytes) used as it is; longer ones become a hash.</summary>
    public const int MaxPlainKeyBytes = 512;

    /// <summary>
    /// Starts every hashed key. <see cref="Escape"/> never produces it: its '%' is always followed by two
    /// upper-case hex digits, never by 's'.
    /// </summary>
    public const string HashPrefix = "%sha256:";

    /// <summary>How many keys an id may try (its own, then probes 1…7) before a store gives up.</summary>
    public const int MaxProbes = 8;

    /// <summary>
    /// The key for <paramref name="id"/>: its escaped form when that is short enough, else a hash key; probe
    /// n &gt; 0 (only needed when another id already holds the key) is always the hash key with ":n".
    /// At most 512 UTF-8 bytes; never contains a character the service forbids.
    /// </summary>
    public static string For(string id, int probe = 0) => For(id, probe, Sha256Hex);

    /// <summary><see cref="For(string, int)"/> with another hash function (tests force clashes with it).</summary>
    internal static string For(string id, int probe, Func<string, string> hash)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(probe);
        if (probe == 0)
        {
            string escaped = Escape(id);
            if (Encoding.UTF8.GetByteCount(escaped) <= MaxPlainKeyBytes) return escaped;
        }
        string key = HashPrefix + hash(id);
        return probe == 0 ? key : $"{key}:{probe}";
    }

    /// <summary>True when <paramref name="key"/> is a hash key (the id is only in the entity's properties).</summary>
    public static bool IsHashed(string key) => key.StartsWith(HashPrefix, StringComparison.Ordinal);

    /// <summary>Escapes the characters keys may not hold (and '%') as %XX per UTF-8 byte; other characters stay.</summary>
    public static string Escape(string value)
    {
        int first = value.AsSpan().IndexOfAny(Forbidden);
        if (first < 0 && !value.Any(char.IsControl)) return value;

        var builder = new StringBuilder(value.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (NeedsEscape(rune))
            {
                int length = rune.EncodeToUtf8(utf8);
                for (int i = 0; i < length; i++) builder.Append('%').Append(utf8[i].ToString("X2"));
            }
            else builder.Append(rune.ToString());
        }
        return builder.ToString();
    }

    /// <summary>The id back from an escaped (not hashed) key.</summary>
    public static string Unescape(string key) => IsHashed(key)
        ? throw new ArgumentException("A hashed key cannot be turned back into its id; read the id from the entity.", nameof(key))
        : Uri.UnescapeDataString(key);

    internal static string Sha256Hex(string id) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id)));

    private static readonly System.Buffers.SearchValues<char> Forbidden = System.Buffers.SearchValues.Create("/\\#?%");

    private static bool NeedsEscape(Rune rune) =>
        rune.Value is '/' or '\\' or '#' or '?' or '%' || rune.Value <= 0x1F || (rune.Value >= 0x7F && rune.Value <= 0x9F);
}
