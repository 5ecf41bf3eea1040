namespace FoiPipeline.TestFixtures.Fuzzing;

/// <summary>The family of a seed file, which decides the format-aware mutations it can receive.</summary>
public enum FuzzFormat
{
    Email,
    Pdf,
    Image,

    /// <summary>Plain text, HTML and Word: only the generic byte-level mutations.</summary>
    Other,
}

/// <summary>A well-formed file the mutator starts from.</summary>
#pragma warning disable CA1819 // File bytes, handed straight to the code under test.
public sealed record FuzzSeed(string Name, FuzzFormat Format, byte[] Content);

/// <summary>
/// One mutated file: its position in the run (with the run's seed, all that is needed to make it again),
/// the seed file it came from and the mutations applied, in order.
/// </summary>
public sealed record FuzzInput(int Index, FuzzSeed Seed, IReadOnlyList<string> Mutations, byte[] Content)
{
    /// <summary>"email/forwarded: truncate, bogus-charset": enough to tell what a failing input is.</summary>
    public string Describe() => $"{Seed.Format.ToString().ToLowerInvariant()}/{Seed.Name}: {string.Join(", ", Mutations)}";
}
#pragma warning restore CA1819
