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
}
