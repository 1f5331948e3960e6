using System.Security.Cryptography;
using System.Text;
using Teddy.LinearAlgebra;

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
    public static double Unit(ulong seed, int product) =>
        (SplitMix64.Mix(seed + (ulong)(uint)product * SplitMix64.Golden) >> 11) * (2.0 / (1UL << 53)) - 1.0;
}
