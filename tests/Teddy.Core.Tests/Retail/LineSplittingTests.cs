using System.Text;
using Teddy.Retail;

namespace Teddy.Core.Tests.Retail;

/// <summary>How NDJSON bytes become lines: newline styles, BOM, blank lines, buffer boundaries.</summary>
public class LineSplittingTests
{
    [Fact]
    public void Blank_lines_are_counted_as_blank_and_keep_line_numbers_true_to_the_file()
    {
        var (products, report) = Ndjson.ReadProducts(Ndjson.FromText("\n{\"id\": \"a\"}\n   \n\t\r\n{}\n\n"));

        Assert.Equal(["a"], products.Select(product => product.Id));
        Assert.Equal(6, report.LinesRead);
        Assert.Equal(4, report.BlankLines);
        Assert.Equal(1, report.Accepted);
        Assert.Equal([5L], report.ExamplesFor(IngestionSkipReasons.MissingId));
    }

    [Fact]
    public void Crlf_line_endings_are_handled()
    {
        var (products, report) = Ndjson.ReadProducts(Ndjson.FromText("{\"id\": \"a\"}\r\n{\"id\": \"b\"}\r\n{\"id\": \"c\"}"));

        Assert.Equal(["a", "b", "c"], products.Select(product => product.Id));
        Assert.Equal(0, report.Skipped);
    }

    [Fact]
    public void A_utf8_bom_at_the_start_is_ignored()
    {
        byte[] bytes = [.. Encoding.UTF8.GetPreamble(), .. "{\"id\": \"a\"}\n{\"id\": \"b\"}\n"u8];
        var (products, report) = Ndjson.ReadProducts(new MemoryStream(bytes));

        Assert.Equal(["a", "b"], products.Select(product => product.Id));
        Assert.Equal(0, report.Skipped);
    }

    [Fact]
    public void A_bom_alone_is_a_blank_line()
    {
        var (_, report) = Ndjson.ReadProducts(new MemoryStream([.. Encoding.UTF8.GetPreamble()]));
        Assert.Equal(1, report.BlankLines);
        Assert.Equal(0, report.Skipped);
    }

    [Fact]
    public void An_empty_stream_has_no_lines()
    {
        var (products, report) = Ndjson.ReadProducts(new MemoryStream());
        Assert.Empty(products);
        Assert.Equal(0, report.LinesRead);
    }

    [Fact]
    public void Lines_longer_than_the_buffer_and_split_across_reads_are_reassembled()
    {
        // A 16-byte starting buffer and a stream that returns 7 bytes per read force every boundary case.
        var lines = Enumerable.Range(0, 50).Select(i => $"{{\"id\": \"p{i}\", \"title\": \"{new string('x', i * 3)}\"}}").ToArray();
        using var stream = new TrickleStream(Encoding.UTF8.GetBytes(string.Join("\r\n", lines)), 7);
        using var reader = new NdjsonLineReader(stream, initialBufferBytes: 16);

        var read = new List<string>();
        while (reader.TryReadLine(out var line)) read.Add(Encoding.UTF8.GetString(line.Bytes.Span));

        Assert.Equal(lines, read);
    }

    [Fact]
    public void An_oversized_line_is_reported_without_buffering_it_and_reading_goes_on()
    {
        string huge = "{\"id\": \"big\", \"title\": \"" + new string('x', 5000) + "\"}";
        using var stream = new TrickleStream(Encoding.UTF8.GetBytes("{\"id\": \"a\"}\n" + huge + "\n{\"id\": \"b\"}"), 100);
        using var reader = new NdjsonLineReader(stream, initialBufferBytes: 64, maxLineBytes: 1000);

        var lines = new List<NdjsonLine>();
        var texts = new List<string>();
        while (reader.TryReadLine(out var line))
        {
            lines.Add(line);
            texts.Add(Encoding.UTF8.GetString(line.Bytes.Span));
        }

        Assert.Equal([false, true, false], lines.Select(line => line.IsTooLong));
        Assert.Equal([1L, 2L, 3L], lines.Select(line => line.Number));
        Assert.Equal("{\"id\": \"b\"}", texts[2]);
    }

    /// <summary>A stream that hands out at most <c>chunk</c> bytes per read, as network streams do.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));
    }
}
