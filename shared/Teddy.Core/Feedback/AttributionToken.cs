using System.Globalization;
using System.Security.Cryptography;

namespace Teddy.Feedback;

/// <summary>
/// The token that ties a served list (an impression) to the clicks and events that follow it, as the Retail
/// API's <c>attributionToken</c> and Amazon Personalize's <c>recommendationId</c> do. Unique per response.
/// Shape: <c>{yyyyMMddHH}{shard:D2}{32 lower-case hex}</c> — 44 characters of [0-9a-f]: the UTC hour it was served
/// and the impression table shard, so a click finds its impression with one point read (partition
/// <see cref="PartitionKey"/>, row key = the token), then 128 random bits.
/// </summary>
public static class AttributionToken
{
    public const int Length = 44;

    /// <summary>Impression-table shards an hour is spread over (partition keys per hour), 1–99.</summary>
    public const int DefaultShards = 4;

    /// <summary>A new token for a list served at <paramref name="servedAt"/>.</summary>
    /// <param name="shards">Shards per hour, 1–99.</param>
    public static string New(DateTimeOffset servedAt, int shards = DefaultShards)
    {
        if (shards is < 1 or > 99) throw new ArgumentOutOfRangeException(nameof(shards), shards, "Shards must be 1–99.");
        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        int shard = (int)(BitConverter.ToUInt32(random) % (uint)shards);
        return servedAt.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture)
            + shard.ToString("D2", CultureInfo.InvariantCulture) + Convert.ToHexStringLower(random);
    }

    /// <summary>Whether <paramref name="token"/> has the shape of a token (it may still name no stored impression).</summary>
    public static bool IsValid(string? token)
    {
        if (token is null || token.Length != Length) return false;
        foreach (char c in token)
            if (!char.IsAsciiDigit(c) && c is not (>= 'a' and <= 'f')) return false;
        return TryParseHour(token, out _);
    }

    /// <summary>The UTC hour the token's list was served in.</summary>
    public static bool TryParseHour(string token, out DateTime hour) =>
        DateTime.TryParseExact(token.AsSpan(0, 10), "yyyyMMddHH", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out hour);

    /// <summary>The impression table partition of a valid token: <c>{yyyyMMddHH}-{shard:D2}</c>.</summary>
    /// <exception cref="FormatException">Not a token.</exception>
    public static string PartitionKey(string token) => IsValid(token)
        ? string.Concat(token.AsSpan(0, 10), "-", token.AsSpan(10, 2))
        : throw new FormatException("Not an attribution token.");

    /// <summary>The impression table partition for an hour and shard.</summary>
    public static string PartitionKey(DateTime utcHour, int shard) =>
        utcHour.ToString("yyyyMMddHH", CultureInfo.InvariantCulture) + "-" + shard.ToString("D2", CultureInfo.InvariantCulture);
}
