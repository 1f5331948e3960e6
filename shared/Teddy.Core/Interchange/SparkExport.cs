using System.Text.Json;
using System.Text.Json.Serialization;
using Parquet.Serialization;
using Teddy.Catalog;
using Teddy.Evaluation;
using Teddy.Interactions;
using Teddy.Retail;
using Teddy.Training;

namespace Teddy.Interchange;

/// <summary>One row of <c>interactions.parquet</c> / <c>holdout_training.parquet</c>: what Spark MLlib's ALS reads (userCol, itemCol, ratingCol).</summary>
public sealed class InteractionRow
{
    /// <summary>The user's index: a row of <c>users.parquet</c>.</summary>
    [JsonPropertyName("user")] public int User { get; set; }
    /// <summary>The product's index: a row of <c>products.parquet</c>.</summary>
    [JsonPropertyName("item")] public int Item { get; set; }
    /// <summary>The summed event weights of the (user, product) pair, &gt; 0: the implicit-feedback confidence ALS reads as rating.</summary>
    [JsonPropertyName("rating")] public float Rating { get; set; }
}

/// <summary>One row of an id map (<c>users.parquet</c>, <c>products.parquet</c>): the integer index Spark sees and Teddy's id.</summary>
public sealed class IdRow
{
    [JsonPropertyName("index")] public int Index { get; set; }
    [JsonPropertyName("id")] public string Id { get; set; } = "";
}

/// <summary>What an export wrote: file names with their content, and the counts for the log and <c>export.json</c>.</summary>
public sealed record SparkExportFiles(IReadOnlyDictionary<string, byte[]> Files, int Users, int Products, int Interactions, int HoldoutTrainingInteractions);

/// <summary>
/// <c>teddy export</c>, storage-free: ingests the Retail NDJSON exactly as a retrain does (same event weights, variants
/// rolled up) and writes the training interactions as Spark MLlib's ALS takes them, with integer indices (Spark's ALS
/// needs int ids) and the maps back to Teddy's ids. Files (Parquet, written by Parquet.Net):
/// <list type="bullet">
/// <item><c>interactions.parquet</c> — <c>user</c> int, <c>item</c> int, <c>rating</c> float: every interaction (for the served factors).</item>
/// <item><c>holdout_training.parquet</c> — the same columns: the training part of the retrain's temporal hold-out (same
/// settings), so factors trained on it are evaluated honestly on what it holds out.</item>
/// <item><c>users.parquet</c>, <c>products.parquet</c> — <c>index</c> int, <c>id</c> string.</item>
/// <item><c>export.json</c> — when, the counts and the hold-out settings.</item>
/// </list>
/// See docs/spark-als.md for the Spark job and the import.
/// </summary>
public static class SparkExport
{
    public const string Interactions = "interactions.parquet";
    public const string HoldoutTraining = "holdout_training.parquet";
    public const string Users = "users.parquet";
    public const string Products = "products.parquet";
    public const string Manifest = "export.json";

    public static async Task<SparkExportFiles> BuildAsync(Stream catalogNdjson, Stream eventsNdjson, TeddySettings settings, DateTimeOffset now,
        CancellationToken cancellation = default)
    {
        var ingested = RetailIngestion.Ingest(catalogNdjson, eventsNdjson, settings.Events);
        var catalog = ModelCatalogBuilder.From(ingested.Catalog);
        var evaluation = settings.Training.Evaluation;
        var holdout = TemporalHoldout.Split(ingested.Interactions, evaluation.HoldoutFraction, evaluation.MinProducts);

        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [Interactions] = await WriteAsync(Rows(ingested.Interactions), cancellation),
            [HoldoutTraining] = await WriteAsync(Rows(holdout.Training), cancellation),
            [Users] = await WriteAsync(ingested.Interactions.UserIds.Select((id, index) => new IdRow { Index = index, Id = id }), cancellation),
            [Products] = await WriteAsync(catalog.Ids.Select((id, index) => new IdRow { Index = index, Id = id }), cancellation),
        };
        files[Manifest] = JsonSerializer.SerializeToUtf8Bytes(new
        {
            created = now, users = ingested.Interactions.UserCount, products = catalog.Count, interactions = ingested.Interactions.Count,
            holdout_training_interactions = holdout.Training.Count,
            holdout = new { fraction = evaluation.HoldoutFraction, min_products = evaluation.MinProducts },
            columns = new { user = "int (users.parquet index)", item = "int (products.parquet index)", rating = "float (summed event weights)" },
        }, new JsonSerializerOptions { WriteIndented = true });
        return new SparkExportFiles(files, ingested.Interactions.UserCount, catalog.Count, ingested.Interactions.Count, holdout.Training.Count);
    }

    private static IEnumerable<InteractionRow> Rows(InteractionSet interactions) =>
        interactions.Interactions.Select(i => new InteractionRow { User = i.User, Item = i.Product, Rating = (float)i.Weight });

    private static async Task<byte[]> WriteAsync<T>(IEnumerable<T> rows, CancellationToken cancellation) where T : new()
    {
        using var stream = new MemoryStream();
        await ParquetSerializer.SerializeAsync(rows, stream, cancellationToken: cancellation);
        return stream.ToArray();
    }
}
