using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs.Models;
using FoiPipeline.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Intake.SharedMailbox;

/// <summary>What one run of the connector did.</summary>
public sealed record MailboxRunResult
{
    public static MailboxRunResult Disabled { get; } = new() { Enabled = false };

    public bool Enabled { get; init; } = true;

    /// <summary>Messages written to intake by this run.</summary>
    public int Taken { get; set; }

    /// <summary>Messages listed again whose blob was already in intake (or quarantine): taken earlier, or by a run at the same moment.</summary>
    public int AlreadyTaken { get; set; }

    /// <summary>Messages deleted between the listing and the download.</summary>
    public int Gone { get; set; }

    /// <summary>Messages this run categorised or moved.</summary>
    public int Marked { get; set; }

    /// <summary>Delta pages completed and saved.</summary>
    public int Pages { get; set; }

    /// <summary>The stored delta link had expired and a full synchronisation was made instead.</summary>
    public bool Resynced { get; set; }

    /// <summary>Another run saved the state first; this one stopped so as not to move it backwards.</summary>
    public bool Superseded { get; set; }

    /// <summary>The HTTP status that stopped the run (e.g. 429 after the retries), or null when it finished its round.</summary>
    public int? StoppedByStatus { get; set; }
}

/// <summary>
/// Takes new mail from a Microsoft 365 mailbox folder into intake: a Graph delta round over the folder, each message
/// downloaded as MIME and written to intake as <c>mail-{hash}.eml</c> (the hash of its internetMessageId, so the same
/// message is always the same blob), then marked (category and/or move) so staff can see it was taken.
/// </summary>
/// <remarks>
/// Idempotent by construction: the blob is created with If-None-Match: *, so two runs at once, a restart and a full
/// re-sync all end with one blob per message; a message is marked only after its blob exists; and the delta state is
/// saved page by page only when every message on the page is done, conditionally, so nothing is skipped when a run
/// stops (throttling beyond the retries, a crash, a timeout) and nothing is taken twice when it starts again.
/// </remarks>
public sealed class MailboxConnector
{
    /// <summary>The DI key of an <see cref="HttpPipelineTransport"/> for Graph calls (tests register one that trusts their fake).</summary>
    public const string TransportKey = "FoiPipeline:Mailbox:Transport";

    /// <summary>Blob metadata: the Graph message id, URL-encoded (metadata values must be ASCII).</summary>
    public const string GraphIdMetadata = "foi_graph_message_id";

    /// <summary>Blob metadata: the message's internetMessageId (RFC 5322 Message-ID), URL-encoded.</summary>
    public const string InternetMessageIdMetadata = "foi_internet_message_id";

    /// <summary>Blob metadata: where the letter came from (<c>mailbox</c>).</summary>
    public const string SourceMetadata = "foi_source";

    private readonly MailboxOptions _options;
    private readonly PipelineStorage _storage;
    private readonly ILogger<MailboxConnector> _logger;
    private readonly TimeProvider _clock;
    private readonly GraphMailClient? _graph;
    private readonly MailboxSyncStateStore? _state;
    private int _disabledLogged;
    private int _stateCreated;

