using Teddy.Artifacts;
using Teddy.LinearAlgebra;

namespace Teddy.Recommenders;

/// <summary>The users a model was trained on and their interaction histories (users × products, summed event weights).</summary>
public sealed class ModelUsers
{
    private readonly Dictionary<string, int> _indexById;

    public string[] Ids { get; }
    public CsrMatrix Interactions { get; }

    public ModelUsers(string[] ids, CsrMatrix interactions)
    {
        if (ids.Length != interactions.Rows) throw new ArgumentException("One id per interaction row is required.");
        Ids = ids;
        Interactions = interactions;
        _indexById = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (int i = 0; i < ids.Length; i++) _indexById[ids[i]] = i;
    }

    public int Count => Ids.Length;

    /// <summary>The user's history, or an empty history with <see cref="UserHistory.UnknownUser"/> for a user the model never saw.</summary>
    public UserHistory Find(string userId) => _indexById.TryGetValue(userId, out int index) ? History(index) : UserHistory.Unknown(userId);

    public UserHistory History(int index)
    {
        int start = Interactions.RowPointers[index], length = Interactions.RowLength(index);
        return new UserHistory(Ids[index], index,
            new ReadOnlyMemory<int>(Interactions.ColumnIndices, start, length),
            new ReadOnlyMemory<double>(Interactions.Values, start, length));
    }

    public void Write(ArtifactWriter writer)
    {
        writer.BeginSection("users");
        writer.Write(Ids);
        writer.Write(Interactions.Columns);
        writer.Write(Interactions.RowPointers);
        writer.Write(Interactions.ColumnIndices);
        writer.Write(Interactions.Values);
        writer.EndSection();
    }

    public static ModelUsers Read(ArtifactReader reader)
    {
        reader.BeginSection("users");
        string[] ids = reader.ReadStrings();
        int columns = reader.ReadInt32();
        var matrix = new CsrMatrix(ids.Length, columns, reader.ReadArray<int>(), reader.ReadArray<int>(), reader.ReadArray<double>());
        reader.EndSection();
        return new ModelUsers(ids, matrix);
    }
}
