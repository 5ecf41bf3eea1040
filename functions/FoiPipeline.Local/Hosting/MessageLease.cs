using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Local.Hosting;

/// <summary>
/// Keeps a received message invisible while a stage works on it, renewing before the lease runs out as
/// the Functions host does, then deletes it (done) or makes it visible again after a delay (retry).
/// Every update returns a new pop receipt; this class owns it so renewals and the final step cannot race.
/// </summary>
internal sealed class MessageLease : IAsyncDisposable
{
    private readonly QueueClient _queue;
    private readonly string _messageId;
    private readonly TimeSpan _lease;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopRenewing = new();
    private readonly Task _renewing;
    private string _popReceipt;
    private bool _settled;

    public MessageLease(QueueClient queue, QueueMessage message, TimeSpan lease, ILogger logger)
    {
        _queue = queue;
        _messageId = message.MessageId;
        _popReceipt = message.PopReceipt;
        _lease = lease;
        _logger = logger;
        _renewing = RenewAsync(_stopRenewing.Token);
    }

    /// <summary>The stage finished (or poisoned the message): remove it from the queue.</summary>
    public Task CompleteAsync(CancellationToken cancellationToken) => SettleAsync(
        (receipt, token) => _queue.DeleteMessageAsync(_messageId, receipt, token), cancellationToken);

    /// <summary>The stage failed: let the message reappear after <paramref name="delay"/> for another try.</summary>
    public Task ReleaseAsync(TimeSpan delay, CancellationToken cancellationToken) => SettleAsync(
        (receipt, token) => _queue.UpdateMessageAsync(_messageId, receipt, visibilityTimeout: delay, cancellationToken: token), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _stopRenewing.CancelAsync();
        try
        {
            await _renewing;
        }
        catch (OperationCanceledException)
        {
        }

        _stopRenewing.Dispose();
        _gate.Dispose();
    }

    private async Task SettleAsync(Func<string, CancellationToken, Task> settle, CancellationToken cancellationToken)
    {
        await _stopRenewing.CancelAsync();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_settled)
            {
                await settle(_popReceipt, cancellationToken);
                _settled = true;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The lease was lost (the host was paused past it) and another delivery owns the message now.
            _logger.LogWarning("Message {MessageId} on {Queue} was no longer ours to settle", _messageId, _queue.Name);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task RenewAsync(CancellationToken cancellationToken)
    {
        var every = _lease / 3;
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(every, cancellationToken);
            await _gate.WaitAsync(cancellationToken);
            try
            {
                if (_settled)
                {
                    return;
                }

                var updated = await _queue.UpdateMessageAsync(_messageId, _popReceipt, visibilityTimeout: _lease, cancellationToken: cancellationToken);
                _popReceipt = updated.Value.PopReceipt;
            }
            catch (RequestFailedException ex)
            {
                _logger.LogWarning(ex, "Could not renew message {MessageId} on {Queue}; another worker may get it", _messageId, _queue.Name);
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
