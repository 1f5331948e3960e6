namespace Teddy.LinearAlgebra;

/// <summary>
/// A compressed sparse row matrix of doubles: the one sparse format the library trains on
/// (user-item interactions, TF-IDF rows). Immutable once built; rows are sorted by column.
/// </summary>
public sealed class CsrMatrix
{
    public int Rows { get; }
    public int Columns { get; }

    /// <summary>Row i's entries are [RowPointers[i], RowPointers[i + 1]).</summary>
    public int[] RowPointers { get; }
    public int[] ColumnIndices { get; }
    public double[] Values { get; }

    public int NonZeros => RowPointers[Rows];

    public CsrMatrix(int rows, int columns, int[] rowPointers, int[] columnIndices, double[] values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        if (rowPointers.Length != rows + 1)
            throw new ArgumentException($"Expected {rows + 1} row pointers, got {rowPointers.Length}.", nameof(rowPointers));
        if (columnIndices.Length != values.Length || rowPointers[rows] != values.Length)
            throw new ArgumentException("Column indices, values and the last row pointer must agree.", nameof(values));
        Rows = rows;
        Columns = columns;
        RowPointers = rowPointers;
        ColumnIndices = columnIndices;
        Values = values;
    }

    public ReadOnlySpan<int> RowColumns(int row) =>
        ColumnIndices.AsSpan(RowPointers[row], RowPointers[row + 1] - RowPointers[row]);

    public ReadOnlySpan<double> RowValues(int row) =>
        Values.AsSpan(RowPointers[row], RowPointers[row + 1] - RowPointers[row]);

    public int RowLength(int row) => RowPointers[row + 1] - RowPointers[row];

    /// <summary>The value at (row, column), or 0 when not stored (binary search in the row).</summary>
    public double this[int row, int column]
    {
        get
        {
            int at = RowColumns(row).BinarySearch(column);
            return at >= 0 ? Values[RowPointers[row] + at] : 0d;
        }
    }

    /// <summary>Builds a matrix from (row, column, value) triplets; duplicates are summed.</summary>
    public static CsrMatrix FromTriplets(int rows, int columns, IEnumerable<(int Row, int Column, double Value)> triplets)
    {
        var perRow = new List<(int Column, double Value)>[rows];
        foreach (var (row, column, value) in triplets)
        {
            if ((uint)row >= (uint)rows || (uint)column >= (uint)columns)
                throw new ArgumentOutOfRangeException(nameof(triplets), $"({row}, {column}) is outside {rows}x{columns}.");
            (perRow[row] ??= new List<(int, double)>()).Add((column, value));
        }

        var pointers = new int[rows + 1];
        var columnList = new List<int>();
        var valueList = new List<double>();
        for (int r = 0; r < rows; r++)
        {
            if (perRow[r] is { } entries)
            {
                entries.Sort((a, b) => a.Column.CompareTo(b.Column));
                for (int i = 0; i < entries.Count; i++)
                {
                    if (i > 0 && entries[i].Column == entries[i - 1].Column)
                        valueList[^1] += entries[i].Value;
                    else
                    {
                        columnList.Add(entries[i].Column);
                        valueList.Add(entries[i].Value);
                    }
                }
            }
            pointers[r + 1] = columnList.Count;
        }
        return new CsrMatrix(rows, columns, pointers, columnList.ToArray(), valueList.ToArray());
    }

    public CsrMatrix Transpose()
    {
        var counts = new int[Columns + 1];
        foreach (int c in ColumnIndices) counts[c + 1]++;
        for (int c = 0; c < Columns; c++) counts[c + 1] += counts[c];

        var next = (int[])counts.Clone();
        var columns = new int[NonZeros];
        var values = new double[NonZeros];
        for (int r = 0; r < Rows; r++)
        {
            for (int k = RowPointers[r]; k < RowPointers[r + 1]; k++)
            {
                int slot = next[ColumnIndices[k]]++;
                columns[slot] = r;
                values[slot] = Values[k];
            }
        }
        return new CsrMatrix(Columns, Rows, counts, columns, values);
    }
}
