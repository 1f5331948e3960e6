using Azure.Storage.Blobs;
using Teddy.Artifacts;
using Teddy.Functions.Tests.Infrastructure;
using Teddy.Storage;

namespace Teddy.Functions.Tests.Storage;

[Collection(StorageCollection.Name)]
public class BlobModelStoreTests(AzuriteFixture storage)
{
    private BlobContainerClient NewContainer() =>
        new BlobServiceClient(storage.ConnectionString).GetBlobContainerClient(AzuriteFixture.UniqueName("models"));

    private static (ModelMetadata Metadata, byte[] Bytes) Artifact(string version, int payload = 1)
    {
        using var writer = new ArtifactWriter();
        writer.BeginSection("payload");
        writer.Write(new[] { payload, payload + 1 });
        writer.EndSection();
        var (bytes, sha) = writer.Complete();
        return (new ModelMetadata
        {
            Version = version, Created = DateTimeOffset.UtcNow, ModelType = "Test", Method = "content",
            Sha256 = sha, SizeBytes = bytes.Length, Data = new DataCounts(1, 1, 1, 1, 1, 1),
        }, bytes);
    }

    [Fact]
    public async Task A_saved_version_round_trips_and_is_listed()
    {
        var store = new BlobModelStore(NewContainer());
        var (metadata, bytes) = Artifact("20261126_010000");
        await store.SaveAsync(metadata, bytes, "{\"report\":true}");

        Assert.Equal(["20261126_010000"], await store.ListVersionsAsync());
        Assert.Equal(bytes, await store.LoadModelAsync("20261126_010000"));
        Assert.Equal(metadata.Sha256, (await store.GetMetadataAsync("20261126_010000"))!.Sha256);
        Assert.Equal("{\"report\":true}", await store.GetReportAsync("20261126_010000"));
        Assert.Null(await store.GetPointerAsync());
    }

    [Fact]
    public async Task A_version_is_immutable_once_written()
    {
        var store = new BlobModelStore(NewContainer());
        var (metadata, bytes) = Artifact("20261126_010000");
        await store.SaveAsync(metadata, bytes, null);
        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => store.SaveAsync(metadata, bytes, null));
    }

    [Fact]
    public async Task The_pointer_moves_only_from_the_etag_it_was_read_at()
    {
        var store = new BlobModelStore(NewContainer());
        foreach (string v in new[] { "20261126_010000", "20261126_020000", "20261126_030000" })
        {
            var (m, b) = Artifact(v);
            await store.SaveAsync(m, b, null);
        }

        Assert.True(await store.PromoteAsync("20261126_010000", "first", expectedETag: null));
        Assert.False(await store.PromoteAsync("20261126_020000", "second", expectedETag: null)); // someone else created it already
        var pointer = await store.GetPointerAsync();
        Assert.Equal("20261126_010000", pointer!.Version);

        Assert.True(await store.PromoteAsync("20261126_020000", "second", pointer.ETag));
        Assert.False(await store.PromoteAsync("20261126_030000", "stale", pointer.ETag)); // the ETag moved on
        Assert.Equal("20261126_020000", (await store.GetPointerAsync())!.Version);
        Assert.Equal((await store.GetPointerAsync())!.ETag, await store.GetPointerETagAsync());
    }

    [Fact]
    public async Task Promoting_a_missing_version_fails_and_versions_can_be_deleted()
    {
        var store = new BlobModelStore(NewContainer());
        var (m, b) = Artifact("20261126_010000");
        await store.SaveAsync(m, b, null);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.PromoteAsync("20261126_020000", null, null));
        await store.DeleteVersionAsync("20261126_010000");
        Assert.Empty(await store.ListVersionsAsync());
        await Assert.ThrowsAsync<ArgumentException>(() => store.LoadModelAsync("../current.json"));
    }

    [Fact]
    public async Task A_metadata_checksum_that_does_not_match_the_model_is_rejected_before_anything_is_promoted()
    {
        var store = new BlobModelStore(NewContainer());
        var (metadata, bytes) = Artifact("20261126_010000");
        var wrong = new ModelMetadata
        {
            Version = metadata.Version, Created = metadata.Created, ModelType = metadata.ModelType, Method = metadata.Method,
            Sha256 = new string('0', 64), SizeBytes = metadata.SizeBytes, Data = metadata.Data,
        };
        await Assert.ThrowsAsync<InvalidArtifactException>(() => store.SaveAsync(wrong, bytes, null));
        Assert.Null(await store.GetPointerAsync());
    }
}
