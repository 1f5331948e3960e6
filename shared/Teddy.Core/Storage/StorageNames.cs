using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Teddy.Storage;

/// <summary>
/// The service's naming rules for the names Teddy takes from settings, so a bad setting stops the app at
/// start-up with a message naming it instead of failing later as a 400 from storage (or a 500 from us).
/// Sources: learn.microsoft.com "Naming and referencing containers, blobs, and metadata" and
/// "Understanding the Table service data model".
/// </summary>
public static partial class StorageNames
{
    /// <summary>Blob names: 1–1,024 characters, at most 254 path segments.</summary>
    public const int MaxBlobNameLength = 1024;
    public const int MaxBlobPathSegments = 254;

    /// <summary>Container (and queue) names: 3–63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.</summary>
    public static string? ContainerProblem(string? name) =>
        name is not null && ContainerPattern().IsMatch(name) && !name.Contains("--", StringComparison.Ordinal)
            ? null
            : $"'{name}' is not a valid container name: 3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit.";

    /// <summary>
    /// Queue names: a container name's rules, and short enough (at most 56 characters) that the Functions host's
    /// <c>&lt;queue&gt;-poison</c> queue is a valid name too.
    /// </summary>
    public static string? QueueProblem(string? name) =>
        ContainerProblem(name) is null && name!.Length + PoisonSuffix.Length <= 63
            ? null
            : $"'{name}' is not a valid queue name: 3 to 56 lower-case letters, digits and single hyphens, starting and ending with a letter or digit " +
              $"(the host adds '{PoisonSuffix}' for messages that keep failing).";

    /// <summary>What the Functions host appends to a queue's name for the messages that keep failing.</summary>
    public const string PoisonSuffix = "-poison";

    /// <summary>Table names: 3–63 letters and digits, starting with a letter; "tables" is reserved.</summary>
    public static string? TableProblem(string? name) =>
        name is not null && TablePattern().IsMatch(name) && !name.Equals("tables", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"'{name}' is not a valid table name: 3 to 63 letters and digits, starting with a letter (and not 'tables').";

    /// <summary>
    /// Blob names: 1–1,024 characters and at most 254 '/'-separated segments; no control characters or unpaired
    /// surrogates; not ending in '.', '/' or '\' (the service or its tools trim or misread those).
    /// </summary>
    public static string? BlobProblem(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "A blob name may not be empty.";
        if (name.Length > MaxBlobNameLength) return $"A blob name may be at most {MaxBlobNameLength} characters; this one has {name.Length}.";
        if (name.Count(c => c == '/') + 1 > MaxBlobPathSegments)
            return $"A blob name may have at most {MaxBlobPathSegments} '/'-separated segments; '{Shorten(name)}' has {name.Count(c => c == '/') + 1}.";
        if (name[^1] is '.' or '/' or '\\') return $"A blob name may not end with '.', '/' or '\\': '{Shorten(name)}'.";
        if (name.Any(char.IsControl)) return $"A blob name may not contain control characters: '{Shorten(name)}'.";
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsHighSurrogate(name[i]) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1])) i++;
            else if (char.IsSurrogate(name[i])) return $"A blob name may not contain an unpaired surrogate: '{Shorten(name)}'.";
        }
        return null;
    }

    private static string Shorten(string name) => name.Length <= 80 ? name : name[..77] + "...";

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex ContainerPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TablePattern();
}

/// <summary>Checks <see cref="StorageOptions"/> at start-up: names by the service's rules, budgets in range.</summary>
public sealed class StorageOptionsValidation : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var problems = new List<string>();
        void Check(string setting, string? problem)
        {
            if (problem is not null) problems.Add($"{StorageOptions.Section}:{setting}: {problem}");
        }
        Check(nameof(options.DataContainer), StorageNames.ContainerProblem(options.DataContainer));
        Check(nameof(options.ModelsContainer), StorageNames.ContainerProblem(options.ModelsContainer));
        Check(nameof(options.ClicksTable), StorageNames.TableProblem(options.ClicksTable));
        Check(nameof(options.RetrainsTable), StorageNames.TableProblem(options.RetrainsTable));
        Check(nameof(options.SimulationsTable), StorageNames.TableProblem(options.SimulationsTable));
        Check(nameof(options.AnalyticsContainer), StorageNames.ContainerProblem(options.AnalyticsContainer));
        Check(nameof(options.ImpressionsTable), StorageNames.TableProblem(options.ImpressionsTable));
        Check(nameof(options.EventsTable), StorageNames.TableProblem(options.EventsTable));
        Check(nameof(options.CatalogBlob), StorageNames.BlobProblem(options.CatalogBlob));
        Check(nameof(options.EventsBlob), StorageNames.BlobProblem(options.EventsBlob));
        if (options.CatalogBlob == options.EventsBlob)
            Check(nameof(options.EventsBlob), $"the catalog and the events must be different blobs; both are '{options.EventsBlob}'.");
        foreach (string problem in options.Requests.Problems(nameof(options.Requests)).Concat(options.Background.Problems(nameof(options.Background))))
            problems.Add($"{StorageOptions.Section}:{problem}");
        if (!(options.HealthTimeoutSeconds > 0 && options.HealthTimeoutSeconds <= 30))
            Check(nameof(options.HealthTimeoutSeconds), $"must be above 0 and at most 30; got {options.HealthTimeoutSeconds}.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
