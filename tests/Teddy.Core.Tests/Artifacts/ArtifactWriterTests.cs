using System.Security.Cryptography;
using Teddy.Artifacts;
using Teddy.Recommenders;

namespace Teddy.Core.Tests.Artifacts;

/// <summary>The exact-size build (a counting pass, then one array) writes the same bytes and checksum as the growing writer.</summary>
public class ArtifactWriterTests
{
    private static void Write(ArtifactWriter writer)
    {
        writer.BeginSection("first");
        writer.Write("naïve ünïcode");
        writer.Write(42);
        writer.Write(Enumerable.Range(0, 100_000).Select(i => i * 0.5f).ToArray());
        writer.EndSection();
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

        var (bytes, sha) = ArtifactWriter.Build(Write);

        Assert.Equal(expected, bytes);
        Assert.Equal(expectedSha, sha);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32))), sha);
    }

    [Fact]
    public void A_writer_that_writes_differently_the_second_time_is_refused()
    {
        int calls = 0;
        Assert.Throws<InvalidOperationException>(() => ArtifactWriter.Build(writer =>
        {
            writer.BeginSection("s");
            writer.Write(++calls == 1 ? new int[3] : new int[2]);
            writer.EndSection();
        }));
    }

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
