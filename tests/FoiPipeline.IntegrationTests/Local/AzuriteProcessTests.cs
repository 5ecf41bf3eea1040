using Azure.Storage.Blobs;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Local.Azurite;
using Microsoft.Extensions.Logging.Abstractions;

namespace FoiPipeline.IntegrationTests.Local;

/// <summary>The local host's own Azurite: one per data folder, and what it stored survives a stop and start.</summary>
public sealed class AzuriteProcessTests : IDisposable
{
    private readonly string _location = Path.Combine(Path.GetTempPath(), "foi-azurite-own-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_location))
        {
            Directory.Delete(_location, recursive: true);
        }
    }

    private Task<AzuriteProcess> StartAsync() => AzuriteProcess.StartAsync(SharedAzurite.RepoRoot, _location, NullLogger.Instance, CancellationToken.None);

    [Fact]
    public async Task A_second_azurite_on_the_same_data_folder_is_refused()
    {
        await using var first = await StartAsync();

        var busy = await Assert.ThrowsAsync<AzuriteLocationBusyException>(StartAsync);
        Assert.Contains("--data-dir", busy.Message);
    }

    [Fact]
    public async Task A_letter_stored_just_before_azurite_stops_is_still_there_when_it_starts_again()
    {
        // Azurite saves its state every five seconds; stopping it must save what changed since.
        await using (var first = await StartAsync())
        {
            var container = new BlobContainerClient(first.ConnectionString, "intake");
            await container.CreateIfNotExistsAsync();
            await container.UploadBlobAsync("letter.txt", new BinaryData("Please send the figures."u8.ToArray()));
        }

        await using var second = await StartAsync();
        var content = await new BlobContainerClient(second.ConnectionString, "intake").GetBlobClient("letter.txt").DownloadContentAsync();
        Assert.Equal("Please send the figures.", content.Value.Content.ToString());
    }
}
