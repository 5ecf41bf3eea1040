using Azure.Storage.Blobs;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Review;
using FoiPipeline.UnitTests.Review;

namespace FoiPipeline.IntegrationTests.Review;

/// <summary>
/// The shared review store contract on <see cref="BlobReviewStore"/> against real Azurite, each test in a container
/// of its own; and what only the blob store promises: one document per request.
/// </summary>
public sealed class BlobReviewStoreContractTests : ReviewStoreContract
{
    private readonly string _container = "reviews-" + Guid.NewGuid().ToString("N")[..16];
    private string _connectionString = string.Empty;

    protected override async Task PrepareStorageAsync() => _connectionString = await SharedAzurite.ConnectionStringAsync();

    // A client of its own per store, so concurrent writers share no connection state, as separate instances would not.
    protected override IReviewStore OpenStore() => new BlobReviewStore(new BlobServiceClient(_connectionString), _container);

    protected override async Task DeleteStorageAsync()
    {
        if (_connectionString.Length > 0)
        {
            await new BlobContainerClient(_connectionString, _container).DeleteIfExistsAsync();
        }
    }

    [Fact]
    public async Task A_request_and_its_whole_history_are_one_blob()
    {
        var v1 = await Store.TryCommitAsync("r1", null, Claim("r1", Asha, 0), None);
        var v2 = await Store.TryCommitAsync("r1", v1, EditThemes("r1", Asha, 5, "counter-terrorism"), None);

        var blobs = new List<string>();
        var container = new BlobContainerClient(_connectionString, _container);
        await foreach (var item in container.GetBlobsAsync())
        {
            blobs.Add(item.Name);
        }

        Assert.Equal(["r1.json"], blobs);
        var properties = await container.GetBlobClient("r1.json").GetPropertiesAsync();
        Assert.Equal(v2, properties.Value.ETag.ToString().Trim('"'));
    }
}