    /// <param name="options">Which mailbox and folder, how to mark, and Graph's address.</param>
    /// <param name="storage">The pipeline's storage: intake and quarantine.</param>
    /// <param name="clients">The storage account the state blob lives in.</param>
    /// <param name="credential">The app's identity; only used when a mailbox is configured.</param>
    /// <param name="logger">Where runs are logged (never senders, subjects or addresses at Information).</param>
    /// <param name="transport">The HTTP transport for Graph; null for Azure.Core's default.</param>
    /// <param name="clock">For the state's timestamps; null for the system clock.</param>
    public MailboxConnector(
        IOptions<MailboxOptions> options,
        PipelineStorage storage,
        StorageClients clients,
        Func<TokenCredential> credential,
        ILogger<MailboxConnector> logger,
        HttpPipelineTransport? transport = null,
        TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clients);
        ArgumentNullException.ThrowIfNull(credential);
        _options = options.Value;
        _storage = storage;
        _logger = logger;
        _clock = clock ?? TimeProvider.System;
        if (_options.Enabled)
        {
            _graph = new GraphMailClient(_options, credential(), transport);
            _state = new MailboxSyncStateStore(clients.Blobs, _options.StateContainer, _options.Mailbox!, _options.Folder);
        }
    }

    public bool Enabled => _options.Enabled;

    /// <summary>The intake blob name for a message: from its internetMessageId, or from its Graph id when it has none.</summary>
    public static string BlobNameFor(DeltaMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.InternetMessageId is { } internetId
            ? "mail-" + Hash(internetId.Trim()) + ".eml"
            : "mail-graph-" + Hash(message.Id) + ".eml";
    }

    /// <summary>One delta round (or what is left of one): takes every new message and saves the state page by page.</summary>
    public async Task<MailboxRunResult> RunAsync(CancellationToken cancellationToken)
    {
        if (_graph is null || _state is null)
        {
            if (Interlocked.Exchange(ref _disabledLogged, 1) == 0)
            {
                _logger.LogDebug("No mailbox is configured ({Setting} is empty); the mailbox connector does nothing", MailboxOptions.SectionName + ":Mailbox");
            }

            return MailboxRunResult.Disabled;
        }

        var result = new MailboxRunResult();
        if (Interlocked.Exchange(ref _stateCreated, 1) == 0)
        {
            await _state.EnsureCreatedAsync(cancellationToken);
            await _storage.Intake.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        var stored = await _state.ReadAsync(cancellationToken);
        var etag = stored?.ETag;
        var link = stored?.Value.Link ?? _graph.InitialDeltaLink(_options.Folder);
        _logger.LogInformation(
            "Reading the mailbox folder {Folder} from {Start}",
            _options.Folder,
            stored is null ? "the beginning (first synchronisation)" : stored.Value.RoundComplete ? "the stored delta link" : "the stored next link");
        try
        {
            while (true)
            {
                DeltaPage page;
                try
                {
                    page = await _graph.GetDeltaPageAsync(link, cancellationToken);
                }
                catch (DeltaTokenExpiredException ex) when (!result.Resynced)
                {
                    // A full synchronisation lists every message in the folder again; those already in intake are
                    // recognised by their blob name and not downloaded or written again.
                    _logger.LogWarning("{Reason} Starting a full synchronisation of the folder; mail already taken is not taken again", ex.Message);
                    result.Resynced = true;
                    link = _graph.InitialDeltaLink(_options.Folder);
                    continue;
                }

                foreach (var message in page.Messages)
                {
                    if (message.Removed)
                    {
                        // Moved or deleted out of the folder (our own moves come back this way): nothing to take.
                        continue;
                    }

                    await TakeAsync(message, result, cancellationToken);
                }

                var next = page.NextLink ?? page.DeltaLink!;
                var state = new MailboxSyncState
                {
                    Mailbox = _options.Mailbox!.Trim(),
                    Folder = _options.Folder.Trim(),
                    Link = next,
                    RoundComplete = page.DeltaLink is not null,
                    SavedAt = _clock.GetUtcNow(),
                };
                var saved = await _state.TrySaveAsync(state, etag, cancellationToken);
                if (saved is null)
                {
                    _logger.LogInformation("Another run saved the mailbox state first; this run stops and leaves the rest to it");
                    result.Superseded = true;
                    break;
                }

                etag = saved;
                result.Pages++;
                if (page.DeltaLink is not null)
                {
                    break;
                }

                link = next;
            }
        }
        catch (RequestFailedException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Throttling that outlasted Azure.Core's retries, or a failing service: the state still points at the
            // first unfinished page, so the next run carries on from there without losing or doubling anything.
            _logger.LogWarning(
                "Graph answered {Status} {ErrorCode}; the mailbox run stops after taking {Taken} message(s) and resumes from the last saved page next time",
                ex.Status,
                ex.ErrorCode,
                result.Taken);
            result.StoppedByStatus = ex.Status;
        }

        _logger.LogInformation(
            "Mailbox run: {Taken} taken, {AlreadyTaken} already taken, {Gone} gone before download, {Marked} marked, {Pages} page(s) saved",
            result.Taken,
            result.AlreadyTaken,
            result.Gone,
            result.Marked,
            result.Pages);
        return result;
    }

    private async Task TakeAsync(DeltaMessage message, MailboxRunResult result, CancellationToken cancellationToken)
    {
        var name = BlobNameFor(message);
        if (message.InternetMessageId is null)
        {
            _logger.LogWarning("Message {GraphId} has no internetMessageId; it is named from its Graph id as {Blob}, which changes if it is moved", message.Id, name);
        }

        var blob = _storage.Intake.GetBlobClient(name);

        // Quarantine too: ingest moves unreadable mail there, and a re-sync must not put it back in intake.
        if (await blob.ExistsAsync(cancellationToken) || await _storage.Quarantine.GetBlobClient(name).ExistsAsync(cancellationToken))
        {
            result.AlreadyTaken++;
        }
        else
        {
            using var download = await _graph!.DownloadMimeAsync(message.Id, cancellationToken);
            if (download is null)
            {
                _logger.LogInformation("Message {GraphId} was deleted after it was listed; skipped", message.Id);
                result.Gone++;
                return;
            }

            var metadata = new Dictionary<string, string>
            {
                [GraphIdMetadata] = Uri.EscapeDataString(message.Id),
                [SourceMetadata] = "mailbox",
            };
            if (message.InternetMessageId is { } internetId)
            {
                metadata[InternetMessageIdMetadata] = Uri.EscapeDataString(internetId);
            }

            if (message.ReceivedAt is { } receivedAt)
            {
                // When the mailbox received it: the date of receipt the statutory clock starts from.
                metadata[IngestHandler.ReceivedAtMetadata] = receivedAt.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            }

            try
            {
                await blob.UploadAsync(
                    download.Content,
                    new BlobUploadOptions
                    {
                        Metadata = metadata,
                        HttpHeaders = new BlobHttpHeaders { ContentType = "message/rfc822" },
                        Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    },
                    cancellationToken);
                result.Taken++;
                _logger.LogInformation("Took message {GraphId} into intake as {Blob}", message.Id, name);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another run wrote the same message a moment ago.
                result.AlreadyTaken++;
            }
        }

        await MarkAsync(message, result, cancellationToken);
    }

    private async Task MarkAsync(DeltaMessage message, MailboxRunResult result, CancellationToken cancellationToken)
    {
        var marked = false;
        if (!string.IsNullOrWhiteSpace(_options.Category) && !message.Categories.Contains(_options.Category.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            if (!await _graph!.SetCategoriesAsync(message.Id, [.. message.Categories, _options.Category.Trim()], cancellationToken))
            {
                _logger.LogInformation("Message {GraphId} was deleted or moved before it could be categorised; it is in intake all the same", message.Id);
                return;
            }

            marked = true;
        }

        if (!string.IsNullOrWhiteSpace(_options.MoveToFolder))
        {
            // Listed in the folder being read, so not moved yet (a run at the same moment may have; then this is a 404).
            if (await _graph!.MoveAsync(message.Id, _options.MoveToFolder, cancellationToken))
            {
                marked = true;
            }
            else
            {
                _logger.LogInformation("Message {GraphId} had already left the folder when it was to be moved", message.Id);
            }
        }

        if (marked)
        {
            result.Marked++;
        }
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..40];
}
