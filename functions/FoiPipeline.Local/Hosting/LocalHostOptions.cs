namespace FoiPipeline.Local.Hosting;

/// <summary>Timings of the local host that have no host.json equivalent.</summary>
public sealed record LocalHostOptions
{
    /// <summary>How often the intake container is scanned for new letters (Azurite sends no Event Grid events).</summary>
    public TimeSpan IntakeScanInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long a received message stays invisible; renewed at a third of this while a stage works on it.</summary>
    public TimeSpan MessageLease { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The first wait after an empty poll; doubles up to host.json's maxPollingInterval.</summary>
    public TimeSpan MinPollingInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Letters ingested at once.</summary>
    public int IngestConcurrency { get; init; } = Math.Max(2, Environment.ProcessorCount);
}
