using System.Collections;
using System.Text.Json.Serialization;
using Parquet.Serialization;
using Teddy.Catalog;
using Teddy.Recommenders;
using Teddy.Training;

namespace Teddy.Interchange;

/// <summary>A file's name (for messages) and its bytes.</summary>
public sealed record ParquetFile(string Name, byte[] Content);

/// <summary>The part files of one saved Spark <c>ALSModel</c>: <c>userFactors/part-*.parquet</c> and <c>itemFactors/part-*.parquet</c>.</summary>
public sealed record FactorFiles(IReadOnlyList<ParquetFile> Users, IReadOnlyList<ParquetFile> Items)
{
    public static readonly FactorFiles None = new([], []);
    public bool IsEmpty => Users.Count == 0 && Items.Count == 0;
}

/// <summary>
/// What an import reads (<see cref="Source"/> names where, for messages): the export's id maps and two ALS models, one
/// trained on all interactions (<c>full/</c>, served) and one on the hold-out's training part (<c>holdout/</c>, evaluated).
/// </summary>
public sealed record AlsImportFiles(string Source, ParquetFile? UserMap, ParquetFile? ProductMap, FactorFiles Full, FactorFiles Holdout);

/// <summary>How much of an imported model matched the retrain's data.</summary>
public sealed record AlsMatch(
    [property: JsonPropertyName("rank")] int Rank,
    [property: JsonPropertyName("users_with_factors")] int UsersWithFactors,
    [property: JsonPropertyName("users_matched")] int UsersMatched,
    [property: JsonPropertyName("products_with_factors")] int ProductsWithFactors,
    [property: JsonPropertyName("products_matched")] int ProductsMatched);

/// <summary>
/// Externally trained factors (Spark MLlib ALS, implicit preferences) as a collaborative candidate (<c>als</c>): the
/// saved <c>userFactors</c>/<c>itemFactors</c> (<c>id</c> int, <c>features</c> array&lt;float&gt;) are mapped through the
/// export's <c>users.parquet</c>/<c>products.parquet</c> to the retrain's own users and products, and scored exactly as
/// the SVD's factors are (<see cref="CollaborativeRecommender"/>: score = user factors · item factors). A problem with the
/// files (missing, wrong columns, ids out of range, dimensions that differ) skips the candidate with the reason; it never
/// fails the retrain. Users and products that appeared after the export have no factors: the model does not know them
/// and serving falls back as for any unknown shopper.
/// </summary>
public sealed class ImportedAls
{
    private readonly string _source;
    private readonly string? _problem;
    private readonly Dictionary<string, int>? _userIndex, _productIndex;
    private readonly int _exportUsers, _exportProducts;
    private readonly (Factors? Users, Factors? Items, string? Problem) _full, _holdout;

    private sealed record Factors(int Rank, Dictionary<int, float[]> Rows);

    private ImportedAls(string source, string? problem, Dictionary<string, int>? users, Dictionary<string, int>? products,
        (Factors?, Factors?, string?) full, (Factors?, Factors?, string?) holdout)
    {
        _source = source;
        _problem = problem;
        _userIndex = users;
        _productIndex = products;
        _exportUsers = users?.Count ?? 0;
        _exportProducts = products?.Count ?? 0;
        _full = full;
        _holdout = holdout;
    }

    /// <summary>Reads every file; a bad one is remembered as the candidate's skip reason, never thrown.</summary>
    public static async Task<ImportedAls> ReadAsync(AlsImportFiles files, CancellationToken cancellation = default)
    {
        var users = await IdMapAsync(files.UserMap, $"{files.Source}: {SparkExport.Users}", cancellation);
        var products = await IdMapAsync(files.ProductMap, $"{files.Source}: {SparkExport.Products}", cancellation);
        string? problem = users.Problem ?? products.Problem;
        return new ImportedAls(files.Source, problem, users.Map, products.Map,
            await ModelAsync(files.Full, $"{files.Source}/full", cancellation), await ModelAsync(files.Holdout, $"{files.Source}/holdout", cancellation));
    }

