using Teddy.LinearAlgebra;

namespace Teddy.Text;

/// <summary>
/// Appends TF-IDF rows to CSR arrays the way sklearn's TfidfTransformer computes them: raw count times idf,
/// then each row divided by its L2 norm (sum of squares in column order, rows of all zeros left as they are).
/// </summary>
internal sealed class TfidfRowWriter
{
    private readonly double[] idf;
    private readonly int[] rowPointers;
    private int[] columns;
    private double[] values;
    private int rowCount;
    private int nonZeros;

    public TfidfRowWriter(double[] idf, int rowCapacity, int nonZeroCapacity)
    {
        this.idf = idf;
        rowPointers = new int[rowCapacity + 1];
        columns = new int[Math.Max(16, nonZeroCapacity)];
        values = new double[columns.Length];
    }

    /// <summary>
    /// Adds the next row from the column of every term occurrence in its document (any order; a column
    /// repeated k times has count k). Sorts <paramref name="occurrences"/> in place.
    /// </summary>
    public void AppendRow(Span<int> occurrences)
    {
        occurrences.Sort();
        EnsureCapacity(nonZeros + occurrences.Length);

        int rowStart = nonZeros;
        for (int i = 0; i < occurrences.Length;)
        {
            int column = occurrences[i];
            int run = i + 1;
            while (run < occurrences.Length && occurrences[run] == column)
                run++;
            columns[nonZeros] = column;
            values[nonZeros] = (run - i) * idf[column];
            nonZeros++;
            i = run;
        }

        double sumOfSquares = 0d;
        for (int k = rowStart; k < nonZeros; k++)
            sumOfSquares += values[k] * values[k];
        if (sumOfSquares != 0d)
        {
            double norm = Math.Sqrt(sumOfSquares);
            for (int k = rowStart; k < nonZeros; k++)
                values[k] /= norm;
        }
        rowPointers[++rowCount] = nonZeros;
    }

    public CsrMatrix ToMatrix()
    {
        if (rowCount != rowPointers.Length - 1)
            throw new InvalidOperationException($"Expected {rowPointers.Length - 1} rows, got {rowCount}.");
        return new CsrMatrix(rowCount, idf.Length, rowPointers, columns[..nonZeros], values[..nonZeros]);
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= columns.Length)
            return;
        int capacity = Math.Max(needed, columns.Length * 2);
        Array.Resize(ref columns, capacity);
        Array.Resize(ref values, capacity);
    }
}
