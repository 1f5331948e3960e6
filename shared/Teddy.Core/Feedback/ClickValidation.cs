
using Teddy.Recommenders;
using Teddy.Retail;

namespace Teddy.Feedback;

/// <summary>What a click report must satisfy before it is stored. Field names are the API's.</summary>
public static class ClickValidation
{
    /// <summary>The longest click, user or product id: the one limit on ids (<see cref="IdLimit.MaxLength"/>), which ingestion applies too.</summary>
    public const int MaxIdLength = IdLimit.MaxLength;
    public const int MaxPosition = 1000;

    /// <summary>The longest model_version a click may carry, in characters (Teddy's versions are 15: yyyyMMdd_HHmmss).</summary>
    public const int MaxModelVersionLength = 64;

    public static Dictionary<string, string> Validate(string? clickId, string? userId, string? productId, int? position,
        string? recommendationType, string? modelVersion)
    {
        var errors = new Dictionary<string, string>();
        CheckId(errors, "click_id", clickId);
        CheckId(errors, "user_id", userId);
        CheckId(errors, "product_id", productId);
        if (position is null)
            errors["position"] = "position is required: the 1-based rank of the product in the list that was shown.";
        else if (position < 1 || position > MaxPosition)
            errors["position"] = $"position must be a whole number from 1 to {MaxPosition} (the 1-based rank in the list).";
        if (string.IsNullOrWhiteSpace(recommendationType))
            errors["recommendation_type"] = "recommendation_type is required (the recommendation_type of the clicked item).";
        else if (RecommendationType(recommendationType) is null)
            errors["recommendation_type"] = "recommendation_type must be the clicked item's recommendation_type, one of "
                + string.Join(", ", RecommenderMethods.RecommendationTypes) + ".";
        if (modelVersion is { Length: > MaxModelVersionLength })
            errors["model_version"] = $"model_version may be at most {MaxModelVersionLength} characters; got {modelVersion.Length}.";
        else if (modelVersion is not null && !IsWellFormed(modelVersion))
            errors["model_version"] = "model_version contains invalid Unicode (an unpaired surrogate).";
        else if (modelVersion is not null && modelVersion.Any(char.IsControl)) // a version's name, never a control character
            errors["model_version"] = "model_version may not contain control characters (U+0000–U+001F, U+007F–U+009F).";
        return errors;
    }

    /// <summary>The model_version as stored: a blank one (<c>""</c>, white space) is absent, as an empty optional field of an event is.</summary>
    public static string? ModelVersion(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>The documented recommendation type <paramref name="value"/> names (case-insensitively), or null.</summary>
    public static string? RecommendationType(string? value) =>
        RecommenderMethods.RecommendationTypes.FirstOrDefault(t => t.Equals(value, StringComparison.OrdinalIgnoreCase));

    private static void CheckId(Dictionary<string, string> errors, string field, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            errors[field] = $"{field} is required and may not be blank.";
        else if (value.Length > MaxIdLength)
            errors[field] = $"{field} may be at most {MaxIdLength} characters.";
        else if (!IsWellFormed(value))
            errors[field] = $"{field} contains invalid Unicode (an unpaired surrogate).";
    }

    private static bool IsWellFormed(string value) => !HasLoneSurrogate(value);

    private static bool HasLoneSurrogate(string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) i++;
            else if (char.IsSurrogate(value[i])) return true;
        }
        return false;
    }
}
