using Teddy.Storage;

namespace Teddy.Core.Tests.Storage;

/// <summary>The read-ahead stream hands over exactly the source's bytes, its failure, and stops when disposed.</summary>
public class ReadAheadStreamTests
{
    /// <summary>A source that returns at most a few bytes per read (as a network stream may), optionally failing after some.</summary>
    private sealed class TricklingStream(byte[] content, int seed, int failAfter = int.MaxValue) : MemoryStream(content)
    {
        private readonly Random _random = new(seed);
        public bool Disposed { get; private set; }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellation = default)
        {
            await Task.Yield();
            cancellation.ThrowIfCancellationRequested();
            if (Position >= failAfter) throw new IOException("The connection was reset.");
            int most = Math.Min(buffer.Length, _random.Next(1, 5_000));
            return Read(buffer.Span[..most]);
        }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }

    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(1, 7, 1)]
    [InlineData(100_000, 4_096, 2)]
    [InlineData(1_000_003, 65_536, 4)]
    public void Reads_exactly_the_sources_bytes(int length, int chunkBytes, int chunks)
    {
        var content = new byte[length];
        new Random(length).NextBytes(content);
        using var source = new TricklingStream(content, seed: 1);
        using var stream = new ReadAheadStream(source, chunkBytes, chunks);
        var copy = new MemoryStream();
        var random = new Random(2);
        var buffer = new byte[10_000];
        int read;
        while ((read = stream.Read(buffer, 0, random.Next(1, buffer.Length))) > 0) copy.Write(buffer, 0, read);
        Assert.Equal(content, copy.ToArray());
        Assert.Equal(0, stream.Read(buffer, 0, buffer.Length)); // stays at the end
        Assert.Equal(-1, stream.ReadByte());
    }

    [Fact]
    public void The_sources_failure_is_the_readers_once_it_reaches_it()
    {
        var content = new byte[200_000];
        using var stream = new ReadAheadStream(new TricklingStream(content, seed: 3, failAfter: 120_000), chunkBytes: 16_384);
        var buffer = new byte[8_192];
        long total = 0;
        var failure = Assert.Throws<IOException>(() =>
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0) total += read;
        });
        Assert.Equal("The connection was reset.", failure.Message);
        Assert.True(total >= 16_384 * (120_000 / 16_384), $"the chunks before the failure were read ({total} bytes)");
    }

    [Fact]
    public void Disposing_before_the_end_stops_the_background_reads_and_disposes_the_source()
    {
        var source = new TricklingStream(new byte[5_000_000], seed: 4);
        var stream = new ReadAheadStream(source, chunkBytes: 4_096, chunks: 2);
        Assert.Equal(100, stream.Read(new byte[100], 0, 100));
        stream.Dispose();
        Assert.True(source.Disposed);
        Assert.Throws<ObjectDisposedException>(() => stream.Read(new byte[1], 0, 1));
    }
}
