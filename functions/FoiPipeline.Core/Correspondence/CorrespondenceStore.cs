using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using FoiPipeline.Pipeline;

namespace FoiPipeline.Correspondence;

/// <summary>The two kinds of thread key: a letter's Message-ID, and a request's reference.</summary>
public enum ThreadKeyKind
{
    MessageId,
    Reference,
}

/// <summary>
/// Mail that is not a new request, kept in the <c>correspondence</c> container of blob storage so that both hosts
/// (Azure Storage, Azurite) share one implementation with conditional writes: <c>held/{docId}.json</c> for
/// auto-replies and bounces kept out of the queue, <c>replies/{requestId}/{key}.json</c> for replies linked to a
/// request, and <c>threads/{kind}/{hash}/{requestId}.json</c>, the lookup from a Message-ID or reference to the
/// request it belongs to. Every write is idempotent, so a re-run stage changes nothing it already wrote.
/// </summary>
public sealed class CorrespondenceStore
{
    private const string HeldPrefix = "held/";
    private const string RepliesPrefix = "replies/";
    private const string ThreadsPrefix = "threads/";
    private const int ReleaseAttempts = 5;

    private readonly PipelineStorage _storage;
    private readonly BlobContainerClient _container;

    public CorrespondenceStore(PipelineStorage storage)
    {
        _storage = storage;
        _container = storage.Correspondence;
    }

    public static string HeldBlobName(string docId) => $"{HeldPrefix}{docId}.json";

    /// <summary>Records a held message unless it is recorded already (a re-run keeps the first record, and a release).</summary>
    public async Task<HeldMail> HoldAsync(HeldMail held, CancellationToken cancellationToken)
    {
        var name = HeldBlobName(held.DocId);
        try
        {
            await PipelineStorage.WriteJsonAsync(_container, name, held, cancellationToken, ifNoneMatch: ETag.All);
            return held;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return (await PipelineStorage.ReadJsonAsync<HeldMail>(_container, name, cancellationToken))?.Value ?? held;
        }
    }

    public async Task<HeldMail?> GetHeldAsync(string docId, CancellationToken cancellationToken)
        => (await PipelineStorage.ReadJsonAsync<HeldMail>(_container, HeldBlobName(docId), cancellationToken))?.Value;

    /// <summary>
    /// Releases a held message into the queue: marks it released (by whom, when) and sends it to the analyze
    /// stage again, which now treats it as a letter. Null when nothing is held under that id. Releasing twice
    /// keeps the first release and sends the message again, which is harmless (analysis is idempotent).
    /// </summary>
    public async Task<HeldMail?> ReleaseAsync(string docId, string releasedBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var name = HeldBlobName(docId);
        for (var attempt = 1; ; attempt++)
        {
            if (await PipelineStorage.ReadJsonAsync<HeldMail>(_container, name, cancellationToken) is not { } stored)
            {
                return null;
            }

            var released = stored.Value.Released ? stored.Value : stored.Value with { ReleasedAt = at, ReleasedBy = releasedBy };
            try
            {
                if (!stored.Value.Released)
                {
                    await PipelineStorage.WriteJsonAsync(_container, name, released, cancellationToken, ifMatch: stored.ETag);
                }

                await _storage.SendAsync(_storage.Names.Queues.Analyze, StageMessage.For(_storage.Extracted.Name, docId), cancellationToken);
                return released;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < ReleaseAttempts)
            {
                // Written by someone else between our read and write: read again.
            }
        }
    }

