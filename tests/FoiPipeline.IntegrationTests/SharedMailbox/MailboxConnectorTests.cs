using System.Text;
using System.Text.RegularExpressions;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using FoiPipeline.IntegrationTests.Ocr;
using FoiPipeline.IntegrationTests.Support;
using FoiPipeline.Intake.SharedMailbox;
using FoiPipeline.Local.Hosting;
using FoiPipeline.Pipeline;
using FoiPipeline.TestFixtures;
using Microsoft.Extensions.Options;

namespace FoiPipeline.IntegrationTests.SharedMailbox;

/// <summary>
/// The mailbox connector against a Kestrel fake of Microsoft Graph's mail API (https, bearer token) and real Azurite:
/// paging, delta links, throttling, deletions, restarts, concurrent runs and expired tokens.
/// </summary>
public sealed partial class MailboxConnectorTests : IAsyncLifetime
{
    private static readonly Letter[] Letters =
    [
        TestFixtures.Letters.CounterTerrorismArrests, TestFixtures.Letters.AnprCameras, TestFixtures.Letters.StopAndSearch,
        TestFixtures.Letters.Drones, TestFixtures.Letters.TaserUse, TestFixtures.Letters.TaserReview, TestFixtures.Letters.AnprReview,
    ];

    private FakeGraphMail _graph = null!;
    private TestPipeline _storage = null!;
    private HttpClientTransport _transport = null!;

