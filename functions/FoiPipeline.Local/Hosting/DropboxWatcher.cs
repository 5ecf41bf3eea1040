using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Azure;
using FoiPipeline.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Local.Hosting;

/// <summary>The dropbox's own folders and the file names it accepts and leaves alone.</summary>
public static class DropboxFolders
{
    /// <summary>Where a file goes once its letter is in the pipeline (uploaded to intake, or found there already).</summary>
    public const string Processed = "processed";

    /// <summary>Where a file goes when it cannot be taken, with <c>NAME.reason.txt</c> beside it.</summary>
    public const string Failed = "failed";

    /// <summary>The suffix of the reason written beside a failed file.</summary>
    public const string ReasonSuffix = ".reason.txt";

    /// <summary>The extensions the pipeline reads: e-mail, PDF, Word, plain text and scanned images.</summary>
    public static IReadOnlyList<string> Accepted { get; } = [".eml", ".pdf", ".docx", ".txt", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".gif", ".bmp"];

    /// <summary>
    /// Names that are still being made or belong to another program: Office lock files (<c>~$</c>), hidden
    /// dotfiles, and the temporary names browsers, copy tools and scanners write to before renaming.
    /// </summary>
    public static bool IsIgnored(string fileName)
        => fileName.StartsWith('.')
           || fileName.StartsWith("~$", StringComparison.Ordinal)
           || fileName.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase)
           || fileName.EndsWith(".part", StringComparison.OrdinalIgnoreCase)
           || fileName.EndsWith(".partial", StringComparison.OrdinalIgnoreCase)
           || fileName.EndsWith(".crdownload", StringComparison.OrdinalIgnoreCase)
           || fileName.EndsWith(".download", StringComparison.OrdinalIgnoreCase);

    public static bool IsAccepted(string fileName) => Accepted.Contains(Path.GetExtension(fileName), StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Watches a folder (<c>foi run --dropbox DIR</c>) and puts every letter placed there into the intake container,
/// the way <c>foi ingest</c> does, then moves the file to <c>processed</c>; a file that cannot be taken moves to
/// <c>failed</c> with a reason beside it. A file is taken only once it is complete: its size and last-write time
/// unchanged for <see cref="LocalHostOptions.DropboxSettleInterval"/> and it can be opened for exclusive read (a
/// scanner or Outlook still writing holds it open, or keeps appending). A <see cref="FileSystemWatcher"/> makes it
/// prompt, and a periodic scan makes it complete: the watcher's events are dropped when its buffer overflows under a
/// burst and are often missing on network shares. Nothing is ever deleted.
/// </summary>
public sealed class DropboxWatcher : BackgroundService
{
    private const int UploadAttempts = 5;
    private const int ParallelTakes = 4;

    private readonly PipelineStorage _storage;
    private readonly LocalHostOptions _options;
    private readonly LocalQueueSignals _signals;
    private readonly TimeProvider _clock;
    private readonly ILogger<DropboxWatcher> _logger;
    private readonly string _folder;
    private readonly ConcurrentDictionary<string, Sighting> _sightings = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _taking = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, UploadFailure> _uploadFailures = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0, 1);

    public DropboxWatcher(PipelineStorage storage, LocalHostOptions options, LocalQueueSignals signals, TimeProvider clock, ILogger<DropboxWatcher> logger)
    {
        _storage = storage;
        _options = options;
        _signals = signals;
        _clock = clock;
        _logger = logger;
        _folder = Path.GetFullPath(options.Dropbox ?? throw new ArgumentException("No dropbox folder is configured.", nameof(options)));
    }

    /// <summary>The full path of the folder being watched.</summary>
    public string Folder => _folder;

    /// <summary>A file's size and last-write time, since when it has had them, when it was first seen at all, and whether it was reported as never settling.</summary>
    private sealed record Sighting(long Length, DateTime LastWrite, DateTimeOffset Since, DateTimeOffset FirstSeen, bool Warned = false);

    private sealed record UploadFailure(int Count, DateTimeOffset RetryAt);

    /// <summary>Why a file cannot be taken, and what a person should do about it.</summary>
    private sealed record Refusal(string Reason, string Hint);

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        Directory.CreateDirectory(Path.Combine(_folder, DropboxFolders.Processed));
        Directory.CreateDirectory(Path.Combine(_folder, DropboxFolders.Failed));
        using var events = StartEvents();
        _logger.LogInformation("Watching {Dropbox} for letters; taken files move to {Processed}, refused ones to {Failed}",
            _folder, DropboxFolders.Processed, DropboxFolders.Failed);

        using var slots = new SemaphoreSlim(ParallelTakes, ParallelTakes);
        var running = new ConcurrentDictionary<Task, byte>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                TimeSpan wait;
                try
                {
                    wait = await ScanAsync(slots, running, stoppingToken);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException && !stoppingToken.IsCancellationRequested)
                {
                    // A share that went away, or permissions changed: say so and keep trying.
                    _logger.LogWarning("Cannot read the dropbox {Dropbox} ({Error}); trying again", _folder, ex.Message);
                    wait = _options.DropboxScanInterval;
                }

                await _wake.WaitAsync(wait, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(running.Keys);
    }

    private FileSystemWatcher? StartEvents()
    {
        try
        {
            var watcher = new FileSystemWatcher(_folder)
            {
                IncludeSubdirectories = false,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.Size | NotifyFilters.LastWrite,
                InternalBufferSize = 64 * 1024,
            };
            watcher.Created += (_, _) => Wake();
            watcher.Changed += (_, _) => Wake();
            watcher.Renamed += (_, _) => Wake();
            watcher.Error += (_, e) => _logger.LogDebug("Dropbox file events were lost ({Error}); the periodic scan finds the files", e.GetException().Message);
            watcher.EnableRaisingEvents = true;
            return watcher;
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or PlatformNotSupportedException)
        {
            _logger.LogWarning("Cannot watch {Dropbox} for file events ({Error}); scanning it every {Interval} instead", _folder, ex.Message, _options.DropboxScanInterval);
            return null;
        }
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
        catch (ObjectDisposedException)
        {
            // Stopped.
        }
    }

    /// <summary>Looks at every file once; starts taking those that have settled. Returns how long to wait before looking again.</summary>
    private async Task<TimeSpan> ScanAsync(SemaphoreSlim slots, ConcurrentDictionary<Task, byte> running, CancellationToken stoppingToken)
    {
        var now = _clock.GetUtcNow();
        var wait = _options.DropboxScanInterval;
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(_folder))
        {
            var name = Path.GetFileName(path);
            if (DropboxFolders.IsIgnored(name) || _taking.ContainsKey(path))
            {
                continue;
            }

            var file = new FileInfo(path);
            if (!file.Exists)
            {
                continue;
            }

            present.Add(path);
            var (length, lastWrite) = (file.Length, file.LastWriteTimeUtc);
            if (!_sightings.TryGetValue(path, out var seen) || seen.Length != length || seen.LastWrite != lastWrite)
            {
                var sighting = new Sighting(length, lastWrite, now, seen?.FirstSeen ?? now, seen?.Warned ?? false);
                if (!sighting.Warned && now - sighting.FirstSeen > _options.DropboxGiveUpAfter)
                {
                    // Never moved while it changes: a writer that is still appending would carry on into failed/.
                    _logger.LogWarning("{File} in the dropbox has kept changing for {Duration}; it will be taken once it stops", name, now - sighting.FirstSeen);
                    sighting = sighting with { Warned = true };
                }

                _sightings[path] = sighting;
                wait = Min(wait, _options.DropboxSettleInterval);
                continue;
            }

            if (now - seen.Since < _options.DropboxSettleInterval)
            {
                wait = Min(wait, seen.Since + _options.DropboxSettleInterval - now);
                continue;
            }

            if (_uploadFailures.TryGetValue(path, out var failure) && failure.RetryAt > now)
            {
                wait = Min(wait, failure.RetryAt - now);
                continue;
            }

            await slots.WaitAsync(stoppingToken);
            _taking[path] = 0;
            var task = TakeAsync(path, seen, slots, stoppingToken);
            running[task] = 0;
            _ = task.ContinueWith(t => running.TryRemove(t, out _), TaskScheduler.Default);
        }

        foreach (var gone in _sightings.Keys.Where(p => !present.Contains(p) && !_taking.ContainsKey(p)).ToList())
        {
            _sightings.TryRemove(gone, out _);
            _uploadFailures.TryRemove(gone, out _);
        }

        return wait;
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private async Task TakeAsync(string path, Sighting seen, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        await Task.Yield();
        var name = Path.GetFileName(path);
        try
        {
            var refusal = await TryUploadAsync(path, name, seen, stoppingToken);
            if (refusal is not null)
            {
                Fail(path, name, seen, refusal);
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            _logger.LogInformation("{File} left the dropbox before it could be taken", name);
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is not OperationCanceledException)
        {
            // Whatever went wrong with this one file, the watcher carries on with the others and tries it again.
            _logger.LogWarning(ex, "Could not take {File} from the dropbox; it will be tried again", name);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: the file stays in the dropbox and is taken on the next start.
        }
        finally
        {
            _taking.TryRemove(path, out _);
            slots.Release();
        }
    }

    /// <summary>Uploads the file and moves it to processed; null when done or to be tried later, else why it is refused.</summary>
    private async Task<Refusal?> TryUploadAsync(string path, string name, Sighting seen, CancellationToken stoppingToken)
    {
        FileStream content;
        try
        {
            // FileShare.None: on Windows a writer's open handle refuses us; on Linux and macOS .NET takes an
            // advisory flock, which a writer using .NET or flock holds too. The settle interval covers other writers.
            content = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, bufferSize: 64 * 1024, FileOptions.Asynchronous);
        }
        catch (UnauthorizedAccessException ex)
        {
            return new Refusal($"The file cannot be read by the account running `foi run` ({ex.Message}).", "Give that account read access and drop the file in again.");
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            return StillBusy(name, seen, $"it is still open in another program ({ex.Message})");
        }

        UploadResult upload;
        await using (content)
        {
            if (!DropboxFolders.IsAccepted(name))
            {
                var extension = Path.GetExtension(name) is { Length: > 0 } ext ? ext : "a file with no extension";
                return new Refusal(
                    $"{extension} is not a kind of letter the pipeline reads.",
                    $"Save the letter as one of {string.Join(", ", DropboxFolders.Accepted)} and drop that in instead.");
            }

            if (content.Length == 0)
            {
                return new Refusal("The file is empty (0 bytes).", "Scan or export the letter again and drop the new file in.");
            }

            var limit = _storage.Names.Intake.MaxBytes;
            if (content.Length > limit)
            {
                return new Refusal(
                    $"The file is {content.Length:N0} bytes, over the {limit:N0}-byte limit for one letter (FoiPipeline:Intake:MaxBytes).",
                    "Split it into the letters it holds, or raise FoiPipeline:Intake:MaxBytes if letters really are this large, and drop it in again.");
            }

            if (content.Length != seen.Length)
            {
                // Changed between the scan and the open: look at it afresh on the next scan.
                return null;
            }

            try
            {
                upload = await IntakeUploader.UploadAsync(_storage.Intake, path, content, receivedAt: null, stoppingToken);
            }
            catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or InvalidOperationException or AggregateException && !stoppingToken.IsCancellationRequested)
            {
                var failure = _uploadFailures.AddOrUpdate(
                    path,
                    _ => new UploadFailure(1, _clock.GetUtcNow() + RetryDelay(1)),
                    (_, previous) => new UploadFailure(previous.Count + 1, _clock.GetUtcNow() + RetryDelay(previous.Count + 1)));
                if (failure.Count < UploadAttempts)
                {
                    _logger.LogWarning("Could not put {File} into intake (attempt {Attempt} of {MaxAttempts}): {Error}", name, failure.Count, UploadAttempts, ex.Message);
                    Wake();
                    return null;
                }

                _uploadFailures.TryRemove(path, out _);
                return new Refusal(
                    $"It could not be put into the intake container after {UploadAttempts} tries; the last error was: {ex.Message}",
                    "Check that storage is reachable (the `foi run` log says more), then drop the file in again.");
            }
        }

        _uploadFailures.TryRemove(path, out _);
        _signals.Sent(LocalQueueSignals.Intake);
        try
        {
            var moved = MoveWithoutOverwriting(path, Path.Combine(_folder, DropboxFolders.Processed), name, reasonBeside: false);
            _logger.LogInformation("Took {File} from the dropbox as {Blob} ({DocId}{Already}); moved to {Moved}",
                name, upload.Blob, upload.DocId, upload.AlreadyThere ? ", already in intake" : string.Empty, Path.GetFileName(moved));
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            _logger.LogInformation("{File} left the dropbox after it was put into intake as {Blob}; the letter is in the pipeline", name, upload.Blob);
        }

        _sightings.TryRemove(path, out _);
        return null;
    }

    private static TimeSpan RetryDelay(int attempt) => TimeSpan.FromSeconds(5 * attempt);

    private Refusal? StillBusy(string name, Sighting seen, string why)
    {
        var busyFor = _clock.GetUtcNow() - seen.FirstSeen;
        if (busyFor < _options.DropboxGiveUpAfter)
        {
            _logger.LogDebug("{File} is not ready to take: {Why}", name, why);
            return null;
        }

        return new Refusal(
            $"The file could not be taken for {busyFor.TotalMinutes:0.#} minutes: {why}.",
            "Close the program that holds it (or let the scanner or export finish), then drop the file in again.");
    }

    private void Fail(string path, string name, Sighting seen, Refusal refusal)
    {
        var failed = Path.Combine(_folder, DropboxFolders.Failed);
        string moved;
        try
        {
            moved = MoveWithoutOverwriting(path, failed, name, reasonBeside: true);
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            // Still held open (on Windows a move fails then): leave it where it is rather than lose it.
            _logger.LogWarning("Cannot move {File} to {Failed} ({Error}); it stays in the dropbox. Reason: {Reason}", name, DropboxFolders.Failed, ex.Message, refusal.Reason);
            return;
        }

        var text = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"{name} was not taken into the FOI pipeline.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Why: {refusal.Reason}")
            .AppendLine(CultureInfo.InvariantCulture, $"What to do: {refusal.Hint}")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Dropped as: {path} ({seen.Length:N0} bytes)")
            .AppendLine(CultureInfo.InvariantCulture, $"Moved here: {_clock.GetUtcNow():yyyy-MM-dd HH:mm:ss} UTC by foi run (process {Environment.ProcessId})")
            .ToString();
        try
        {
            using var reason = new FileStream(moved + DropboxFolders.ReasonSuffix, FileMode.CreateNew, FileAccess.Write);
            reason.Write(Encoding.UTF8.GetBytes(text));
        }
        catch (IOException ex)
        {
            _logger.LogWarning("Moved {File} to {Failed} but could not write its reason ({Error}). Reason: {Reason}", name, DropboxFolders.Failed, ex.Message, refusal.Reason);
        }

        _sightings.TryRemove(path, out _);
        _logger.LogWarning("Refused {File} from the dropbox, moved to {Moved}: {Reason}", name, Path.GetFileName(moved), refusal.Reason);
    }

    /// <summary>
    /// Moves a file into <paramref name="folder"/> under its own name, or <c>NAME (2).ext</c>, <c>(3)</c>... when that
    /// name (or, for a failed file, its reason) is taken: nothing already there is ever overwritten.
    /// </summary>
    private static string MoveWithoutOverwriting(string path, string folder, string name, bool reasonBeside)
    {
        var stem = Path.GetFileNameWithoutExtension(name);
        var extension = Path.GetExtension(name);
        for (var n = 1; ; n++)
        {
            var target = Path.Combine(folder, n == 1 ? name : $"{stem} ({n}){extension}");
            if (File.Exists(target) || (reasonBeside && File.Exists(target + DropboxFolders.ReasonSuffix)))
            {
                continue;
            }

            try
            {
                File.Move(path, target, overwrite: false);
                return target;
            }
            catch (IOException) when (File.Exists(target) && File.Exists(path))
            {
                // Another file took this name between the check and the move; try the next.
            }
        }
    }
}
