using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Local.Azurite;
using FoiPipeline.Pipeline;
using FoiPipeline.TestFixtures;

namespace FoiPipeline.IntegrationTests.Reliability;

/// <summary>
/// What the host writes, in its log and in storage, after a working session with every credential in play: no key,
/// connection string or token anywhere, and no requester's name or email in the log at Information level or above.
/// </summary>
[Collection(OneHostProcessAtATime.Name)]
public partial class SecretsTests
{
    [Fact]
    public async Task No_key_connection_string_or_token_is_logged_or_stored_and_requesters_are_not_logged_at_information()
    {
        await using var ocr = await FakeDocumentIntelligence.StartAsync();
        ocr.Pages = [new FakePage(new FakeLine("Dear FOI Officer,"), new FakeLine("1. How many drones does the force operate?"), new FakeLine("Yours faithfully, Jo Bloggs"))];
        ocr.ThrottleAnalyzeRequests(2, retryAfterSeconds: 1);
        await using var search = await FakeAzureSearch.StartAsync(https: true);
        await using var pipeline = await ProcessPipeline.CreateAsync("secrets", ServiceSettings.Both(ocr, ocrRetries: 1, search));
        await pipeline.StartHostAsync(verbose: true);

        // A session: an email and a scan (throttled at first), a poisoned message, a reviewer claiming with a token.
        var letter = Letters.Drones;
        var email = EmailFixtures.Request(letter);
        var scan = ImageFiles.Png(GrayImage.Blank(300, 200, 300, level: 250));
        await pipeline.UploadAsync("drones.eml", email);
        await pipeline.UploadAsync("scan.png", scan);
        await pipeline.Storage.SendAsync(pipeline.Names.Queues.Index, StageMessage.For(pipeline.Names.Containers.Requests, new string('0', 64)), CancellationToken.None);
        foreach (var docId in new[] { DocId.Of(email), DocId.Of(scan) })
        {
            await Eventually.TrueAsync(() => Task.FromResult(search.Document(ServiceSettings.IndexName, docId) is not null), $"{docId} in the search index", TimeSpan.FromSeconds(90));
        }

        var token = await pipeline.TokenAsync("ann", "Ann Reviewer", "reviewer", "admin");
        using (var api = new HttpClient { BaseAddress = await pipeline.Host!.ApiAddress })
        {
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            (await api.PostAsync($"api/requests/{DocId.Of(email)}/claim", null)).EnsureSuccessStatusCode();
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token[..^4] + "AAAA");
            Assert.Equal(401, (int)(await api.GetAsync("api/requests")).StatusCode);
        }

        await Eventually.TrueAsync(async () => await pipeline.VisibleMessagesAsync(QueueNames.PoisonOf(pipeline.Names.Queues.Index)) == 1, "the bad message in the poison queue", TimeSpan.FromSeconds(60));
        await pipeline.Host!.StopAsync();

        var secrets = new Dictionary<string, string>
        {
            ["the storage account key"] = AzuriteProcess.AccountKey,
            ["the Document Intelligence key"] = ocr.Key,
            ["the search key"] = search.ApiKey,
            ["the reviewer's token"] = token,
            ["the token's signature"] = token[(token.LastIndexOf('.') + 1)..],
            ["the token signing key"] = (await File.ReadAllTextAsync(Path.Combine(pipeline.DataDirectory, "dev-token.key"))).Trim(),
        };

        // The log, at Debug, holds none of them, and nothing at Information or above names the requester.
        var log = pipeline.Host.Lines;
        Assert.Contains(log, line => line.Contains("Indexed", StringComparison.Ordinal));
        Assert.Contains(log, line => line.Contains("asking the pipeline to slow down", StringComparison.Ordinal));
        Assert.Contains(log, line => LogLevel().Match(line) is { Success: true } m && m.Groups["level"].Value == "dbug");
        foreach (var (what, secret) in secrets)
        {
            Assert.False(log.Any(line => line.Contains(secret, StringComparison.Ordinal)), $"The log holds {what}.");
        }

        foreach (var line in log.Where(line => LogLevel().Match(line) is not { Success: true } m || m.Groups["level"].Value != "dbug"))
        {
            Assert.False(line.Contains(letter.RequesterName, StringComparison.OrdinalIgnoreCase), $"Logged at Information or above with the requester's name: {line}");
            Assert.False(line.Contains(letter.RequesterEmail, StringComparison.OrdinalIgnoreCase), $"Logged at Information or above with the requester's email: {line}");
        }

        // Nor does any document or message the pipeline wrote, nor the host's own files.
        var written = new List<(string Where, string Text)>();
        foreach (var container in new[] { pipeline.Storage.Extracted, pipeline.Storage.Requests, pipeline.Storage.Quarantine, pipeline.Storage.Intake })
        {
            await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.Metadata))
            {
                var content = (await container.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToString();
                written.Add(($"{container.Name}/{blob.Name}", content + string.Join(";", blob.Metadata.Select(pair => pair.Key + "=" + pair.Value))));
            }
        }

        foreach (var queue in pipeline.Names.Queues.All.SelectMany(queue => new[] { queue, QueueNames.PoisonOf(queue) }))
        {
            foreach (var message in (await pipeline.Storage.Queue(queue).PeekMessagesAsync(32)).Value)
            {
                written.Add((queue, message.Body.ToString()));
            }
        }

        foreach (var file in Directory.EnumerateFiles(pipeline.DataDirectory, "*", SearchOption.AllDirectories).Where(file => !file.EndsWith("dev-token.key", StringComparison.Ordinal)))
        {
            written.Add((file, Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file))));
        }

        written.AddRange(search.IndexBatches.Select(batch => ("search index", batch.ToJsonString())));
        Assert.True(written.Count >= 8, $"Expected the session to have written documents, found {written.Count}.");
        foreach (var (where, text) in written)
        {
            foreach (var (what, secret) in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"{where} holds {what}.");
            }
        }
    }

    [GeneratedRegex(@"^\d\d:\d\d:\d\d (?<level>[a-z]{4}): ")]
    private static partial Regex LogLevel();
}
