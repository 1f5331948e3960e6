using MathNet.Numerics.LinearAlgebra;

namespace Teddy.LinearAlgebra;

/// <summary>
/// Golub–Kahan–Lanczos bidiagonalisation with full reorthogonalisation and thick restarts — the augmented
/// restarted Lanczos bidiagonalisation of Baglama &amp; Reichel (SIAM J. Sci. Comput. 27, 2005), the method
/// behind R's irlba. It keeps the top Ritz vectors at each restart (Wu &amp; Simon 2000), so it converges like
/// an unrestarted Krylov method on the wanted end of the spectrum. It is chosen over randomised subspace
/// iteration (Halko–Martinsson–Tropp 2011) and block Krylov (Musco &amp; Musco 2015) because recommender
/// spectra are flat past the first few values (σ₆₀/σ₆₁ = 1.003 on the fixture): a polynomial filter of
/// degree d separates a relative gap g roughly like exp(−2d√g), where subspace iteration needs ~1/g passes.
///
/// Invariants after step j, with P (n × j) and Q (m × j) orthonormal and B = QᵀAP upper triangular:
///   A·P = Q·B and Aᵀ·Q = P·Bᵀ + z·e_jᵀ, z ⟂ P.
/// So for a singular triplet B = Σ σ_i x_i y_iᵀ, the Ritz triplet (σ_i, Q x_i, P y_i) has
/// ‖A·P y_i − σ_i Q x_i‖ = 0 and ‖Aᵀ·Q x_i − σ_i P y_i‖ = ‖z‖·|x_i[j−1]|: convergence is read off B.
/// </summary>
internal sealed class ThickRestartLanczos
{
    /// <summary>A vector whose norm falls below this share of ‖A‖_F after orthogonalisation is numerically
    /// in the span of the basis (an invariant subspace was found): continue with a fresh random direction.</summary>
    private const double BreakdownRatio = 1e-14;

    private readonly SparseProducts _forward;   // A  (m × n)
    private readonly SparseProducts _backward;  // Aᵀ (n × m)
    private readonly int _rank;
    private readonly int _width;
    private readonly int _kept;
    private readonly double _tolerance;
    private readonly int _maxCycles;
    private readonly double _breakdownNorm;
    private SplitMix64 _random;

    public ThickRestartLanczos(
        SparseProducts forward, SparseProducts backward, int rank, int width, int kept,
        double tolerance, int maxCycles, ulong seed, ParallelOptions parallelOptions)
    {
        _forward = forward;
        _backward = backward;
        _rank = rank;
        _width = width;
        _kept = kept;
        _tolerance = tolerance;
        _maxCycles = maxCycles;
        _random = new SplitMix64(seed);
        _breakdownNorm = BreakdownRatio * FrobeniusNorm(forward.Matrix);
        Left = new RowMajorBasis(forward.Matrix.Rows, width, parallelOptions);
        Right = new RowMajorBasis(forward.Matrix.Columns, width, parallelOptions);
    }

    /// <summary>Q: the left Lanczos vectors, m × width.</summary>
    public RowMajorBasis Left { get; }

    /// <summary>P: the right Lanczos vectors, n × width.</summary>
    public RowMajorBasis Right { get; }

