using System.Security.Cryptography;
using Teddy.Artifacts;
using Teddy.Recommenders;

namespace Teddy.Core.Tests.Artifacts;

/// <summary>
/// The exact-size build (a counting pass, then the parts side by side into one array) writes the same bytes and checksum as
/// the growing writer writing the parts one after the other.
/// </summary>
public class ArtifactWriterTests
{
    private static void Write(ArtifactWriter writer)
    {
        First(writer);
        Second(writer);
    }

    private static void First(ArtifactWriter writer)
    {
        writer.BeginSection("first");
        writer.Write("naïve ünïcode");
        writer.Write(42);
        writer.Write(Enumerable.Range(0, 100_000).Select(i => i * 0.5f).ToArray());
        writer.EndSection();
    }

    private static void Second(ArtifactWriter writer)
    {
        writer.BeginSection("second");
        writer.Write(["a", "", "ccc"]);
        writer.Write(true);
        writer.Write(long.MaxValue);
        writer.EndSection();
    }

    [Fact]
    public void Builds_the_same_bytes_and_checksum_as_the_growing_writer()
    {
        using var growing = new ArtifactWriter();
        Write(growing);
        var (expected, expectedSha) = growing.Complete();

        foreach (var parts in new Action<ArtifactWriter>[][] { [Write], [Write, _ => { }], [First, _ => { }, Second] })
        {
            var (bytes, sha) = ArtifactWriter.Build(parts);
            Assert.Equal(expected, bytes); // an empty part adds nothing
            Assert.Equal(expectedSha, sha);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32))), sha);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void A_part_that_writes_another_length_the_second_time_is_refused(int secondLength)
    {
        int calls = 0;
        Assert.Throws<InvalidOperationException>(() => ArtifactWriter.Build(First, writer =>
        {
            writer.BeginSection("s");
            writer.Write(++calls == 1 ? new int[3] : new int[secondLength]);
            writer.EndSection();
        }));
    }

    [Fact]
    public void A_part_that_leaves_a_section_open_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => ArtifactWriter.Build(writer => writer.BeginSection("open")));

    [Fact]
    public void A_trained_model_reads_back_from_its_built_artifact()
    {
        var model = TrainedModelArtifactTests.SmallModel();
        var (bytes, sha) = model.Serialize();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32))), sha);
        var again = TrainedModel.Deserialize(new ArtifactReader(bytes));
        Assert.Equal(bytes, again.Serialize().Bytes);
    }
}
