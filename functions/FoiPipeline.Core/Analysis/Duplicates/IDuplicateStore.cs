namespace FoiPipeline.Analysis.Duplicates;

/// <summary>
/// Where request fingerprints are kept so later requests can be matched against them: an inverted index
/// from band key to request. Small on purpose, so an in-memory map, a SQLite table and an Azure AI Search
/// collection field can all implement it.
/// </summary>
public interface IDuplicateStore
{
    /// <summary>Stores the record, replacing any earlier one with the same request id (so a retried stage is harmless).</summary>
    Task AddAsync(FingerprintRecord record, CancellationToken cancellationToken = default);

    /// <summary>
    /// Every stored record sharing at least one of the keys, each once, in no particular order. May include
    /// false candidates: <see cref="DuplicateMatcher"/> scores them and drops those below its threshold.
    /// </summary>
    Task<IReadOnlyList<FingerprintRecord>> CandidatesAsync(IReadOnlyCollection<BandKey> bandKeys, CancellationToken cancellationToken = default);
}
