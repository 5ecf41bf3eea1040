using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using FoiPipeline.Intake;
using FoiPipeline.Pipeline;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Replay;

/// <summary>
/// Lists what failed and puts it back once the cause is fixed: poison messages go back to their work queue one
/// attempt later, quarantined letters go back into intake to be ingested afresh, and letters the Functions host gave
/// up on (its blob-trigger poison queue) are ingested again. Nothing is removed from where it waits until its replay
/// is safely stored, so a crash can at worst replay an item twice (every stage tolerates that), never lose it. Two
/// replays at once do not double an item: a poison message is held invisible, a quarantined letter leased, while it moves.
/// </summary>
public sealed class ReplayService
{
    /// <summary>How long a received poison message stays invisible to a concurrent replay while this one moves it.</summary>
    private static readonly TimeSpan Hold = TimeSpan.FromMinutes(5);

    /// <summary>The lease on a quarantined letter while it is copied back; 15 to 60 seconds is what storage allows.</summary>
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(60);

    /// <summary>The most messages a queue shows without taking them (Peek Messages' limit).</summary>
    private const int PeekLimit = 32;

    /// <summary>The most poison messages one run looks through for the ones asked for.</summary>
    private const int ScanLimit = 5000;

    private readonly PipelineStorage _storage;
    private readonly IngestHandler? _ingest;
    private readonly TimeProvider _clock;
    private readonly ILogger<ReplayService> _logger;

    /// <param name="storage">The pipeline's blobs and queues.</param>
    /// <param name="clock">Stamps when a letter was replayed.</param>
    /// <param name="logger">Records every replay (names and ids, no letter content).</param>
    /// <param name="ingest">Ingests letters named in the blob-trigger poison queue; without it (the CLI) they are listed, not replayed.</param>
    public ReplayService(PipelineStorage storage, TimeProvider clock, ILogger<ReplayService> logger, IngestHandler? ingest = null)
    {
        _storage = storage;
        _clock = clock;
        _logger = logger;
        _ingest = ingest;
    }

    /// <summary>Lists (with <see cref="ReplayFilter.DryRun"/>) or replays what the filter selects, at most <see cref="ReplayFilter.Max"/> items.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ReplayFilter.Max"/> is not from 1 to <see cref="ReplayFilter.MostMax"/>.</exception>
    public async Task<ReplayReport> RunAsync(ReplayFilter filter, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(filter.Max, 1, nameof(filter));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(filter.Max, ReplayFilter.MostMax, nameof(filter));
        var run = new Run(filter);
        if (filter.Wants(ReplayKind.Poison))
        {
            foreach (var queue in _storage.Names.Queues.All.Where(filter.WantsQueue))
            {
                await FromQueueAsync(run, ReplayKind.Poison, QueueNames.PoisonOf(queue), message => PoisonAsync(run, queue, message, cancellationToken), cancellationToken);
            }
        }

        if (filter.Wants(ReplayKind.BlobPoison) && filter.Queues.Count == 0)
        {
            await FromQueueAsync(run, ReplayKind.BlobPoison, ReplayRules.BlobTriggerPoisonQueue, message => BlobPoisonAsync(run, message, cancellationToken), cancellationToken);
        }

        if (filter.Wants(ReplayKind.Quarantine) && filter.Queues.Count == 0)
        {
            await FromQuarantineAsync(run, cancellationToken);
        }

        return new ReplayReport
        {
            DryRun = filter.DryRun,
            Items = run.Items,
            More = run.More,
            NotFound = [.. filter.Items.Where(id => !run.Seen.Contains(id)).Order(StringComparer.Ordinal)],
        };
    }

    /// <summary>The state of one run: what it reported, how much of its budget is left.</summary>
    private sealed class Run(ReplayFilter filter)
    {
        public ReplayFilter Filter { get; } = filter;

        public List<ReplayItem> Items { get; } = [];

        public HashSet<string> Seen { get; } = new(StringComparer.Ordinal);

        public bool More { get; set; }

