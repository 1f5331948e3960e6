namespace Teddy.Interchange;

/// <summary>Settings under <c>Teddy:Spark</c>: where, in the data container, the interchange with Spark lives.</summary>
public sealed class SparkOptions
{
    public const string Section = "Teddy:Spark";

    /// <summary>Folder (blob name prefix) <c>teddy export</c> writes the Parquet input to: <c>spark/input</c> by default.</summary>
    public string ExportPath { get; set; } = "spark/input";

    /// <summary>
    /// Folder the Spark job saves its two ALS models to: <c>{FactorsPath}/full</c> (trained on every interaction, served) and
    /// <c>{FactorsPath}/holdout</c> (trained on <c>holdout_training.parquet</c>, evaluated), each with Spark's
    /// <c>userFactors/</c> and <c>itemFactors/</c> part files. Read by a retrain whose <c>Candidates</c> name <c>als</c>.
    /// </summary>
    public string FactorsPath { get; set; } = "spark/als";
}

/// <summary>The data container's side of the Spark interchange: export files written, factor files read.</summary>
public interface ISparkInterchange
{
    /// <summary>Where the export goes and the factors come from, for messages (e.g. <c>data/spark/input</c>).</summary>
    string ExportLocation { get; }

    /// <summary>Writes (replaces) each export file under <see cref="SparkOptions.ExportPath"/>.</summary>
    Task ExportAsync(SparkExportFiles export, CancellationToken cancellation = default);

    /// <summary>Reads the export's id maps and the saved factors; problems with their content are the candidate's skip reason, not thrown.</summary>
    Task<ImportedAls> ImportAsync(CancellationToken cancellation = default);
}
