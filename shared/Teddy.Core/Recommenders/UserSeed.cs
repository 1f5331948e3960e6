using System.Security.Cryptography;
using System.Text;

namespace Teddy.Recommenders;

/// <summary>
/// A stable per-user random seed from the MD5 of the user id (as the original system did): the same user
/// always gets the same ordering or jitter, on every instance and after every restart, with no state.
/// MD5 is used for spreading, not for security.
/// </summary>
public static class UserSeed
{
    public static ulong For(string userId)
    {
        Span<byte> hash = stackalloc byte[16];
        int length = Encoding.UTF8.GetByteCount(userId);
        Span<byte> utf8 = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(userId, utf8);
        MD5.HashData(utf8, hash);
        return BitConverter.ToUInt64(hash);
    }

    /// <summary>A deterministic value in [-1, 1) for (seed, product): SplitMix64 of the pair.</summary>
    public static double Unit(ulong seed, int product)
    {
        ulong z = seed + (ulong)(uint)product * 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53)) * 2.0 - 1.0;
    }
}