    public LanczosOutcome Run()
    {
        int m = Left.Length, n = Right.Length, width = _width;
        var projected = new double[width * width]; // B, row-major
        var coefficients = new double[width];
        var right = new double[n];     // p_j
        var residual = new double[n];  // Aᵀq_j orthogonalised: p_{j+1} before normalisation
        var left = new double[m];      // q_j
        var previousLeft = new double[m]; // q_{j-1}

        StartInRowSpace(right, left);
        Right.SetColumn(0, right);

        int step = 0, cycles = 0, products = 1; // the start vector's Aᵀr
        double beta = 0;
        while (true)
        {
            cycles++;
            int firstStep = step;
            for (; step < width; step++)
            {
                // Left side: A p_j = Σ_{i<j} B[i,j] q_i + α_j q_j. Inside a cycle the only coupling is
                // β_{j-1} q_{j-1}; removing it first (the Lanczos three-term recurrence) leaves only rounding
                // noise for the full reorthogonalisation, so one Gram–Schmidt pass nearly always suffices.
                (left, previousLeft) = (previousLeft, left);
                _forward.Multiply(right, left);
                products++;
                double recurrence = step > firstStep ? beta : 0;
                if (recurrence != 0) VectorKernels.AddScaled(-recurrence, previousLeft, left);
                double alpha = Left.Orthogonalize(left, step, coefficients);
                if (step > 0) coefficients[step - 1] += recurrence;
                for (int i = 0; i < step; i++) projected[i * width + step] = coefficients[i];
                if (alpha <= _breakdownNorm)
                {
                    alpha = 0;
                    NextRandomDirection(Left, step, left);
                }
                else
                {
                    VectorKernels.Scale(1 / alpha, left);
                }
                projected[step * width + step] = alpha;
                Left.SetColumn(step, left);

                // Right side: Aᵀ q_j = α_j p_j + β_j p_{j+1}. After removing α_j p_j the projections on
                // p_0..p_j are rounding noise, so they are not recorded (B stays upper triangular).
                _backward.Multiply(left, residual);
                products++;
                VectorKernels.AddScaled(-alpha, right, residual);
                beta = Right.Orthogonalize(residual, step + 1, default);
                if (beta <= _breakdownNorm) beta = 0;
                if (step + 1 < width)
                {
                    if (beta == 0) NextRandomDirection(Right, step + 1, residual);
                    else VectorKernels.Scale(1 / beta, residual);
                    Right.SetColumn(step + 1, residual);
                    (right, residual) = (residual, right);
                }
            }

            var svd = Matrix<double>.Build.Dense(width, width, (i, j) => projected[i * width + j]).Svd(computeVectors: true);
            var sigma = svd.S;
            var x = svd.U;    // B = X Σ Yᵀ: left coefficients
            var yt = svd.VT;  // right coefficients, one per row

            double maxResidual = 0;
            for (int i = 0; i < _rank; i++) maxResidual = Math.Max(maxResidual, beta * Math.Abs(x[width - 1, i]));
            bool converged = maxResidual <= _tolerance * sigma[0];

            if (converged || cycles >= _maxCycles)
            {
                return new LanczosOutcome(
                    sigma.Take(_rank).ToArray(), LeadingColumns(x, _rank), LeadingRowsTransposed(yt, _rank),
                    cycles, products, sigma[0] > 0 ? maxResidual / sigma[0] : 0, converged);
            }

            // Thick restart: keep the leading Ritz vectors and the residual direction. The next step's
            // orthogonalisation records row coupling B[i, kept] = β·x_i[width−1] automatically.
            Left.Transform(LeadingColumns(x, _kept), width, _kept, Left.Data, width);
            Right.Transform(LeadingRowsTransposed(yt, _kept), width, _kept, Right.Data, width);
            if (beta == 0) NextRandomDirection(Right, _kept, residual);
            else VectorKernels.Scale(1 / beta, residual);
            // Rotation left rounding-level components along the kept vectors; remove them.
            double norm = Right.Orthogonalize(residual, _kept, default);
            VectorKernels.Scale(1 / norm, residual);
            Right.SetColumn(_kept, residual);
            (right, residual) = (residual, right);

            Array.Clear(projected);
            for (int i = 0; i < _kept; i++) projected[i * width + i] = sigma[i];
            step = _kept;
        }
    }

    /// <summary>
    /// p₀ = Aᵀr / ‖Aᵀr‖ for a random r. Starting in the row space keeps every Lanczos vector there (until a
    /// breakdown), so users and items without interactions get exactly zero factors instead of rounding
    /// noise; it also costs nothing in convergence (it is one step of power iteration).
    /// </summary>
    private void StartInRowSpace(double[] start, double[] scratch)
    {
        _random.Fill(scratch);
        _backward.Multiply(scratch, start);
        double norm = Math.Sqrt(VectorKernels.Dot(start, start));
        if (norm > 0 && double.IsFinite(norm)) VectorKernels.Scale(1 / norm, start);
        else NextRandomDirection(Right, 0, start); // A = 0
    }

    /// <summary>A random unit vector orthogonal to the first <paramref name="count"/> columns of basis.</summary>
    private void NextRandomDirection(RowMajorBasis basis, int count, double[] destination)
    {
        for (int attempt = 0; ; attempt++)
        {
            _random.Fill(destination);
            double norm = basis.Orthogonalize(destination, count, default);
            if (norm > 1e-8 * Math.Sqrt(destination.Length) || attempt == 8)
            {
                VectorKernels.Scale(1 / norm, destination);
                return;
            }
        }
    }

    /// <summary>Columns [0, count) of a square matrix, as a rows × count row-major array.</summary>
    private static double[] LeadingColumns(Matrix<double> matrix, int count)
    {
        int rows = matrix.RowCount;
        var result = new double[rows * count];
        for (int l = 0; l < rows; l++)
            for (int j = 0; j < count; j++) result[l * count + j] = matrix[l, j];
        return result;
    }

    /// <summary>Rows [0, count) of a square matrix, transposed into a columns × count row-major array.</summary>
    private static double[] LeadingRowsTransposed(Matrix<double> matrix, int count)
    {
        int columns = matrix.ColumnCount;
        var result = new double[columns * count];
        for (int l = 0; l < columns; l++)
            for (int j = 0; j < count; j++) result[l * count + j] = matrix[j, l];
        return result;
    }

    private static double FrobeniusNorm(CsrMatrix matrix)
    {
        double sum = 0;
        foreach (double v in matrix.Values) sum += v * v;
        return Math.Sqrt(sum);
    }
}

/// <summary>The converged (or last) Ritz values and the coefficients that map the Lanczos bases to singular
/// vectors: U = Q·X and V = P·Y, with X and Y given as width × rank row-major arrays.</summary>
internal sealed record LanczosOutcome(
    double[] SingularValues, double[] LeftCoefficients, double[] RightCoefficients,
    int Cycles, int MatrixVectorProducts, double EstimatedResidual, bool Converged);
