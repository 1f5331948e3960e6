using Teddy.Artifacts;

namespace Teddy.LinearAlgebra;

/// <summary>
/// Compressed sparse rows of floats: the compact, serving-side form of a trained sparse matrix (TF-IDF
/// product vectors, their inverted index, item neighbour lists). Training works in doubles
/// (<see cref="CsrMatrix"/>); serving needs half the memory and bandwidth and no more precision.
/// </summary>
public sealed class SparseFloatRows
{
    public int Rows => Pointers.Length - 1;
    public int Columns { get; }
    public int[] Pointers { get; }
    public int[] Indices { get; }
    public float[] Values { get; }

    public SparseFloatRows(int columns, int[] pointers, int[] indices, float[] values)
    {
        if (pointers.Length == 0 || pointers[^1] != indices.Length || indices.Length != values.Length)
            throw new ArgumentException("Pointers, indices and values disagree.");
        Columns = columns;
        Pointers = pointers;
        Indices = indices;
        Values = values;
    }

    public static SparseFloatRows From(CsrMatrix matrix) => new(
        matrix.Columns,
        (int[])matrix.RowPointers.Clone(),
        (int[])matrix.ColumnIndices.Clone(),
        Array.ConvertAll(matrix.Values, v => (float)v));

    public ReadOnlySpan<int> RowIndices(int row) => Indices.AsSpan(Pointers[row], Pointers[row + 1] - Pointers[row]);
    public ReadOnlySpan<float> RowValues(int row) => Values.AsSpan(Pointers[row], Pointers[row + 1] - Pointers[row]);

    /// <summary>Whether any of these rows has an entry (e.g. does a model know anything of a user's products).</summary>
    public bool AnyNonEmpty(ReadOnlySpan<int> rows)
    {
        foreach (int row in rows)
            if (Pointers[row + 1] > Pointers[row]) return true;
        return false;
    }

    /// <summary>The column-major view (row r of the result lists the rows that have column r).</summary>
    public SparseFloatRows Transpose()
    {
        var pointers = new int[Columns + 1];
        foreach (int c in Indices) pointers[c + 1]++;
        for (int c = 0; c < Columns; c++) pointers[c + 1] += pointers[c];
        var next = (int[])pointers.Clone();
        var indices = new int[Indices.Length];
        var values = new float[Values.Length];
        for (int r = 0; r < Rows; r++)
        {
            for (int k = Pointers[r]; k < Pointers[r + 1]; k++)
            {
                int slot = next[Indices[k]]++;
                indices[slot] = r;
                values[slot] = Values[k];
            }
        }
        return new SparseFloatRows(Rows, pointers, indices, values);
    }

    public void Write(ArtifactWriter writer)
    {
        writer.Write(Columns);
        writer.Write(Pointers);
        writer.Write(Indices);
        writer.Write(Values);
    }

    public static SparseFloatRows Read(ArtifactReader reader)
    {
        int columns = reader.ReadInt32();
        return new SparseFloatRows(columns, reader.ReadArray<int>(), reader.ReadArray<int>(), reader.ReadArray<float>());
    }
}
