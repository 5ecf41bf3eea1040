using System.Collections.Concurrent;
using FoiPipeline.Pipeline;

namespace FoiPipeline.Local.Hosting;

/// <summary>
/// Wakes a local poller as soon as a stage in the same process sends to its queue, so a letter moves
/// through the stages without waiting out polling back-off. Only a shortcut: pollers still poll, so a
/// message sent by another process is found within host.json's maxPollingInterval.
/// </summary>
public sealed class LocalQueueSignals : IQueueSendObserver
{
    /// <summary>The signal for the intake watcher: a letter was uploaded by this process.</summary>
    public const string Intake = "(intake)";

    private readonly ConcurrentDictionary<string, Wakeup> _wakeups = new(StringComparer.Ordinal);

    public void Sent(string queue) => Get(queue).Set();

    /// <summary>Waits until signalled or until <paramref name="timeout"/> passes, whichever is first.</summary>
    public Task WaitAsync(string queue, TimeSpan timeout, CancellationToken cancellationToken) => Get(queue).WaitAsync(timeout, cancellationToken);

    private Wakeup Get(string queue) => _wakeups.GetOrAdd(queue, _ => new Wakeup());

    private sealed class Wakeup
    {
        private TaskCompletionSource _signal = New();

        public void Set() => Volatile.Read(ref _signal).TrySetResult();

        public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            var signal = Volatile.Read(ref _signal);
            if (!signal.Task.IsCompleted)
            {
                await Task.WhenAny(signal.Task, Task.Delay(timeout, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (signal.Task.IsCompleted)
            {
                Interlocked.CompareExchange(ref _signal, New(), signal);
            }
        }

        private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
