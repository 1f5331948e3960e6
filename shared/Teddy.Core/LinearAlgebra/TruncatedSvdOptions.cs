namespace Teddy.LinearAlgebra;

/// <summary>Settings for <see cref="TruncatedSvd"/>. The defaults reproduce scipy's ARPACK <c>svds</c> to
/// parity-test accuracy on the recommender's user-item matrices.</summary>
public sealed record TruncatedSvdOptions
{
    public static TruncatedSvdOptions Default { get; } = new();

    /// <summary>Number of singular triplets wanted. Clamped to min(rows, columns) (see
    /// <see cref="TruncatedSvd"/>).</summary>
    public int Rank { get; init; } = 60;

    /// <summary>Lanczos vectors kept beyond <see cref="Rank"/> on each side: the working subspace has
    /// Rank + Oversampling columns. More gives fewer restarts but more memory and orthogonalisation work
    /// per step.</summary>
    public int Oversampling { get; init; } = 40;

    /// <summary>Cap on thick-restart cycles. When reached, the best current approximation is returned
    /// with <see cref="TruncatedSvdResult.Converged"/> false.</summary>
    public int MaxIterations { get; init; } = 500;

    /// <summary>Converged when every wanted Ritz triplet has ‖Aᵀu_i − σ_i v_i‖ ≤ Tolerance·σ₁.
    /// 1e-10 keeps the rank-60 subspace of the parity fixture (σ₆₀/σ₆₁ only 0.3% apart) within 1e-6.</summary>
    public double Tolerance { get; init; } = 1e-10;

    /// <summary>Seed of the Lanczos start vector. Same seed and input → bit-identical output on one machine.</summary>
    public ulong Seed { get; init; } = 0x7EDD7;

    /// <summary>Threads for the sparse and dense kernels; -1 uses every core. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