    /// <summary>Everything held, newest first, at most <paramref name="max"/> items; the counts cover all of it.</summary>
    public async Task<HeldMailList> ListHeldAsync(int max, CancellationToken cancellationToken)
    {
        var all = new List<HeldMail>();
        await foreach (var blob in _container.GetBlobsAsync(prefix: HeldPrefix, cancellationToken: cancellationToken))
        {
            if (await PipelineStorage.ReadJsonAsync<HeldMail>(_container, blob.Name, cancellationToken) is { } held)
            {
                all.Add(held.Value);
            }
        }

        var byKind = all.Where(h => !h.Released).GroupBy(h => KindName(h.Kind)).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new HeldMailList(
            all.Count(h => !h.Released),
            all.Count(h => h.Released),
            byKind,
            [.. all.OrderByDescending(h => h.ReceivedAt).ThenBy(h => h.DocId, StringComparer.Ordinal).Take(max)]);
    }

    /// <summary>Points a thread key at a request (replacing an earlier pointer from the same request).</summary>
    public async Task RegisterAsync(ThreadKeyKind kind, string value, ThreadKey key, CancellationToken cancellationToken)
        => await PipelineStorage.WriteJsonAsync(_container, $"{ThreadPrefix(kind, value)}{key.RequestId}.json", key, cancellationToken);

    /// <summary>The requests a Message-ID or reference belongs to (usually one).</summary>
    public async Task<IReadOnlyList<ThreadKey>> FindAsync(ThreadKeyKind kind, string value, CancellationToken cancellationToken)
    {
        var keys = new List<ThreadKey>();
        await foreach (var blob in _container.GetBlobsAsync(prefix: ThreadPrefix(kind, value), cancellationToken: cancellationToken))
        {
            if (await PipelineStorage.ReadJsonAsync<ThreadKey>(_container, blob.Name, cancellationToken) is { } key)
            {
                keys.Add(key.Value);
            }
        }

        return keys;
    }

    /// <summary>
    /// Attaches a reply to its request unless the same reply (by Message-ID, else by docId) is attached already:
    /// a re-delivered or replayed reply stays one link. Returns the link as stored.
    /// </summary>
    public async Task<ReplyLink> AttachAsync(ReplyLink reply, CancellationToken cancellationToken)
    {
        var name = $"{RepliesPrefix}{reply.RequestId}/{(reply.MessageId is { } id ? Hash("message-id", id) : reply.DocId)}.json";
        try
        {
            await PipelineStorage.WriteJsonAsync(_container, name, reply, cancellationToken, ifNoneMatch: ETag.All);
            return reply;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return (await PipelineStorage.ReadJsonAsync<ReplyLink>(_container, name, cancellationToken))?.Value ?? reply;
        }
    }

    /// <summary>The replies attached to a request, oldest first.</summary>
    public async Task<IReadOnlyList<ReplyLink>> RepliesAsync(string requestId, CancellationToken cancellationToken)
    {
        var replies = new List<ReplyLink>();
        await foreach (var blob in _container.GetBlobsAsync(prefix: $"{RepliesPrefix}{requestId}/", cancellationToken: cancellationToken))
        {
            if (await PipelineStorage.ReadJsonAsync<ReplyLink>(_container, blob.Name, cancellationToken) is { } reply)
            {
                replies.Add(reply.Value);
            }
        }

        return [.. replies.OrderBy(r => r.ReceivedAt).ThenBy(r => r.DocId, StringComparer.Ordinal)];
    }

    /// <summary>The kind names the API and the records use: auto-reply, out-of-office, delivery-failure, bulk.</summary>
    public static string KindName(Intake.Email.AutomatedKind kind) => kind switch
    {
        Intake.Email.AutomatedKind.AutoReply => "auto-reply",
        Intake.Email.AutomatedKind.OutOfOffice => "out-of-office",
        Intake.Email.AutomatedKind.DeliveryFailure => "delivery-failure",
        _ => "bulk",
    };

    private static string ThreadPrefix(ThreadKeyKind kind, string value)
    {
        var name = kind == ThreadKeyKind.MessageId ? "message-id" : "reference";
        return $"{ThreadsPrefix}{name}/{Hash(name, value)}/";
    }

    /// <summary>A blob-name-safe key for a Message-ID or reference, which may hold any printable character.</summary>
    private static string Hash(string kind, string value)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(kind + "\n" + value)))[..32];
}
