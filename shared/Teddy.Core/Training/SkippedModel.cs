using System.Text.Json.Serialization;

namespace Teddy.Training;

/// <summary>
/// A model a retrain could not fit on its data, and why: listed as <c>skipped</c> in report.json and in the
/// version's metadata. The other models still train and compete; a hybrid that lost one part is its other part.
/// </summary>
/// <param name="Method">The method key (<see cref="Recommenders.RecommenderMethods"/>).</param>
/// <param name="Code">A stable reason code (<see cref="SkipCodes"/>), for scripts.</param>
/// <param name="Reason">One sentence for people, naming the counts and the setting involved.</param>
public sealed record SkippedModel(
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("reason")] string Reason);

/// <summary>Why a model could not be fitted (the <see cref="SkippedModel.Code"/> values).</summary>
public static class SkipCodes
{
    /// <summary>No catalog product was accepted: nothing at all can be trained.</summary>
    public const string NoProducts = "no_products";
    /// <summary>No product text has a term TF-IDF counts (a token of two or more word characters that is not a stop word).</summary>
    public const string NoTextVocabulary = "no_text_vocabulary";
    /// <summary>No user has a weighted interaction with a catalog product.</summary>
    public const string NoInteractions = "no_interactions";
    /// <summary>The SVD rank is not below the number of users or of products with interactions (a "truncated" SVD would reproduce the data).</summary>
    public const string TooLittleDataForRank = "too_little_data_for_rank";
    /// <summary>A setting makes the model impossible (e.g. an SVD rank below 1).</summary>
    public const string InvalidSetting = "invalid_setting";
    /// <summary>The hybrid: neither of its parts (content, collaborative) can be fitted.</summary>
    public const string NoHybridPart = "no_hybrid_part";
    /// <summary>Imported factors (<c>als</c>) are not where the setting says: the Spark job has not written them.</summary>
    public const string NoFactors = "no_factors";
    /// <summary>Imported factors cannot be used: wrong columns, ids out of range, dimensions that differ, an unreadable file.</summary>
    public const string InvalidFactors = "invalid_factors";
}
