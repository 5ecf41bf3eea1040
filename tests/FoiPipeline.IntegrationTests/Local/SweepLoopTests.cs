using System.Text;
using Azure.Storage.Blobs.Models;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Intake;
using FoiPipeline.Pipeline;
using FoiPipeline.Triage;

namespace FoiPipeline.IntegrationTests.Local;

/// <summary>The local host (<c>foi run</c>) runs the same sweep as the Functions app's timer, on its own interval.</summary>
public sealed class SweepLoopTests
{
    [Fact]
    public async Task The_local_host_sweeps_on_its_interval_and_puts_back_a_deadline_flag()
    {
        await using var pipeline = await TestPipeline.CreateAsync(configuration: new Dictionary<string, string?>
        {
            ["FoiPipeline:LocalHost:SweepFirstDelay"] = "00:00:00",
            ["FoiPipeline:LocalHost:SweepInterval"] = "00:00:01",
        });
        var content = Encoding.UTF8.GetBytes("Dear team,\n\nHow many drones does the force own?\n\nJo Bloggs\n");
        var blob = pipeline.Intake.GetBlobClient("old.txt");
        var receivedAt = DateTimeOffset.UtcNow.AddDays(-60).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        await blob.UploadAsync(new BinaryData(content), new BlobUploadOptions { Metadata = new Dictionary<string, string> { [IngestHandler.ReceivedAtMetadata] = receivedAt } });
        var docId = DocId.Of(content);

        // Received 60 days ago: overdue from the moment it is indexed.
        Assert.Equal(DeadlineStatus.Overdue, (await pipeline.IndexedAsync(docId)).Deadline);

        // A flag lost (an index rebuilt from an older copy, say) is put back by the next sweep, a second later; and again
        // by the one after, so the loop keeps running on its interval.
        for (var round = 0; round < 2; round++)
        {
            Assert.True(await pipeline.Index.SetDeadlineAsync(docId, null, CancellationToken.None));
            await Eventually.TrueAsync(
                async () => (await pipeline.Index.GetAsync(docId, CancellationToken.None))?.Deadline == DeadlineStatus.Overdue,
                "the sweep to flag the request again", TimeSpan.FromSeconds(10));
        }
    }
}