        /// <summary>Items that cannot be replayed are reported but do not use up the budget, so they cannot block the rest.</summary>
        public bool Full => Items.Count(i => i.Outcome != ReplayOutcome.NotReplayable) >= Filter.Max;

        public void Add(ReplayItem item)
        {
            Items.Add(item);
            Seen.Add(item.Id);
        }
    }

    /// <summary>What one queue message came to: the item to report (null when the message is not one the filter wants) and whether it has left the queue.</summary>
    private readonly record struct Handled(ReplayItem? Item, bool Removed);

    /// <summary>
    /// Goes through a poison queue. Listing peeks at the first messages and changes nothing; replaying receives them,
    /// which hides each from other replays while it is handled, and at the end makes visible again the ones left.
    /// </summary>
    private async Task FromQueueAsync(Run run, ReplayKind kind, string queueName, Func<Message, Task<Handled>> handle, CancellationToken cancellationToken)
    {
        var queue = _storage.Queue(queueName);
        if (!await queue.ExistsAsync(cancellationToken))
        {
            return;
        }

        try
        {
            await ThroughQueueAsync(run, queue, handle, cancellationToken);
        }
        catch (FormatException ex)
        {
            // A message written in another encoding than host.json's messageEncoding (by hand, or by another tool)
            // cannot be read at all, and the storage client refuses the whole batch: say so rather than fail the run.
            run.Add(new ReplayItem
            {
                Kind = kind,
                Id = queueName,
                Outcome = ReplayOutcome.NotReplayable,
                Detail = $"{queueName} holds a message that is not in host.json's messageEncoding ({ex.Message}); look at it with a storage browser and remove or re-encode it.",
            });
        }
    }

    private async Task ThroughQueueAsync(Run run, QueueClient queue, Func<Message, Task<Handled>> handle, CancellationToken cancellationToken)
    {
        if (run.Filter.DryRun)
        {
            var peeked = (await queue.PeekMessagesAsync(PeekLimit, cancellationToken)).Value;
            foreach (var message in peeked)
            {
                if (run.Full)
                {
                    run.More = true;
                    break;
                }

                if ((await handle(new Message(message.MessageId, message.Body.ToString(), PopReceipt: null))).Item is { } item)
                {
                    run.Add(item);
                }
            }

            var waiting = (await queue.GetPropertiesAsync(cancellationToken)).Value.ApproximateMessagesCount;
            run.More |= waiting > peeked.Length;
            return;
        }

        // A peek first: a message the client cannot decode fails it before anything is received and hidden.
        await queue.PeekMessagesAsync(PeekLimit, cancellationToken);
        var left = new List<QueueMessage>();
        try
        {
            var scanned = 0;
            while (scanned < ScanLimit && !run.Full)
            {
                var batch = (await queue.ReceiveMessagesAsync(PeekLimit, Hold, cancellationToken)).Value;
                if (batch.Length == 0)
                {
                    return;
                }

                foreach (var received in batch)
                {
                    scanned++;
                    if (run.Full)
                    {
                        run.More = true;
                        left.Add(received);
                        continue;
                    }

                    var handled = await handle(new Message(received.MessageId, received.Body.ToString(), received.PopReceipt));
                    if (handled.Item is { } item)
                    {
                        run.Add(item);
                    }

                    if (!handled.Removed)
                    {
                        left.Add(received);
                    }
                }
            }

            // Stopped at the budget or the scan limit: anything still visible is waiting for another run.
            run.More |= scanned >= ScanLimit || (await queue.PeekMessagesAsync(1, cancellationToken)).Value.Length > 0;
        }
        finally
        {
            await ReleaseAsync(queue, left);
        }
    }

