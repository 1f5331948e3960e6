using System.Globalization;
using Teddy.LinearAlgebra;

namespace Teddy.Core.Tests.LinearAlgebra;

/// <summary>
/// The scipy svds parity fixture (TestData/reference/svd, see its README) and one rank-60 SVD of it,
/// computed once and shared by the parity tests.
/// </summary>
public sealed class SvdReferenceFixture
{
    public const int Rows = 3000;
    public const int Columns = 2000;
    public const int Rank = 60;

    public SvdReferenceFixture()
    {
        Matrix = CsrMatrix.FromTriplets(Rows, Columns, ReadTriplets("matrix.tsv"));
        SingularValues = ReadTsv("singular_values.tsv").Select(f => Parse(f[1])).ToArray();
        RightTop5 = ReadVectors("vt_top5.tsv", Columns);
        LeftTop5 = ReadVectors("u_top5.tsv", Rows);
        ReconstructedRows = new Dictionary<int, double[]>();
        foreach (var (row, column, value) in ReadTriplets("reconstruction_rows.tsv"))
        {
            if (!ReconstructedRows.TryGetValue(row, out var scores)) ReconstructedRows[row] = scores = new double[Columns];
            scores[column] = value;
        }
        Result = TruncatedSvd.Compute(Matrix, Rank);
    }

    public CsrMatrix Matrix { get; }
    public double[] SingularValues { get; }
    public double[][] RightTop5 { get; }
    public double[][] LeftTop5 { get; }
    public Dictionary<int, double[]> ReconstructedRows { get; }
    public TruncatedSvdResult Result { get; }

    public static string PathOf(string file) =>
        Path.Combine(AppContext.BaseDirectory, "TestData", "reference", "svd", file);

    private static IEnumerable<string[]> ReadTsv(string file) =>
        File.ReadLines(PathOf(file)).Where(l => l.Length > 0).Select(l => l.Split('\t'));

    private static IEnumerable<(int, int, double)> ReadTriplets(string file) =>
        ReadTsv(file).Select(f => (int.Parse(f[0], CultureInfo.InvariantCulture), int.Parse(f[1], CultureInfo.InvariantCulture), Parse(f[2])));

    private static double[][] ReadVectors(string file, int length)
    {
        var vectors = Enumerable.Range(0, 5).Select(_ => new double[length]).ToArray();
        foreach (var (k, index, value) in ReadTriplets(file)) vectors[k][index] = value;
        return vectors;
    }

    private static double Parse(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