    /// <summary>
    /// The <c>als</c> recommender over the retrain's users (<paramref name="userIds"/>, their order is the model's user
    /// index) and <paramref name="catalog"/>, from the hold-out factors (<paramref name="holdout"/>, for evaluation) or
    /// the full ones (served); or why it cannot be built.
    /// </summary>
    public (CollaborativeRecommender? Model, AlsMatch? Match, SkippedModel? Skipped) Build(bool holdout, IReadOnlyList<string> userIds, ModelCatalog catalog)
    {
        if (_problem is not null) return Skip(SkipCodes.InvalidFactors, _problem);
        var (userFactors, itemFactors, problem) = holdout ? _holdout : _full;
        string part = holdout ? "holdout" : "full";
        if (problem is not null) return Skip(SkipCodes.InvalidFactors, problem);
        if (userFactors is null || itemFactors is null)
            return Skip(SkipCodes.NoFactors, $"No factors at {_source}/{part}/{(userFactors is null ? "userFactors" : "itemFactors")}/ (the Spark job's ALSModel.save)"
                + (holdout ? "; the evaluation needs factors trained on holdout_training.parquet, without the held-out interactions." : "."));
        if (userFactors.Rank != itemFactors.Rank)
            return Skip(SkipCodes.InvalidFactors, $"{_source}/{part}: the dimensions differ: userFactors have {userFactors.Rank} features, itemFactors {itemFactors.Rank}.");
        if (OutOfRange(userFactors, _exportUsers) is { } badUser)
            return Skip(SkipCodes.InvalidFactors, $"{_source}/{part}/userFactors: id {badUser} is not an index of {SparkExport.Users} (0 to {_exportUsers - 1}): the factors were not trained on this export.");
        if (OutOfRange(itemFactors, _exportProducts) is { } badItem)
            return Skip(SkipCodes.InvalidFactors, $"{_source}/{part}/itemFactors: id {badItem} is not an index of {SparkExport.Products} (0 to {_exportProducts - 1}): the factors were not trained on this export.");

        int rank = userFactors.Rank;
        var users = new float[userIds.Count * rank];
        int usersMatched = Fill(users, rank, userIds.Count, u => userIds[u], _userIndex!, userFactors);
        var items = new float[catalog.Count * rank];
        int productsMatched = Fill(items, rank, catalog.Count, p => catalog.Ids[p], _productIndex!, itemFactors);
        var match = new AlsMatch(rank, userFactors.Rows.Count, usersMatched, itemFactors.Rows.Count, productsMatched);
        if (usersMatched == 0 || productsMatched == 0)
            return (null, match, new SkippedModel(RecommenderMethods.Als, SkipCodes.InvalidFactors,
                $"{_source}/{part}: none of the factors' {(usersMatched == 0 ? "users" : "products")} is in this retrain's data (export and retrain read different data)."));
        return (CollaborativeRecommender.FromFactors(RecommenderMethods.Als, rank, users, items, userIds.Count, catalog.Count), match, null);
    }

    private static (CollaborativeRecommender?, AlsMatch?, SkippedModel?) Skip(string code, string reason) =>
        (null, null, new SkippedModel(RecommenderMethods.Als, code, reason));

    private static long? OutOfRange(Factors factors, int count)
    {
        foreach (int id in factors.Rows.Keys)
            if (id < 0 || id >= count) return id;
        return null;
    }

    /// <summary>Copies each of today's users' (or products') factor row, found through its export index; returns how many had one.</summary>
    private static int Fill(float[] target, int rank, int count, Func<int, string> idOf, Dictionary<string, int> exportIndex, Factors factors)
    {
        int matched = 0;
        for (int i = 0; i < count; i++)
            if (exportIndex.TryGetValue(idOf(i), out int index) && factors.Rows.TryGetValue(index, out var row))
            {
                row.CopyTo(target.AsSpan(i * rank, rank));
                matched++;
            }
        return matched;
    }

    private static async Task<(Factors?, Factors?, string?)> ModelAsync(FactorFiles files, string source, CancellationToken cancellation)
    {
        var users = await FactorsAsync(files.Users, $"{source}/userFactors", cancellation);
        if (users.Problem is not null) return (null, null, users.Problem);
        var items = await FactorsAsync(files.Items, $"{source}/itemFactors", cancellation);
        return (users.Factors, items.Factors, items.Problem);
    }

