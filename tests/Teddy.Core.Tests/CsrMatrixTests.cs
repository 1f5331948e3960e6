using Teddy.LinearAlgebra;

namespace Teddy.Core.Tests;

public class CsrMatrixTests
{
    [Fact]
    public void FromTriplets_sums_duplicates_and_sorts_columns()
    {
        var m = CsrMatrix.FromTriplets(2, 3, [(0, 2, 1.0), (0, 0, 2.0), (0, 2, 3.0), (1, 1, 5.0)]);
        Assert.Equal(3, m.NonZeros);
        Assert.Equal([0, 2], m.RowColumns(0).ToArray());
        Assert.Equal(4.0, m[0, 2]);
        Assert.Equal(0.0, m[1, 0]);
    }

    [Fact]
    public void Transpose_swaps_rows_and_columns()
    {
        var m = CsrMatrix.FromTriplets(2, 3, [(0, 2, 1.0), (1, 2, 2.0), (1, 0, 3.0)]);
        var t = m.Transpose();
        Assert.Equal((3, 2), (t.Rows, t.Columns));
        Assert.Equal(3.0, t[0, 1]);
        Assert.Equal(1.0, t[2, 0]);
        Assert.Equal(2.0, t[2, 1]);
        Assert.Equal([0, 1], t.RowColumns(2).ToArray());
    }
}