    /// <summary>Makes messages this run held but did not move visible again at once, rather than after the hold.</summary>
    private async Task ReleaseAsync(QueueClient queue, List<QueueMessage> messages)
    {
        foreach (var message in messages)
        {
            try
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, message.Body, TimeSpan.Zero, CancellationToken.None);
            }
            catch (RequestFailedException ex)
            {
                // Gone or taken since: it reappears on its own when the hold ends, so this only costs time.
                _logger.LogDebug("Could not make message {MessageId} in {Queue} visible again: {Status}", message.MessageId, queue.Name, ex.Status);
            }
        }
    }

    /// <summary>A message as seen by a listing (no pop receipt) or by a replay that holds it.</summary>
    private sealed record Message(string Id, string Text, string? PopReceipt);

    private async Task<Handled> PoisonAsync(Run run, string queue, Message message, CancellationToken cancellationToken)
    {
        if (!run.Filter.WantsItem(message.Id))
        {
            return new Handled(null, Removed: false);
        }

        var poison = PoisonMessage.TryParse(message.Text);
        var listed = new ReplayItem
        {
            Kind = ReplayKind.Poison,
            Id = message.Id,
            Queue = queue,
            Code = poison?.ErrorType,
            Error = poison?.Error,
            FailedAt = poison?.FailedAt,
            DequeueCount = poison?.DequeueCount,
            Outcome = ReplayOutcome.Waiting,
        };
        string? whyNot = "Not replayed: this entry is not a poison message the pipeline wrote, so the original message cannot be told from it.";
        var next = poison is null ? null : ReplayRules.NextAttempt(poison.Message, out whyNot);
        if (next is null)
        {
            return new Handled(listed with { Outcome = ReplayOutcome.NotReplayable, Detail = whyNot }, Removed: false);
        }

        listed = listed with { DocId = next.DocId };
        if (message.PopReceipt is null)
        {
            return new Handled(listed with { Detail = $"Would go back to {queue} as attempt {next.Attempt}." }, Removed: false);
        }

        try
        {
            // Send first, delete second: a crash in between leaves a duplicate the stage tolerates, never a loss.
            await _storage.SendAsync(queue, next, cancellationToken);
        }
        catch (RequestFailedException ex)
        {
            return new Handled(listed with { Outcome = ReplayOutcome.Failed, Detail = $"Could not send it to {queue}: {ex.Message}" }, Removed: false);
        }

        await DeleteAsync(_storage.Queue(QueueNames.PoisonOf(queue)), message, cancellationToken);
        _logger.LogInformation("Replayed poison message {MessageId} for {DocId} to {Queue} as attempt {Attempt}", message.Id, next.DocId, queue, next.Attempt);
        return new Handled(listed with { Outcome = ReplayOutcome.Replayed, Detail = $"Sent back to {queue} as attempt {next.Attempt}." }, Removed: true);
    }

    private async Task<Handled> BlobPoisonAsync(Run run, Message message, CancellationToken cancellationToken)
    {
        // Entries for other functions' containers belong to them: not listed, not touched.
        if (ReplayRules.BlobTriggerPoisonBlob(message.Text, _storage.Intake.Name) is not { } blob || !run.Filter.WantsItem(message.Id))
        {
            return new Handled(null, Removed: false);
        }

        var listed = new ReplayItem
        {
            Kind = ReplayKind.BlobPoison,
            Id = message.Id,
            Blob = blob,
            Error = "The Functions host gave up ingesting this letter after maxDequeueCount failures; the host's log has the errors. The letter is still in intake.",
            Outcome = ReplayOutcome.Waiting,
        };
        if (_ingest is null)
        {
            return new Handled(listed with
            {
                Outcome = ReplayOutcome.NotReplayable,
                Detail = "Replay it where ingest runs: POST /api/admin/replay on the Functions app.",
            }, Removed: false);
        }

        if (message.PopReceipt is null)
        {
            return new Handled(listed with { Detail = "Would be ingested again." }, Removed: false);
        }

        IngestResult result;
        try
        {
            result = await _ingest.IngestAsync(blob, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new Handled(listed with { Outcome = ReplayOutcome.Failed, Detail = $"Ingest failed again ({ex.GetType().Name}: {ex.Message}); the entry stays." }, Removed: false);
        }

        // Whatever ingest made of it (extracted, quarantined, already done, gone), the entry has served its purpose.
        await DeleteAsync(_storage.Queue(ReplayRules.BlobTriggerPoisonQueue), message, cancellationToken);
        _logger.LogInformation("Replayed blob-trigger poison entry {MessageId}: ingest of {Blob} ended {Outcome}", message.Id, blob, result.Outcome);
        return new Handled(listed with
        {
            DocId = result.DocId,
            Outcome = result.Outcome is IngestOutcome.Gone or IngestOutcome.AlreadyIngested ? ReplayOutcome.Skipped : ReplayOutcome.Replayed,
            Detail = result.Outcome switch
            {
                IngestOutcome.Gone => "The letter is no longer in intake; the entry is removed.",
                IngestOutcome.AlreadyIngested => "The letter was ingested since; the entry is removed.",
                IngestOutcome.Quarantined => $"Ingested again and quarantined: {result.Detail}",
                _ => $"Ingested again ({result.Outcome.ToString().ToLowerInvariant()}).",
            },
        }, Removed: true);
    }

    private async Task DeleteAsync(QueueClient queue, Message message, CancellationToken cancellationToken)
    {
        try
        {
            await queue.DeleteMessageAsync(message.Id, message.PopReceipt, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Our hold ran out and someone else removed it: at worst the item was replayed twice, which stages tolerate.
            _logger.LogInformation("Poison message {MessageId} in {Queue} was already removed", message.Id, queue.Name);
        }
    }

    private async Task FromQuarantineAsync(Run run, CancellationToken cancellationToken)
    {
        await foreach (var name in QuarantinedNamesAsync(run.Filter, cancellationToken))
        {
            if (run.Full)
            {
                run.More = true;
                return;
            }

            if (await QuarantinedAsync(name, run.Filter.DryRun, cancellationToken) is { } item)
            {
                run.Add(item);
            }
        }
    }

    /// <summary>The quarantined letters' names: the ones asked for, or every blob that is not a reason file beside one.</summary>
    private async IAsyncEnumerable<string> QuarantinedNamesAsync(ReplayFilter filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (filter.Items.Count > 0)
        {
            foreach (var id in filter.Items.Order(StringComparer.Ordinal))
            {
                yield return id;
            }

            yield break;
        }

        // Names list in order, so a letter comes before its "{name}.reason.json" (and a letter that is itself called
        // "x.reason.json", with no "x" beside it, is still a letter).
        var letters = new HashSet<string>(StringComparer.Ordinal);
        var suffix = QuarantineReason.BlobNameFor(string.Empty);
        await foreach (var blob in _storage.Quarantine.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            if (blob.Name.EndsWith(suffix, StringComparison.Ordinal) && letters.Contains(blob.Name[..^suffix.Length]))
            {
                continue;
            }

            letters.Add(blob.Name);
            yield return blob.Name;
        }
    }

    /// <summary>One quarantined letter described, or replayed; null when there is no such letter.</summary>
    private async Task<ReplayItem?> QuarantinedAsync(string name, bool dryRun, CancellationToken cancellationToken)
    {
        var source = _storage.Quarantine.GetBlobClient(name);
        Stored<QuarantineReason>? stored;
        try
        {
            stored = await PipelineStorage.ReadJsonAsync<QuarantineReason>(_storage.Quarantine, QuarantineReason.BlobNameFor(name), cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            return NoReason(name, $"Not replayed: its reason file cannot be read ({ex.Message}), so the letter's intake name is unknown. Copy it back to intake by hand.");
        }

        if (stored is null)
        {
            return await source.ExistsAsync(cancellationToken)
                ? NoReason(name, "Not replayed: it has no reason beside it yet (it is being quarantined now, or that was interrupted); try again in a minute.")
                : null;
        }

        var reason = stored.Value;
        var item = new ReplayItem
        {
            Kind = ReplayKind.Quarantine,
            Id = name,
            Blob = reason.Blob,
            DocId = reason.Sha256,
            Code = System.Text.Json.JsonSerializer.Serialize(reason.Code, PipelineJson.Options).Trim('"'),
            Error = reason.Reason,
            Hint = reason.Hint,
            FailedAt = reason.QuarantinedAt,
            Outcome = ReplayOutcome.Waiting,
        };
        if (dryRun)
        {
            return item with { Detail = $"Would go back to intake as {reason.Blob} (or a free name beside it)." };
        }

        var lease = source.GetBlobLeaseClient();
        try
        {
            await lease.AcquireAsync(LeaseTime, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 409)
        {
            return item with
            {
                Outcome = ReplayOutcome.Skipped,
                Detail = ex.Status == 404 ? "Already gone from quarantine (replayed by someone else)." : "Another replay is moving it right now.",
            };
        }

        try
        {
            var properties = (await source.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            var target = await CopyToIntakeAsync(source, properties, reason, cancellationToken);

            // The letter is safely back in intake; only now does it leave quarantine, the reason last.
            await source.DeleteAsync(conditions: new BlobRequestConditions { LeaseId = lease.LeaseId }, cancellationToken: cancellationToken);
            await _storage.Quarantine.GetBlobClient(QuarantineReason.BlobNameFor(name)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
            _logger.LogInformation("Replayed quarantined {QuarantineBlob} ({Code}) to intake as {Blob}", name, reason.Code, target);
            return item with { Outcome = ReplayOutcome.Replayed, Detail = $"Copied back to intake as {target}, to be ingested afresh." };
        }
        catch (Exception ex) when (ex is RequestFailedException or InvalidOperationException)
        {
            await ReleaseAsync(lease);
            return item with { Outcome = ReplayOutcome.Failed, Detail = $"Left in quarantine: {ex.Message}" };
        }
    }

    private static ReplayItem NoReason(string name, string detail) => new()
    {
        Kind = ReplayKind.Quarantine,
        Id = name,
        Outcome = ReplayOutcome.NotReplayable,
        Detail = detail,
    };

    /// <summary>
    /// Copies the quarantined bytes into intake under the letter's own name, or the first free name beside it; never over
    /// another blob. A copy this same version made before (a replay that crashed before cleaning up) is reused.
    /// </summary>
    /// <returns>The intake name.</returns>
    private async Task<string> CopyToIntakeAsync(BlobClient source, BlobProperties properties, QuarantineReason reason, CancellationToken cancellationToken)
    {
        var etag = properties.ETag.ToString();
        var metadata = ReplayRules.IntakeMetadata(properties.Metadata, source.Name, etag, _clock.GetUtcNow());
        foreach (var name in ReplayRules.IntakeNames(reason.Blob, reason.Sha256))
        {
            var target = _storage.Intake.GetBlobClient(name);
            if (await OccupantAsync(target, cancellationToken) is { } occupant)
            {
                if (ReplayRules.IsCopyOf(occupant.Metadata, source.Name, etag))
                {
                    return name;
                }

                continue;
            }

            var download = await source.DownloadStreamingAsync(
                new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } }, cancellationToken);
            await using var content = download.Value.Content;
            try
            {
                await target.UploadAsync(content, new BlobUploadOptions
                {
                    Metadata = metadata,
                    HttpHeaders = new BlobHttpHeaders { ContentType = properties.ContentType },
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                }, cancellationToken);
                return name;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Someone put a letter under this name since we looked: try the next name.
            }
        }

        throw new InvalidOperationException($"every intake name tried for {reason.Blob} holds another letter; move one of them, then replay again.");
    }

    private static async Task<BlobProperties?> OccupantAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private async Task ReleaseAsync(BlobLeaseClient lease)
    {
        try
        {
            await lease.ReleaseAsync(cancellationToken: CancellationToken.None);
        }
        catch (RequestFailedException ex)
        {
            _logger.LogDebug("Could not release the lease on a quarantined letter ({Status}); it ends on its own", ex.Status);
        }
    }
}
