using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Teddy.Artifacts;

/// <summary>Thrown when an artifact is truncated, corrupt, of another format, or fails its checksum.</summary>
public sealed class InvalidArtifactException(string message) : Exception(message);

/// <summary>Reads what <see cref="ArtifactWriter"/> wrote, after verifying the SHA-256 trailer.</summary>
public sealed class ArtifactReader
{
    private const int HashLength = 32;
    private readonly ReadOnlyMemory<byte> _content;
    private int _position;
    private int _sectionEnd = -1;

    /// <summary>The hex SHA-256 of the content, as recorded in the artifact's metadata.</summary>
    public string Sha256 { get; }

    public ArtifactReader(ReadOnlyMemory<byte> artifact)
    {
        var magic = ArtifactWriter.Magic;
        if (artifact.Length < magic.Length + sizeof(int) + HashLength || !artifact.Span[..magic.Length].SequenceEqual(magic))
            throw new InvalidArtifactException("Not a Teddy model artifact.");

        _content = artifact[..^HashLength];
        byte[] actual = SHA256.HashData(_content.Span);
        if (!actual.AsSpan().SequenceEqual(artifact.Span[^HashLength..]))
            throw new InvalidArtifactException("The model artifact fails its checksum: it is corrupt or truncated.");
        Sha256 = Convert.ToHexStringLower(actual);

        _position = magic.Length;
        int version = ReadInt32();
        if (version != ArtifactWriter.FormatVersion)
            throw new InvalidArtifactException($"Model format version {version} is not supported (expected {ArtifactWriter.FormatVersion}).");
    }

    /// <summary>Enters the next section and checks its name.</summary>
    public void BeginSection(string expectedName)
    {
        string name = ReadString();
        if (name != expectedName)
            throw new InvalidArtifactException($"Expected section '{expectedName}', found '{name}'.");
        long length = ReadInt64();
        if (length < 0 || _position + length > _content.Length)
            throw new InvalidArtifactException($"Section '{name}' is truncated.");
        _sectionEnd = _position + (int)length;
    }

    public void EndSection()
    {
        if (_position != _sectionEnd)
            throw new InvalidArtifactException("A section was not read to its end: the reader and writer disagree.");
        _sectionEnd = -1;
    }

    public bool AtEnd => _position == _content.Length;

    /// <summary>Whether the current section has more to read: lets a reader take columns added to a section later and still load older files.</summary>
    public bool InSectionHasMore => _sectionEnd >= 0 && _position < _sectionEnd;

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || _position + count > _content.Length)
            throw new InvalidArtifactException("The model artifact ends early.");
        var span = _content.Span.Slice(_position, count);
        _position += count;
        return span;
    }

    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(sizeof(int)));
    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Take(sizeof(long)));
    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(sizeof(double)));
    public float ReadSingle() => BinaryPrimitives.ReadSingleLittleEndian(Take(sizeof(float)));
    public bool ReadBoolean() => Take(1)[0] != 0;

    public string ReadString()
    {
        // BinaryWriter's 7-bit encoded length prefix.
        int length = 0, shift = 0;
        byte b;
        do
        {
            if (shift > 28) throw new InvalidArtifactException("Bad string length.");
            b = Take(1)[0];
            length |= (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return Encoding.UTF8.GetString(Take(length));
    }

    public T[] ReadArray<T>() where T : unmanaged
    {
        int count = ReadInt32();
        if (count < 0) throw new InvalidArtifactException("Negative array length.");
        var bytes = Take(checked(count * Unsafe.SizeOf<T>()));
        return MemoryMarshal.Cast<byte, T>(bytes).ToArray();
    }

    public string[] ReadStrings()
    {
        int count = ReadInt32();
        if (count < 0) throw new InvalidArtifactException("Negative array length.");
        var values = new string[count];
        for (int i = 0; i < count; i++) values[i] = ReadString();
        return values;
    }
}
