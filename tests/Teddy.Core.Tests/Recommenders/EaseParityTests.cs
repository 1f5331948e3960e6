using System.Globalization;
using Teddy.LinearAlgebra;
using Teddy.Recommenders;

namespace Teddy.Core.Tests.Recommenders;

/// <summary>
/// Parity with numpy's dense float64 closed form of EASE (TestData/reference/ease, see its README) on the SVD fixture's
/// matrix (TestData/reference/svd/matrix.tsv), for λ = 500 and λ = 50, at the tolerances the README sets.
/// </summary>
public sealed class EaseParityTests
{
    private const int Rows = 3000, Columns = 2000;
    private static readonly Lazy<CsrMatrix> Matrix = new(() => CsrMatrix.FromTriplets(Rows, Columns,
        Tsv(Path.Combine("svd", "matrix.tsv")).Select(f => (Int(f[0]), Int(f[1]), Double(f[2])))));
    private static readonly Dictionary<int, EaseRecommender> Fitted = [];

    private static EaseRecommender Fit(int lambda)
    {
        lock (Fitted)
        {
            if (!Fitted.TryGetValue(lambda, out var model))
                Fitted[lambda] = model = EaseRecommender.Fit(Matrix.Value, lambda, maxItems: Columns);
            return model;
        }
    }

    private static UserHistory History(int row) =>
        new($"row{row}", row, Matrix.Value.RowColumns(row).ToArray(), Matrix.Value.RowValues(row).ToArray());

    [Theory]
    [InlineData(500)]
    [InlineData(50)]
    public void Scores_of_rows_0_to_9_match_to_1e_6_of_the_rows_largest(int lambda)
    {
        var model = Fit(lambda);
        foreach (var (row, expected) in ReferenceScores(lambda))
        {
            double tolerance = 1e-6 * expected.Max(Math.Abs);
            var scores = model.Recommend(History(row), Columns, ProductFilter.None).ToDictionary(s => s.Product, s => (double)s.Score);
            for (int column = 0; column < Columns; column++)
            {
                // A product nobody interacted with is not modelled (no score); the reference gives it B = 0, so score 0.
                double actual = scores.GetValueOrDefault(column, 0);
                Assert.True(Math.Abs(actual - expected[column]) <= tolerance,
                    $"λ {lambda}, row {row}, column {column}: expected {expected[column]}, got {actual} (tolerance {tolerance:E2})");
            }
        }
    }

    [Theory]
    [InlineData(500)]
    [InlineData(50)]
    public void Top_20_unseen_products_of_each_row_are_the_reference_set(int lambda)
    {
        var model = Fit(lambda);
        var largest = ReferenceScores(lambda).ToDictionary(r => r.Row, r => r.Scores.Max(Math.Abs));
        foreach (var fields in Tsv(Path.Combine("ease", $"top20_rows_lambda{lambda}.tsv")))
        {
            int row = Int(fields[0]);
            var expected = fields[1].Split(',').Select(Int).Order().ToArray();
            // The set is stable where the 20th/21st gap exceeds the score tolerance (true of every fixture row).
            Assert.True(Double(fields[2]) > 1e-6 * largest[row], $"row {row}: the reference gap is within the tolerance");
            var user = History(row);
            var top = model.Recommend(user, 20, new ProductFilter(null, user.Products)).Select(s => s.Product).Order().ToArray();
            Assert.Equal(expected, top);
        }
    }

    [Theory]
    [InlineData(500)]
    [InlineData(50)]
    public void Columns_0_to_4_of_B_match(int lambda)
    {
        var model = Fit(lambda);
        var reference = Tsv(Path.Combine("ease", $"b_cols0to4_lambda{lambda}.tsv")).Select(f => (Row: Int(f[0]), Column: Int(f[1]), Value: Double(f[2]))).ToArray();
        Assert.Equal(Columns * 5, reference.Length);
        double tolerance = 1e-6 * reference.Max(r => Math.Abs(r.Value));
        foreach (var (row, column, value) in reference)
        {
            float actual = model.Weight(row, column);
            double weight = float.IsNaN(actual) ? 0 : actual; // an unmodelled (empty) product: the reference's B is 0 there
            Assert.True(Math.Abs(weight - value) <= tolerance, $"λ {lambda}, B[{row}, {column}]: expected {value}, got {weight}");
        }
    }

    [Fact]
    public void Only_the_products_someone_interacted_with_are_modelled()
    {
        var model = Fit(500);
        Assert.Equal(Columns - 4, model.ItemCount); // the fixture has 4 empty columns
        var modelled = model.Items.ToArray().ToHashSet();
        foreach (int column in Enumerable.Range(0, Columns).Where(c => !modelled.Contains(c)))
            Assert.DoesNotContain(column, Matrix.Value.ColumnIndices);
    }

    private static IEnumerable<(int Row, double[] Scores)> ReferenceScores(int lambda) =>
        Tsv(Path.Combine("ease", $"scores_rows_lambda{lambda}.tsv"))
            .Select(f => (Row: Int(f[0]), Column: Int(f[1]), Score: Double(f[2])))
            .GroupBy(t => t.Row)
            .Select(g =>
            {
                var scores = new double[Columns];
                foreach (var t in g) scores[t.Column] = t.Score;
                Assert.Equal(Columns, g.Count());
                return (g.Key, scores);
            });

    private static IEnumerable<string[]> Tsv(string file) =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "TestData", "reference", file)).Where(l => l.Length > 0).Select(l => l.Split('\t'));

    private static int Int(string text) => int.Parse(text, CultureInfo.InvariantCulture);
    private static double Double(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
