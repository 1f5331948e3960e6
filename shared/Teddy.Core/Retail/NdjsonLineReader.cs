using System.Buffers;
using System.Runtime.CompilerServices;

namespace Teddy.Retail;

/// <summary>One physical line of an NDJSON stream. <see cref="Bytes"/> is only valid until the next read.</summary>
internal readonly record struct NdjsonLine(long Number, ReadOnlyMemory<byte> Bytes, bool IsTooLong)
{
    /// <summary>Empty or only JSON whitespace (space, tab, CR).</summary>
    public bool IsBlank => !IsTooLong && Bytes.Span.Trim(" \t\r"u8).IsEmpty;
}

/// <summary>
/// Splits a UTF-8 stream into lines at '\n' without decoding: one pooled buffer is reused, so memory stays
/// at the longest line, not the file. Handles "\r\n", a UTF-8 BOM at the start, and a last line without '\n'.
/// A line longer than <c>maxLineBytes</c> is not buffered: it is consumed and returned with IsTooLong set,
/// so a corrupt file cannot exhaust memory.
/// </summary>
internal sealed class NdjsonLineReader : IDisposable
{
    public const int DefaultMaxLineBytes = 16 * 1024 * 1024;

    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private byte[] _buffer;
    private int _start;          // first unconsumed byte
    private int _end;            // one past the last byte read
    private bool _endOfStream;
    private bool _atStart = true;
    private long _lineNumber;

    public NdjsonLineReader(Stream stream, int initialBufferBytes = 64 * 1024, int maxLineBytes = DefaultMaxLineBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(initialBufferBytes, 16);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        _stream = stream;
        _maxLineBytes = maxLineBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(initialBufferBytes);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool TryReadLine(out NdjsonLine line)
    {
        bool tooLong = false;
        int searchFrom = _start;
        while (true)
        {
            int newline = _buffer.AsSpan(searchFrom, _end - searchFrom).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                int lineEnd = searchFrom + newline;
                line = MakeLine(_start, lineEnd, tooLong);
                _start = lineEnd + 1;
                return true;
            }
            if (_endOfStream)
            {
                if (_start == _end && !tooLong)
                {
                    line = default;
                    return false;
                }
                // The last line has no trailing newline.
                line = MakeLine(_start, _end, tooLong);
                _start = _end;
                return true;
            }
            if (_end - _start >= _maxLineBytes)
            {
                // Drop what we have of this oversized line and keep looking for its end.
                tooLong = true;
                _start = _end = 0;
            }
            searchFrom = MakeRoomAndFill();
        }
    }

    /// <summary>Moves the partial line to the front (growing the buffer if it is full), reads more; returns where to resume searching.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int MakeRoomAndFill()
    {
        int pending = _end - _start;
        if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
            _start = 0;
            _end = pending;
        }
        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(Math.Max(_buffer.Length * 2, 16), Math.Max(_maxLineBytes + 1, _buffer.Length + 1)));
            _buffer.AsSpan(0, _end).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        int read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _endOfStream = true;
        _end += read;
        return pending; // bytes before this were already searched
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private NdjsonLine MakeLine(int from, int to, bool tooLong)
    {
        _lineNumber++;
        if (_atStart)
        {
            _atStart = false;
            if (_buffer.AsSpan(from, to - from).StartsWith("\uFEFF"u8)) from += 3;
        }
        if (to > from && _buffer[to - 1] == (byte)'\r') to--;
        return new NdjsonLine(_lineNumber, tooLong ? ReadOnlyMemory<byte>.Empty : _buffer.AsMemory(from, to - from), tooLong);
    }

    public void Dispose()
    {
        if (_buffer.Length == 0) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
