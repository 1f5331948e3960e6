using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Teddy.SampleData;

/// <summary>
/// Writes newline-delimited JSON: one Utf8JsonWriter reset per line over a reusable buffer that is
/// copied to the stream in large chunks. Lines are compact, '\n'-terminated, and use relaxed escaping
/// so "Toys > Dolls" stays readable instead of becoming "Toys \u003E Dolls".
/// </summary>
internal sealed class NdjsonWriter : IDisposable
{
    private const int FlushThreshold = 1 << 16;
    private static readonly JsonWriterOptions LineOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private readonly Stream _stream;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold * 2);
    private readonly Utf8JsonWriter _json;

    public NdjsonWriter(Stream stream)
    {
        _stream = stream;
        _json = new Utf8JsonWriter(_buffer, LineOptions);
    }

    public long Lines { get; private set; }
    public long Bytes { get; private set; }

    /// <summary>The writer for the next line; write exactly one JSON value, then call <see cref="EndLine"/>.</summary>
    public Utf8JsonWriter Line => _json;

    public void EndLine()
    {
        _json.Flush();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        _json.Reset(_buffer);
        Lines++;
        if (_buffer.WrittenCount >= FlushThreshold) FlushBuffer();
    }

    /// <summary>Copies everything buffered to the stream and flushes it.</summary>
    public void Complete()
    {
        FlushBuffer();
        _stream.Flush();
    }

    public void Dispose() => _json.Dispose();

    private void FlushBuffer()
    {
        _stream.Write(_buffer.WrittenSpan);
        Bytes += _buffer.WrittenCount;
        _buffer.ResetWrittenCount();
    }
}