    /// <summary>Reads Spark's factor part files (<c>id</c> int, <c>features</c> array&lt;float&gt;); null factors when there are no files.</summary>
    private static async Task<(Factors? Factors, string? Problem)> FactorsAsync(IReadOnlyList<ParquetFile> files, string source, CancellationToken cancellation)
    {
        if (files.Count == 0) return (null, null);
        var rows = new Dictionary<int, float[]>();
        int rank = -1;
        foreach (var file in files)
        {
            var (data, problem) = await ReadAsync(file, ["id", "features"], "id (int) and features (array<float>), as Spark's ALSModel saves them", cancellation);
            if (problem is not null) return (null, problem);
            for (int r = 0; r < data!.Count; r++)
            {
                var row = data[r];
                if (!TryInteger(row.GetValueOrDefault("id"), out int id))
                    return (null, $"{file.Name}: row {r} has id '{row.GetValueOrDefault("id")}', not an integer index.");
                if (row.GetValueOrDefault("features") is not IEnumerable list || list is string)
                    return (null, $"{file.Name}: id {id} has no features array.");
                var features = new List<float>();
                foreach (object? value in list)
                {
                    if (value is null || !TryFloat(value, out float f))
                        return (null, $"{file.Name}: id {id} has a feature that is not a finite number ('{value ?? "null"}').");
                    features.Add(f);
                }
                if (features.Count == 0) return (null, $"{file.Name}: id {id} has no features.");
                if (rank < 0) rank = features.Count;
                else if (features.Count != rank)
                    return (null, $"{source}: the dimensions differ: id {id} in {file.Name} has {features.Count} features, earlier rows {rank}.");
                if (!rows.TryAdd(id, [.. features])) return (null, $"{source}: id {id} appears twice.");
            }
        }
        return (new Factors(Math.Max(rank, 0), rows), rows.Count == 0 ? $"{source}: the factor files have no rows." : null);
    }

    private static async Task<(Dictionary<string, int>? Map, string? Problem)> IdMapAsync(ParquetFile? file, string source, CancellationToken cancellation)
    {
        if (file is null) return (null, $"{source} is missing: run `teddy export` (the factors' integer ids are indices into it).");
        var (data, problem) = await ReadAsync(file, ["index", "id"], "index (int) and id (string), as `teddy export` writes them", cancellation);
        if (problem is not null) return (null, problem);
        var map = new Dictionary<string, int>(data!.Count, StringComparer.Ordinal);
        var seen = new bool[data.Count];
        foreach (var row in data)
        {
            if (!TryInteger(row.GetValueOrDefault("index"), out int index) || index < 0 || index >= data.Count || seen[index]
                || row.GetValueOrDefault("id") is not string id || !map.TryAdd(id, index))
                return (null, $"{source}: each index 0 to {data.Count - 1} must name one distinct id; row '{row.GetValueOrDefault("index")}' does not.");
            seen[index] = true;
        }
        return (map, null);
    }

    private static async Task<(IList<Dictionary<string, object>>? Rows, string? Problem)> ReadAsync(ParquetFile file, string[] columns, string expected,
        CancellationToken cancellation)
    {
        try
        {
            var result = await ParquetSerializer.DeserializeUntypedAsync(new MemoryStream(file.Content, writable: false), cancellationToken: cancellation);
            var names = result.Schema.Fields.Select(f => f.Name).ToArray();
            if (columns.Any(c => !names.Contains(c, StringComparer.Ordinal)))
                return (null, $"{file.Name} has the columns {string.Join(", ", names)}; expected {expected}.");
            return (result.Data, null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, $"{file.Name} is not a Parquet file Teddy can read ({e.GetType().Name}: {e.Message}).");
        }
    }

    private static bool TryInteger(object? value, out int result)
    {
        result = 0;
        switch (value)
        {
            case int i: result = i; return true;
            case long l when l is >= int.MinValue and <= int.MaxValue: result = (int)l; return true;
            case short s: result = s; return true;
            default: return false;
        }
    }

    private static bool TryFloat(object value, out float result)
    {
        result = value switch { float f => f, double d => (float)d, _ => float.NaN };
        return float.IsFinite(result);
    }
}
