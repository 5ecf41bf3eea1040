namespace FoiPipeline.Local.Hosting;

/// <summary>
/// Timings of the local host that have no host.json equivalent; configuration section
/// <c>FoiPipeline:LocalHost</c> (for example <c>FoiPipeline__LocalHost__MessageLease=00:00:10</c>) overrides them.
/// </summary>
public sealed record LocalHostOptions
{
    public const string SectionName = "FoiPipeline:LocalHost";

    /// <summary>How often the intake container is scanned for new letters (Azurite sends no Event Grid events).</summary>
    public TimeSpan IntakeScanInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a received message stays invisible; renewed at a third of this while a stage works on it.</summary>
    public TimeSpan MessageLease { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The first wait after an empty poll; doubles up to host.json's maxPollingInterval.</summary>
    public TimeSpan MinPollingInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Letters ingested at once.</summary>
    public int IngestConcurrency { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>
    /// A folder to watch for letters (<c>foi run --dropbox DIR</c> sets it); null for none. Created at start-up
    /// if missing, with its <c>processed</c> and <c>failed</c> folders. A relative path is taken from the current directory.
    /// </summary>
    public string? Dropbox { get; init; }

    /// <summary>How long a dropped file's size and last-write time must stay unchanged before it is taken.</summary>
    public TimeSpan DropboxSettleInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the dropbox is scanned besides the file-system events, which are dropped under bursts and on network shares.</summary>
    public TimeSpan DropboxScanInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a file may stay open in another program before it is moved to <c>failed</c> (one that keeps changing is only reported: moving it would carry the writer along).</summary>
    public TimeSpan DropboxGiveUpAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the deadline sweep runs: every 15 minutes, as the Functions app's default schedule.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How long after start the first sweep runs.</summary>
    public TimeSpan SweepFirstDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Every problem with these values, as sentences naming the setting; empty when all is well.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (IntakeScanInterval <= TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:IntakeScanInterval must be more than zero (got {IntakeScanInterval}).");
        }

        if (MessageLease < TimeSpan.FromSeconds(1) || MessageLease > TimeSpan.FromDays(7))
        {
            problems.Add($"{SectionName}:MessageLease must be from 1 second to 7 days, the range a queue message's visibility can take (got {MessageLease}).");
        }

        if (MinPollingInterval <= TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:MinPollingInterval must be more than zero (got {MinPollingInterval}).");
        }

        if (IngestConcurrency < 1)
        {
            problems.Add($"{SectionName}:IngestConcurrency must be 1 or more (got {IngestConcurrency}).");
        }

        problems.AddRange(DropboxProblems());

        if (SweepInterval < TimeSpan.FromSeconds(1))
        {
            problems.Add($"{SectionName}:SweepInterval must be at least 1 second (got {SweepInterval}).");
        }

        if (SweepFirstDelay < TimeSpan.Zero)
        {
            problems.Add($"{SectionName}:SweepFirstDelay must not be negative (got {SweepFirstDelay}).");
        }

        return problems;
    }

    /// <summary>
    /// The dropbox settings' problems. Checking that the folder exists or can be created creates it (and its
    /// <c>processed</c> and <c>failed</c> folders): that is the only reliable test on a share, and the watcher needs them anyway.
    /// </summary>
    private IEnumerable<string> DropboxProblems()
    {
        if (Dropbox is null)
        {
            yield break;
        }

        if (DropboxSettleInterval <= TimeSpan.Zero)
        {
            yield return $"{SectionName}:DropboxSettleInterval must be more than zero (got {DropboxSettleInterval}).";
        }

        if (DropboxScanInterval <= TimeSpan.Zero)
        {
            yield return $"{SectionName}:DropboxScanInterval must be more than zero (got {DropboxScanInterval}).";
        }

        if (DropboxGiveUpAfter < DropboxSettleInterval)
        {
            yield return $"{SectionName}:DropboxGiveUpAfter must be at least DropboxSettleInterval (got {DropboxGiveUpAfter} and {DropboxSettleInterval}).";
        }

        if (string.IsNullOrWhiteSpace(Dropbox))
        {
            yield return $"{SectionName}:Dropbox (or --dropbox) is empty; give the folder to watch, or leave it out.";
            yield break;
        }

        var folder = Path.GetFullPath(Dropbox);
        string? problem = null;
        if (File.Exists(folder))
        {
            problem = $"{SectionName}:Dropbox (or --dropbox) is {folder}, which is a file, not a folder.";
        }
        else
        {
            var existed = Directory.Exists(folder);
            try
            {
                Directory.CreateDirectory(Path.Combine(folder, DropboxFolders.Processed));
                Directory.CreateDirectory(Path.Combine(folder, DropboxFolders.Failed));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                problem = existed
                    ? $"{SectionName}:Dropbox (or --dropbox) is {folder}, but its {DropboxFolders.Processed} and {DropboxFolders.Failed} folders cannot be created there ({ex.Message}). Give this account write access to the folder."
                    : $"{SectionName}:Dropbox (or --dropbox) is {folder}, which does not exist and cannot be created ({ex.Message}). Create it, or give another folder.";
            }
        }

        if (problem is not null)
        {
            yield return problem;
        }
    }
}
