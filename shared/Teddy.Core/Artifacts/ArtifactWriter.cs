using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Teddy.Artifacts;

/// <summary>
/// Writes a model artifact: a magic header, named sections of little-endian primitives and arrays, and a
/// SHA-256 trailer over everything before it. Arrays are written as raw memory, so loading is a copy, not
/// a parse (the reason the model is not JSON).
/// </summary>
public sealed class ArtifactWriter : IDisposable
{
    internal static ReadOnlySpan<byte> Magic => "TEDDYMDL"u8;
    internal const int FormatVersion = 1;

    private const int HashLength = 32;

    private readonly Stream _buffer;
    private readonly BinaryWriter _writer;
    private long _sectionStart = -1;

    public ArtifactWriter() : this(new MemoryStream(), header: true)
    {
    }

    /// <param name="buffer">Where the bytes go: a growing or a fixed-size memory stream, or a stream that only counts them.</param>
    /// <param name="header">Whether this writer starts the artifact (a part of one built by <see cref="Build"/> does not).</param>
    private ArtifactWriter(Stream buffer, bool header)
    {
        _buffer = buffer;
        _writer = new BinaryWriter(_buffer, Encoding.UTF8, leaveOpen: true);
        if (!header) return;
        _writer.Write(Magic);
        _writer.Write(FormatVersion);
    }

    /// <summary>
    /// The artifact whose content is what <paramref name="parts"/> write one after the other (each must write the same each
    /// time it is called), as <see cref="Complete"/> returns it, built in one array of its exact size: a first pass only
    /// counts each part's bytes, then the parts write into their own slices side by side. A growing buffer would copy a
    /// large model several times over and end with one more copy, each into fresh memory (half a second for the demo
    /// shop's 53 MB on this project's machine, where a new page costs ~15 µs). A part's bytes do not depend on where it
    /// starts (section lengths are relative), so they are the bytes one writer would write.
    /// </summary>
    /// <exception cref="InvalidOperationException">A part wrote another length the second time.</exception>
    public static (byte[] Bytes, string Sha256) Build(params Action<ArtifactWriter>[] parts)
    {
        var offsets = new long[parts.Length + 1];
        using (var header = new ArtifactWriter(new CountingStream(), header: true))
        {
            header._writer.Flush();
            offsets[0] = header._buffer.Length;
        }
        for (int i = 0; i < parts.Length; i++)
        {
            using var counting = new ArtifactWriter(new CountingStream(), header: false);
            parts[i](counting);
            counting.CheckClosed();
            counting._writer.Flush();
            offsets[i + 1] = offsets[i] + counting._buffer.Length;
        }
        long length = offsets[^1] + HashLength;
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)length)); // every byte is written below
        using (var header = new ArtifactWriter(new MemoryStream(bytes, 0, (int)offsets[0], writable: true), header: true))
            header._writer.Flush();
        var failures = new Exception?[parts.Length];
        Parallel.For(0, parts.Length, ParallelWork.Options(), i =>
        {
            int from = (int)offsets[i], size = (int)(offsets[i + 1] - offsets[i]);
            using var writer = new ArtifactWriter(new MemoryStream(bytes, from, size, writable: true), header: false);
            try
            {
                parts[i](writer);
                writer.CheckClosed();
                writer._writer.Flush();
                if (writer._buffer.Position != size) throw new InvalidOperationException("An artifact part wrote less the second time.");
            }
            catch (NotSupportedException e) // its slice is full
            {
                failures[i] = new InvalidOperationException("An artifact part wrote more the second time.", e);
            }
            catch (Exception e)
            {
                failures[i] = e;
            }
        });
        // A part's own exception, as if the parts had been written one after the other.
        if (failures.FirstOrDefault(f => f is not null) is { } failure) ExceptionDispatchInfo.Throw(failure);
        byte[] hash = SHA256.HashData(bytes.AsSpan(0, (int)offsets[^1]));
        hash.CopyTo(bytes, offsets[^1]);
        return (bytes, Convert.ToHexStringLower(hash));
    }

    private void CheckClosed()
    {
        if (_sectionStart >= 0) throw new InvalidOperationException("A section is still open.");
    }

    /// <summary>Starts a named section; sections let a reader check it reads what it expects.</summary>
    public void BeginSection(string name)
    {
        if (_sectionStart >= 0) throw new InvalidOperationException("The previous section is not ended.");
        _writer.Write(name);
        _sectionStart = _buffer.Position;
        _writer.Write(0L); // length, patched by EndSection
    }

    public void EndSection()
    {
        if (_sectionStart < 0) throw new InvalidOperationException("No section is open.");
        long end = _buffer.Position;
        _buffer.Position = _sectionStart;
        _writer.Write(end - _sectionStart - sizeof(long));
        _buffer.Position = end;
        _sectionStart = -1;
    }

    public void Write(int value) => _writer.Write(value);
    public void Write(long value) => _writer.Write(value);
    public void Write(double value) => _writer.Write(value);
    public void Write(float value) => _writer.Write(value);
    public void Write(bool value) => _writer.Write(value);
    public void Write(string value) => _writer.Write(value);

    public void Write<T>(ReadOnlySpan<T> values) where T : unmanaged
    {
        _writer.Write(values.Length);
        _writer.Write(MemoryMarshal.AsBytes(values));
    }

    public void Write<T>(T[] values) where T : unmanaged => Write((ReadOnlySpan<T>)values);

    public void Write(IReadOnlyList<string> values)
    {
        _writer.Write(values.Count);
        foreach (var value in values) _writer.Write(value);
    }

    /// <summary>Finishes the artifact: appends the SHA-256 of its content and returns the bytes and the hex checksum.</summary>
    public (byte[] Bytes, string Sha256) Complete()
    {
        CheckClosed();
        var memory = (MemoryStream)_buffer;
        _writer.Flush();
        byte[] hash = SHA256.HashData(memory.GetBuffer().AsSpan(0, (int)memory.Position));
        _writer.Write(hash);
        _writer.Flush();
        return (memory.ToArray(), Convert.ToHexStringLower(hash));
    }

    /// <summary>A stream that keeps only its length and position (<see cref="Build"/>'s counting pass).</summary>
    private sealed class CountingStream : Stream
    {
        private long _length, _position;

        public override bool CanRead => false;
        public override bool CanSeek => true;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _position; set => _position = value; }

        public override void Write(byte[] buffer, int offset, int count) => Advance(count);
        public override void Write(ReadOnlySpan<byte> buffer) => Advance(buffer.Length);
        public override void WriteByte(byte value) => Advance(1);
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void SetLength(long value) => _length = value;

        public override long Seek(long offset, SeekOrigin origin) => _position = origin switch
        {
            SeekOrigin.Begin => offset, SeekOrigin.Current => _position + offset, _ => _length + offset,
        };

        private void Advance(int count)
        {
            _position += count;
            _length = Math.Max(_length, _position);
        }
    }

    public void Dispose()
    {
        _writer.Dispose();
        _buffer.Dispose();
    }
}
