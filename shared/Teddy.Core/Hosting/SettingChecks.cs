using Microsoft.Extensions.Options;

namespace Teddy.Hosting;

/// <summary>
/// Collects the out-of-range settings of one options class, each named as configuration writes it and as an app
/// setting is spelt (<c>Teddy:Ranking:MaxPerBrand (Teddy__Ranking__MaxPerBrand) must be at least 1; got -1.</c>), so
/// a start-up failure says exactly what to fix.
/// </summary>
public sealed class SettingChecks(string section)
{
    private readonly List<string> _problems = [];

    /// <summary>The setting's configuration key and its app-setting spelling.</summary>
    public static string Name(string key) => $"{key} ({key.Replace(":", "__", StringComparison.Ordinal)})";

    /// <summary>Requires <paramref name="min"/> ≤ value ≤ <paramref name="max"/> (a NaN or infinity fails too).</summary>
    public SettingChecks Range(string setting, double value, double min, double max = double.PositiveInfinity)
    {
        if (!(double.IsFinite(value) && value >= min && value <= max))
            _problems.Add($"{Name($"{section}:{setting}")} must be {Bounds(min, max)}; got {value}.");
        return this;
    }

    /// <summary>Requires a value strictly between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public SettingChecks Between(string setting, double value, double min, double max)
    {
        if (!(double.IsFinite(value) && value > min && value < max))
            _problems.Add($"{Name($"{section}:{setting}")} must be above {min} and below {max}; got {value}.");
        return this;
    }

    /// <summary>Requires a value the enum defines (a number outside it binds without an error, so it is checked here).</summary>
    public SettingChecks Defined<TEnum>(string setting, TEnum value) where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
            _problems.Add($"{Name($"{section}:{setting}")} must be one of {string.Join(", ", Enum.GetNames<TEnum>())}; got {value}.");
        return this;
    }

    /// <summary>A problem the caller found itself, for <paramref name="setting"/>.</summary>
    public SettingChecks Fail(string setting, string problem)
    {
        _problems.Add($"{Name($"{section}:{setting}")} {problem}");
        return this;
    }

    public ValidateOptionsResult Result() => _problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_problems);

    private static string Bounds(double min, double max) =>
        double.IsPositiveInfinity(max) ? $"at least {min}" : $"from {min} to {max}";
}
