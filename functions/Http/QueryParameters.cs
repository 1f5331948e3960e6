using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Teddy.Functions.Http;

/// <summary>Typed reads of query parameters that record, per parameter, why a value was rejected.</summary>
public sealed class QueryParameters(IQueryCollection query)
{
    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string? Text(string name)
    {
        if (!query.TryGetValue(name, out var values)) return null;
        if (values.Count > 1)
        {
            Errors[name] = $"{name} may be given once.";
            return null;
        }
        string? value = values[0]?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            Errors[name] = $"{name} may not be empty when given.";
            return null;
        }
        return value;
    }

    /// <summary>A parameter that may repeat (<c>brand=A&amp;brand=B</c>); like any other, no value of it may be empty.</summary>
    public IReadOnlyList<string> All(string name)
    {
        if (!query.TryGetValue(name, out var values)) return [];
        if (values.Any(string.IsNullOrWhiteSpace))
        {
            Errors[name] = $"{name} may not be empty when given.";
            return [];
        }
        return values.Select(v => v!.Trim()).ToArray();
    }

    public int? Integer(string name, int min, int max)
    {
        if (Text(name) is not { } text) return null;
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max)
            return value;
        Errors[name] = $"{name} must be a whole number from {min} to {max}; got '{text}'.";
        return null;
    }

    public double? Number(string name, double min)
    {
        if (Text(name) is not { } text) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) && value >= min)
            return value;
        Errors[name] = $"{name} must be a number of at least {min.ToString(CultureInfo.InvariantCulture)}; got '{text}'.";
        return null;
    }

    public bool? Boolean(string name)
    {
        if (Text(name) is not { } text) return null;
        if (bool.TryParse(text, out bool value)) return value;
        if (text is "1" or "0") return text == "1";
        Errors[name] = $"{name} must be true or false; got '{text}'.";
        return null;
    }

    public string? OneOf(string name, IReadOnlyCollection<string> allowed)
    {
        if (Text(name) is not { } text) return null;
        string? match = allowed.FirstOrDefault(a => a.Equals(text, StringComparison.OrdinalIgnoreCase));
        if (match is null) Errors[name] = $"{name} must be one of {string.Join(", ", allowed)}; got '{text}'.";
        return match;
    }
}
