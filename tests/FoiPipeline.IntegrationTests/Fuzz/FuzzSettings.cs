using System.Globalization;

namespace FoiPipeline.IntegrationTests.Fuzz;

/// <summary>
/// What a fuzz run does, from environment variables so <c>scripts/fuzz.sh</c> runs the same test longer:
/// <c>FOI_FUZZ_SEED</c>, <c>FOI_FUZZ_COUNT</c>, <c>FOI_FUZZ_ONLY</c> (one input, to reproduce a failure),
/// <c>FOI_FUZZ_MAX_SECONDS</c> (the per-letter time limit given to ingest), <c>FOI_FUZZ_MAX_MEMORY_MB</c> and
/// <c>FOI_FUZZ_BUDGET_SECONDS</c> (0 for none). The defaults are the CI run: a fixed seed, up to a few thousand
/// inputs taken in order, and a time budget, so a slow or shared machine covers fewer inputs rather than
/// holding CI; <see cref="MinInputs"/> keeps that from becoming a run that checks next to nothing.
/// </summary>
public sealed record FuzzSettings
{
    public const int CiSeed = 20261122;

    public const int CiCount = 3000;

    public const int CiBudgetSeconds = 150;

    public int Seed { get; init; } = CiSeed;

    public int Count { get; init; } = CiCount;

    /// <summary>Run only this input of the run (its index), to reproduce one failure.</summary>
    public int? Only { get; init; }

    /// <summary>FoiPipeline:Intake:MaxSeconds for the run; no letter may hold ingest longer.</summary>
    public int MaxSecondsPerLetter { get; init; } = 20;

    /// <summary>The process's peak working set must stay under this (test host, Tesseract and all).</summary>
    public long MaxMemoryBytes { get; init; } = 3072L * 1024 * 1024;

    /// <summary>No input is started after this much of the run; null for no budget (every input is run).</summary>
    public TimeSpan? Budget { get; init; } = TimeSpan.FromSeconds(CiBudgetSeconds);

    /// <summary>The fewest inputs a run with a budget must get through (or all of them, if fewer).</summary>
    public int MinInputs { get; init; } = 500;

    public IEnumerable<int> Indexes => Only is { } one ? [one] : Enumerable.Range(0, Count);

    public static FuzzSettings FromEnvironment()
    {
        var defaults = new FuzzSettings();
        return new FuzzSettings
        {
            Seed = Read("FOI_FUZZ_SEED") ?? defaults.Seed,
            Count = Read("FOI_FUZZ_COUNT") ?? defaults.Count,
            Only = Read("FOI_FUZZ_ONLY"),
            MaxSecondsPerLetter = Read("FOI_FUZZ_MAX_SECONDS") ?? defaults.MaxSecondsPerLetter,
            MaxMemoryBytes = Read("FOI_FUZZ_MAX_MEMORY_MB") is { } megabytes ? megabytes * 1024L * 1024 : defaults.MaxMemoryBytes,
            Budget = Read("FOI_FUZZ_BUDGET_SECONDS") switch
            {
                null => defaults.Budget,
                0 => null,
                var seconds => TimeSpan.FromSeconds(seconds.Value),
            },
        };
    }

    private static int? Read(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= 0
            ? number
            : throw new InvalidOperationException($"{name} = '{value}' is not a whole number of zero or more.");
    }
}
