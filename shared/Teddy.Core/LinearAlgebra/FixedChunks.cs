namespace Teddy.LinearAlgebra;

/// <summary>
/// Splits [0, length) into chunks of a fixed size and runs them with Parallel.For. Reductions keep one
/// partial per chunk and add the partials in chunk order, so results do not depend on how many threads
/// ran or which chunk finished first: the same input gives bit-identical output on any core count.
/// </summary>
internal readonly struct FixedChunks
{
    public FixedChunks(int length, int chunkSize, ParallelOptions parallelOptions)
    {
        Length = length;
        ChunkSize = chunkSize;
        Count = (length + chunkSize - 1) / chunkSize;
        ParallelOptions = parallelOptions;
    }

    public int Length { get; }
    public int ChunkSize { get; }
    public int Count { get; }
    public ParallelOptions ParallelOptions { get; }

    public int Start(int chunk) => chunk * ChunkSize;
    public int End(int chunk) => Math.Min(Length, (chunk + 1) * ChunkSize);

    /// <summary>Runs body(chunk) for every chunk; inline when there is one chunk or one thread, where a
    /// Parallel.For would only add scheduling overhead.</summary>
    public void Run(Action<int> body)
    {
        if (Count <= 1 || ParallelOptions.MaxDegreeOfParallelism == 1)
        {
            for (int chunk = 0; chunk < Count; chunk++) body(chunk);
        }
        else
        {
            Parallel.For(0, Count, ParallelOptions, body);
        }
    }
}
