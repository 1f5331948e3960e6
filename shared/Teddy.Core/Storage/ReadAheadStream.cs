using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace Teddy.Storage;

/// <summary>
/// A read-only stream that reads its source ahead of the consumer on a background task, a few chunks at a time, so the
/// next part of a blob downloads while the current one is parsed. A blob client's stream downloads only when it is read
/// (one range request per buffer), so a parser reading it waits for every download in turn; read ahead, a retrain's
/// ingestion takes about the longer of the two instead of their sum. At most <c>chunks</c> chunks of
/// <c>chunkBytes</c> (pooled) wait for the consumer. The source's failure is the consumer's, at the read that reaches it.
/// Disposing stops the background reads and disposes the source.
/// </summary>
public sealed class ReadAheadStream : Stream
{
    private readonly Stream _source;
    private readonly Channel<(byte[] Buffer, int Length)> _chunks;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private byte[]? _current;
    private int _offset, _length;
    private bool _ended, _disposed;

    /// <param name="source">Read from start to end once, on a background task.</param>
    /// <param name="chunkBytes">Bytes per background read (positive).</param>
    /// <param name="chunks">Chunks that may wait for the consumer (positive).</param>
    public ReadAheadStream(Stream source, int chunkBytes = 1 << 20, int chunks = 4)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunks, 1);
        _source = source;
        _chunks = Channel.CreateBounded<(byte[], int)>(new BoundedChannelOptions(chunks) { SingleReader = true, SingleWriter = true });
        _reader = Task.Run(() => ReadSourceAsync(chunkBytes, _stop.Token));
    }

    private async Task ReadSourceAsync(int chunkBytes, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(chunkBytes);
                int filled = 0;
                try
                {
                    // Whole chunks (a source may return less per read), so the consumer's reads are few and large.
                    while (filled < chunkBytes)
                    {
                        int read = await _source.ReadAsync(buffer.AsMemory(filled, chunkBytes - filled), stop).ConfigureAwait(false);
                        if (read == 0) break;
                        filled += read;
                    }
                    if (filled == 0)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                        break;
                    }
                    await _chunks.Writer.WriteAsync((buffer, filled), stop).ConfigureAwait(false);
                }
                catch
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    throw;
                }
                if (filled < chunkBytes) break; // the source ended within this chunk
            }
            _chunks.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _chunks.Writer.TryComplete(e);
        }
    }

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty) return 0;
        while (_current is null || _offset == _length)
        {
            if (_ended) return 0;
            if (_current is not null)
            {
                ArrayPool<byte>.Shared.Return(_current);
                _current = null;
            }
            if (!_chunks.Reader.TryRead(out var chunk) && !Wait(out chunk))
            {
                _ended = true;
                return 0;
            }
            (_current, _offset, _length) = (chunk.Buffer, 0, chunk.Length);
        }
        int count = Math.Min(buffer.Length, _length - _offset);
        _current.AsSpan(_offset, count).CopyTo(buffer);
        _offset += count;
        return count;
    }

    /// <summary>Blocks for the next chunk; false at the source's end; the source's failure is thrown as it was thrown.</summary>
    private bool Wait(out (byte[] Buffer, int Length) chunk)
    {
        try
        {
            if (_chunks.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult() && _chunks.Reader.TryRead(out chunk)) return true;
        }
        catch (Exception e)
        {
            ExceptionDispatchInfo.Throw(e);
        }
        chunk = default;
        return false;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    public override bool CanRead => !_disposed;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            _stop.Cancel();
            try
            {
                _reader.GetAwaiter().GetResult(); // it completes the channel itself, whatever happens
            }
            catch (OperationCanceledException)
            {
            }
            if (_current is not null) ArrayPool<byte>.Shared.Return(_current);
            while (_chunks.Reader.TryRead(out var chunk)) ArrayPool<byte>.Shared.Return(chunk.Buffer);
            _source.Dispose();
            _stop.Dispose();
        }
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        Dispose(); // cancels the background read and waits for it: no longer than the source takes to observe the cancellation
        return ValueTask.CompletedTask;
    }
}
