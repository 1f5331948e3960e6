using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Teddy.Functions.Http;

/// <summary>
/// Typed reads of query parameters that record, per parameter, why a value was rejected — the one parser for every
/// route's query. Typed values are read exactly as sent: a whole number is plain digits (no sign, no spaces, no
/// exponent: <c>k=+5</c>, <c>k=%201</c> are 400s), a number plain digits with an optional decimal point, and a flag
/// exactly <c>true</c> or <c>false</c> (not <c>1</c>, <c>TRUE</c> or <c>yes</c>). Text values are trimmed of white space, and
/// may not hold control characters (U+0000–U+001F, U+007F–U+009F: <c>%00</c>, a tab, a line break): no category, brand,
/// method, number or date holds one, so one is a client's mistake, answered as such rather than with an empty list.
/// Ids are not read here (<see cref="RequestIds"/>: an id may hold any character). Names, the query string's encoding and
/// undeclared parameters were checked before the function ran (<see cref="QueryStringCheck"/>).
/// </summary>
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
        if (HasControlCharacter(name, values[0])) return null;
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
        if (values.Any(v => HasControlCharacter(name, v))) return [];
        if (values.Any(v => string.IsNullOrEmpty(v?.Trim())))
        {
            Errors[name] = $"{name} may not be empty when given.";
            return [];
        }
        return values.Select(v => v!.Trim()).ToArray();
    }

    /// <summary>Whether <paramref name="value"/> holds a control character (recorded as the parameter's error).</summary>
    private bool HasControlCharacter(string name, string? value)
    {
        if (value is null || !value.Any(char.IsControl)) return false;
        Errors[name] = ControlCharacters(name);
        return true;
    }

    /// <summary>Why a value of <paramref name="name"/> holding a control character was refused.</summary>
    public static string ControlCharacters(string name) =>
        $"{name} may not contain control characters (U+0000–U+001F, U+007F–U+009F, such as %00 or a tab).";

    /// <summary>The value exactly as sent (not trimmed), with the same checks as <see cref="Text"/>; for typed values.</summary>
    private string? Exact(string name)
    {
        if (Text(name) is null) return null;
        return query[name][0];
    }

    /// <summary>A whole number in plain digits (<see cref="NumberStyles.None"/>) from <paramref name="min"/> to <paramref name="max"/>.</summary>
    public int? Integer(string name, int min, int max)
    {
        if (Exact(name) is not { } text) return null;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= min && value <= max)
            return value;
        Errors[name] = $"{name} must be a whole number from {min} to {max}, in plain digits; got '{text}'.";
        return null;
    }

    /// <summary>A UTC day as <c>yyyy-MM-dd</c>, exactly (no spaces, no sign, no other digits).</summary>
    public DateOnly? Day(string name)
    {
        if (Exact(name) is not { } text) return null;
        // DateTimeStyles.None: no white space of any kind, and the format's digits are ASCII only.
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        Errors[name] = $"{name} must be a UTC day as yyyy-MM-dd (e.g. 2026-11-26); got '{text}'.";
        return null;
    }

    /// <summary>A number in plain digits with an optional decimal point (no sign, spaces or exponent), at least <paramref name="min"/>.</summary>
    public double? Number(string name, double min)
    {
        if (Exact(name) is not { } text) return null;
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) && value >= min)
            return value;
        Errors[name] = $"{name} must be a number of at least {min.ToString(CultureInfo.InvariantCulture)}, in plain digits (such as 12.5); got '{text}'.";
        return null;
    }

    /// <summary>Exactly <c>true</c> or <c>false</c>.</summary>
    public bool? Boolean(string name)
    {
        if (Exact(name) is not { } text) return null;
        if (text is "true" or "false") return text == "true";
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
