using System.Globalization;
using System.Text.RegularExpressions;

namespace Teddy.Artifacts;

/// <summary>A model version is the UTC time its training started, <c>yyyyMMdd_HHmmss</c>: sortable and readable.</summary>
public static partial class ModelVersion
{
    public const string Format = "yyyyMMdd_HHmmss";

    public static string For(DateTimeOffset time) => time.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Only well-formed versions ever reach a blob path, so a version can never name another blob.</summary>
    public static bool IsValid(string? version) => version is not null && Pattern().IsMatch(version)
        && DateTime.TryParseExact(version, Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    [GeneratedRegex(@"^\d{8}_\d{6}$")]
    private static partial Regex Pattern();
}