    public async Task InitializeAsync()
    {
        _graph = await FakeGraphMail.StartAsync();
        _storage = await TestPipeline.CreateAsync(startHost: false);

        // Trust the fake's certificate, and only it, as the client's TLS check.
        var thumbprint = LoopbackCertificate.Instance.Thumbprint;
        _transport = new HttpClientTransport(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == thumbprint });
    }

    public async Task DisposeAsync()
    {
        await new BlobContainerClient(_storage.ConnectionString, StateContainer).DeleteIfExistsAsync();
        await _storage.DisposeAsync();
        await _graph.DisposeAsync();
        _transport.Dispose();
    }

    private string StateContainer => _storage.Prefix + "-mailbox";

    [Fact]
    public async Task The_first_sync_pages_through_next_links_and_takes_every_message_once_then_marks_it()
    {
        var delivered = Deliver(5);
        var credential = new StaticTokenCredential(_graph.Token);

        var result = await Connector(credential: credential).RunAsync(CancellationToken.None);

        Assert.Equal(5, result.Taken);
        Assert.Equal(3, result.Pages); // 2 + 2 + 1 with a page size of 2
        var blobs = await IntakeAsync();
        Assert.Equal(5, blobs.Count);
        foreach (var (id, internetId, mime) in delivered)
        {
            var blob = Assert.Single(blobs, b => b.Metadata[MailboxConnector.GraphIdMetadata] == Uri.EscapeDataString(id));
            Assert.Equal(Uri.EscapeDataString(internetId), blob.Metadata[MailboxConnector.InternetMessageIdMetadata]);
            Assert.Equal("mailbox", blob.Metadata[MailboxConnector.SourceMetadata]);
            Assert.True(blob.Metadata.ContainsKey("receivedat"));
            Assert.Equal(mime, (await _storage.Intake.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray());
            Assert.Equal(["FOI: taken"], _graph.Categories(id));
            Assert.Equal(1, _graph.Downloads(id));
        }

        // App-only bearer token for Graph's scope; the page size asked for; the $select on the first request only.
        Assert.Equal([MailboxOptions.GraphScope], credential.RequestedScopes.Distinct());
        Assert.All(_graph.Requests, r => Assert.Equal("Bearer " + _graph.Token, r.Authorization));
        var deltas = _graph.Requests.Where(r => r.Path.EndsWith("/messages/delta", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, deltas.Count);
        Assert.All(deltas, r => Assert.Equal("odata.maxpagesize=2", r.Prefer));
        Assert.Contains("$select=id,internetMessageId", deltas[0].Query, StringComparison.Ordinal);
        Assert.All(deltas.Skip(1), r => Assert.Contains("$skiptoken=", r.Query, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_run_with_no_new_mail_starts_from_the_stored_delta_link_and_takes_nothing()
    {
        Deliver(3);
        await Connector().RunAsync(CancellationToken.None);
        var before = _graph.Requests.Count;

        var second = await Connector().RunAsync(CancellationToken.None);

        Assert.Equal(0, second.Taken);
        var requests = _graph.Requests.Skip(before).ToList();
        Assert.Contains("$deltatoken=", requests[0].Query, StringComparison.Ordinal);
        Assert.DoesNotContain(requests, r => r.Path.EndsWith("/$value", StringComparison.Ordinal));
        Assert.Equal(3, (await IntakeAsync()).Count);
    }

    [Fact]
    public async Task New_mail_after_a_restart_is_taken_from_the_stored_delta_link()
    {
        var first = Deliver(2);
        await Connector().RunAsync(CancellationToken.None);
        var before = _graph.Requests.Count;
        var (newId, _, _) = Deliver(1, skip: 2).Single();

        // A new connector (a restarted host) knows only what is in storage.
        var result = await Connector().RunAsync(CancellationToken.None);

        Assert.Equal(1, result.Taken);
        var requests = _graph.Requests.Skip(before).ToList();
        Assert.Contains("$deltatoken=", requests[0].Query, StringComparison.Ordinal);
        Assert.Equal(1, _graph.Downloads(newId));
        Assert.All(first, m => Assert.Equal(1, _graph.Downloads(m.Id)));
        Assert.Equal(3, (await IntakeAsync()).Count);
    }

    [Fact]
    public async Task A_throttled_download_is_made_again_after_the_Retry_After_Graph_asked_for()
    {
        var (id, _, _) = Deliver(1).Single();
        _graph.Fail(FakeGraphMail.DownloadOf(id), times: 1, status: 429, retryAfterSeconds: 2);

        var result = await Connector().RunAsync(CancellationToken.None);

        Assert.Equal(1, result.Taken);
        var downloads = _graph.Requests.Where(r => r.Path.EndsWith("/$value", StringComparison.Ordinal)).ToList();
        Assert.Equal([429, 200], downloads.Select(r => r.Status));
        var waited = downloads[1].At - downloads[0].At;
        Assert.True(waited >= TimeSpan.FromSeconds(1.9), $"The client waited {waited.TotalSeconds:0.00} s after a 429 with Retry-After: 2.");
        Assert.Single(await IntakeAsync());
    }

    [Fact]
    public async Task Throttling_that_outlasts_the_retries_stops_the_run_and_the_next_run_takes_the_rest_once()
    {
        var delivered = Deliver(4);

        // The third message's download is throttled more times than the client retries (2 retries: 3 attempts).
        _graph.Fail(FakeGraphMail.DownloadOf(delivered[2].Id), times: 3, status: 429, retryAfterSeconds: 1);
        var stopped = await Connector().RunAsync(CancellationToken.None);

        Assert.Equal(429, stopped.StoppedByStatus);
        Assert.Equal(2, stopped.Taken);
        Assert.Equal(1, stopped.Pages);
        Assert.Equal(2, (await IntakeAsync()).Count);

        var resumed = await Connector().RunAsync(CancellationToken.None);

        Assert.Null(resumed.StoppedByStatus);
        Assert.Equal(2, resumed.Taken);
        Assert.Equal(4, (await IntakeAsync()).Count);
        Assert.All(delivered, m => Assert.Equal(1, _graph.Downloads(m.Id)));
        Assert.All(delivered, m => Assert.Equal(["FOI: taken"], _graph.Categories(m.Id)));
    }

    [Fact]
    public async Task A_message_deleted_between_listing_and_download_is_skipped_without_error()
    {
        var delivered = Deliver(3);
        _graph.DeleteWhenListed(delivered[1].Id);
        var logger = new CollectingLogger<MailboxConnector>();

        var result = await Connector(logger: logger).RunAsync(CancellationToken.None);

        Assert.Null(result.StoppedByStatus);
        Assert.Equal(2, result.Taken);
        Assert.Equal(1, result.Gone);
        Assert.Contains(_graph.Requests, r => r.Path.EndsWith(delivered[1].Id + "/$value", StringComparison.Ordinal) && r.Status == 404);
        Assert.Contains(logger.Entries, e => e.Contains("deleted after it was listed", StringComparison.Ordinal));
        Assert.Equal(2, (await IntakeAsync()).Count);

        // And it does not come back: the next round reports it removed.
        var next = await Connector().RunAsync(CancellationToken.None);
        Assert.Equal(0, next.Taken);
    }

    [Fact]
    public async Task Two_runs_at_the_same_moment_take_each_message_once()
    {
        var delivered = Deliver(6);

        // Both runs are given the same first page at once, so both try to take the same messages.
        _graph.HoldFirstPageUntil(runs: 2);
        var results = await Task.WhenAll(Connector().RunAsync(CancellationToken.None), Connector().RunAsync(CancellationToken.None));

        // One run saved the state first; the other stopped rather than move it backwards, leaving the rest to the next run.
        Assert.Single(results, r => r.Superseded);
        Assert.All(results, r => Assert.True(r.Taken + r.AlreadyTaken >= 2, "Each run should have handled the first page's two messages."));
        var third = await Connector().RunAsync(CancellationToken.None);
        Assert.Equal(6, results.Sum(r => r.Taken) + third.Taken);
        var blobs = await IntakeAsync();
        Assert.Equal(6, blobs.Count);
        Assert.Equal(6, blobs.Select(b => b.Metadata[MailboxConnector.InternetMessageIdMetadata]).Distinct().Count());
        Assert.All(delivered, m => Assert.Equal(["FOI: taken"], _graph.Categories(m.Id)));
    }

    [Fact]
    public async Task An_expired_delta_token_leads_to_a_full_resync_that_takes_only_mail_not_yet_taken()
    {
        var first = Deliver(3);
        await Connector().RunAsync(CancellationToken.None);
        _graph.ExpireDeltaTokens();
        var (newId, _, _) = Deliver(1, skip: 3).Single();
        var logger = new CollectingLogger<MailboxConnector>();

        var result = await Connector(logger: logger).RunAsync(CancellationToken.None);

        Assert.True(result.Resynced);
        Assert.Equal(1, result.Taken);
        Assert.Equal(3, result.AlreadyTaken);
        Assert.Contains(_graph.Requests, r => r.Status == 410);
        Assert.Contains(logger.Entries, e => e.StartsWith("Warning", StringComparison.Ordinal) && e.Contains("full synchronisation", StringComparison.Ordinal));
        Assert.Equal(4, (await IntakeAsync()).Count);
        Assert.All(first, m => Assert.Equal(1, _graph.Downloads(m.Id)));
        Assert.Equal(1, _graph.Downloads(newId));

        // The resync ended with a fresh delta link: the next run uses it.
        var before = _graph.Requests.Count;
        await Connector().RunAsync(CancellationToken.None);
        Assert.Equal(200, _graph.Requests[before].Status);
    }

    [Fact]
    public async Task Taken_mail_can_be_moved_to_a_folder_and_is_not_taken_again_when_reported_removed()
    {
        var delivered = Deliver(3);

        var first = await Connector(options => { options.Category = null; options.MoveToFolder = "foi-taken"; }).RunAsync(CancellationToken.None);

        Assert.Equal(3, first.Taken);
        Assert.Equal(3, first.Marked);
        Assert.Empty(_graph.InFolder("inbox"));
        Assert.Equal(3, _graph.InFolder("foi-taken").Count);
        var second = await Connector(options => { options.Category = null; options.MoveToFolder = "foi-taken"; }).RunAsync(CancellationToken.None);
        Assert.Equal(0, second.Taken + second.AlreadyTaken);
        Assert.Equal(3, (await IntakeAsync()).Count);
        Assert.All(delivered, m => Assert.Equal(1, _graph.Downloads(m.Id)));
    }

    [Fact]
    public async Task A_message_whose_marking_failed_is_marked_on_a_later_run_without_a_second_blob()
    {
        var delivered = Deliver(2);
        _graph.Fail(FakeGraphMail.PatchOf(delivered[0].Id), times: 3, status: 503);

        var failed = await Connector().RunAsync(CancellationToken.None);

        Assert.Equal(503, failed.StoppedByStatus);
        Assert.Empty(_graph.Categories(delivered[0].Id));
        var later = await Connector().RunAsync(CancellationToken.None);

        Assert.Null(later.StoppedByStatus);
        Assert.All(delivered, m => Assert.Equal(["FOI: taken"], _graph.Categories(m.Id)));
        Assert.All(delivered, m => Assert.Equal(1, _graph.Downloads(m.Id)));
        Assert.Equal(2, (await IntakeAsync()).Count);
    }

    [Fact]
    public async Task Mail_without_an_internet_message_id_is_named_from_its_Graph_id_and_says_so()
    {
        var mime = EmailFixtures.Request(TestFixtures.Letters.Drones);
        var id = _graph.Deliver(mime, internetMessageId: null);
        var logger = new CollectingLogger<MailboxConnector>();

        await Connector(logger: logger).RunAsync(CancellationToken.None);
        await Connector().RunAsync(CancellationToken.None);

        var blob = Assert.Single(await IntakeAsync());
        Assert.StartsWith("mail-graph-", blob.Name, StringComparison.Ordinal);
        Assert.False(blob.Metadata.ContainsKey(MailboxConnector.InternetMessageIdMetadata));
        Assert.Contains(logger.Entries, e => e.Contains("has no internetMessageId", StringComparison.Ordinal));
        Assert.Equal(1, _graph.Downloads(id));
    }

    [Fact]
    public async Task Mail_that_ingest_quarantined_is_not_put_back_into_intake_by_a_resync()
    {
        var (id, internetId, mime) = Deliver(1).Single();
        var name = MailboxConnector.BlobNameFor(new DeltaMessage(id, internetId, [], null, Removed: false));

        // Ingest moves an unreadable letter from intake to quarantine under the same name.
        await _storage.Storage.Quarantine.UploadBlobAsync(name, new BinaryData(mime));
        var result = await Connector().RunAsync(CancellationToken.None);

        Assert.Equal((0, 1), (result.Taken, result.AlreadyTaken));
        Assert.Equal(0, _graph.Downloads(id));
        Assert.Empty(await IntakeAsync());
    }

    [Fact]
    public async Task A_refused_token_stops_the_run_with_the_status_and_saves_nothing()
    {
        Deliver(1);

        var result = await Connector(credential: new StaticTokenCredential("not-the-token")).RunAsync(CancellationToken.None);

        Assert.Equal(401, result.StoppedByStatus);
        Assert.Empty(await IntakeAsync());
        Assert.False(await new BlobContainerClient(_storage.ConnectionString, StateContainer).GetBlobClient(
            MailboxSyncStateStore.BlobNameFor(_graph.Mailbox, "inbox")).ExistsAsync());
    }

    [Fact]
    public async Task Mail_taken_from_the_mailbox_becomes_a_request_in_the_triage_index()
    {
        await using var pipeline = await TestPipeline.CreateAsync();
        var mime = EmailFixtures.Request(TestFixtures.Letters.Drones);
        _graph.Deliver(mime, MessageId(mime));

        var result = await Connector(storage: pipeline).RunAsync(CancellationToken.None);

        Assert.Equal(1, result.Taken);
        var entry = await pipeline.IndexedAsync(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(mime)));
        Assert.Equal(TestFixtures.Letters.Drones.RequesterName, entry.Requester.Name);
        Assert.NotEmpty(entry.Questions);
        await new BlobContainerClient(pipeline.ConnectionString, pipeline.Prefix + "-mailbox").DeleteIfExistsAsync();
    }

    [Fact]
    public async Task Foi_run_reads_the_mailbox_every_poll_interval_and_wakes_the_intake_watcher()
    {
        var signals = new LocalQueueSignals();
        var options = OptionsFor(_storage, o => o.PollInterval = TimeSpan.FromSeconds(1));
        Deliver(1);
        var woken = signals.WaitAsync(LocalQueueSignals.Intake, TimeSpan.FromSeconds(30), CancellationToken.None);
        using var poller = new MailboxPoller(Connector(o => o.PollInterval = options.PollInterval), Options.Create(options), signals, new CollectingLogger<MailboxPoller>());

        await poller.StartAsync(CancellationToken.None);
        try
        {
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            await woken;
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(25), "The intake watcher was not woken after mail was taken.");
            Deliver(1, skip: 1);
            await Eventually.TrueAsync(async () => (await IntakeAsync()).Count == 2, "the second message in intake, taken by a later poll");
        }
        finally
        {
            await poller.StopAsync(CancellationToken.None);
        }
    }

    private MailboxConnector Connector(
        Action<MailboxOptions>? configure = null,
        StaticTokenCredential? credential = null,
        CollectingLogger<MailboxConnector>? logger = null,
        TestPipeline? storage = null)
    {
        storage ??= _storage;
        var options = OptionsFor(storage, configure);
        credential ??= new StaticTokenCredential(_graph.Token);
        return new MailboxConnector(
            Options.Create(options),
            storage.Storage,
            StorageClients.FromConnectionString(storage.ConnectionString, QueueMessageWireEncoding.Base64),
            () => credential,
            logger ?? new CollectingLogger<MailboxConnector>(),
            _transport);
    }

    private MailboxOptions OptionsFor(TestPipeline storage, Action<MailboxOptions>? configure = null)
    {
        var options = new MailboxOptions
        {
            Mailbox = _graph.Mailbox,
            GraphBaseUrl = _graph.GraphBaseUrl,
            PageSize = 2,
            StateContainer = storage.Prefix + "-mailbox",
            MaxRetries = 2,
            RetryDelay = TimeSpan.FromMilliseconds(20),
        };
        configure?.Invoke(options);
        Assert.True(new MailboxOptionsValidator().Validate(null, options).Succeeded);
        return options;
    }

    /// <summary>Delivers <paramref name="count"/> different request emails, with the Message-ID each carries.</summary>
    private List<(string Id, string InternetMessageId, byte[] Mime)> Deliver(int count, int skip = 0)
    {
        var delivered = new List<(string, string, byte[])>();
        for (var i = skip; i < skip + count; i++)
        {
            var mime = i < Letters.Length
                ? EmailFixtures.Request(Letters[i])
                : EmailFixtures.Request(Letters[i % Letters.Length], html: true);
            var internetId = MessageId(mime);
            delivered.Add((_graph.Deliver(mime, internetId), internetId, mime));
        }

        return delivered;
    }

    private async Task<List<BlobItem>> IntakeAsync()
    {
        var blobs = new List<BlobItem>();
        await foreach (var blob in _storage.Intake.GetBlobsAsync(BlobTraits.Metadata))
        {
            blobs.Add(blob);
        }

        return blobs;
    }

    internal static string MessageId(byte[] mime) => MessageIdHeader().Match(Encoding.UTF8.GetString(mime)).Groups[1].Value;

    [GeneratedRegex(@"^Message-ID:\s*(<[^>\r\n]+>)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex MessageIdHeader();
}
