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

    private readonly MemoryStream _buffer = new();
    private readonly BinaryWriter _writer;
    private long _sectionStart = -1;

    public ArtifactWriter()
    {
        _writer = new BinaryWriter(_buffer, Encoding.UTF8, leaveOpen: true);
        _writer.Write(Magic);
        _writer.Write(FormatVersion);
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
        if (_sectionStart >= 0) throw new InvalidOperationException("A section is still open.");
        _writer.Flush();
        byte[] hash = SHA256.HashData(_buffer.GetBuffer().AsSpan(0, (int)_buffer.Length));
        _writer.Write(hash);
        _writer.Flush();
        return (_buffer.ToArray(), Convert.ToHexStringLower(hash));
    }

    public void Dispose()
    {
        _writer.Dispose();
        _buffer.Dispose();
    }
}
