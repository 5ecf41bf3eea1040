namespace FoiPipeline.Analysis.Duplicates;

/// <summary>
/// Finds the requests a newly read letter repeats or resembles, and records the letter so later ones find it:
/// the step between <see cref="LetterAnalyzer.Read"/> and <see cref="LetterAnalyzer.Conclude"/>, the same for the
/// analyze stage (a durable store) and <c>foi analyze</c> (a store for one batch).
/// </summary>
public sealed class DuplicateFinder
{
    private readonly IDuplicateStore _store;
    private readonly DuplicateMatcher _matcher;

    public DuplicateFinder(IDuplicateStore store, DuplicateMatcher matcher)
    {
        _store = store;
        _matcher = matcher;
    }

    /// <summary>The fingerprint of a read letter: its request text, who sent it and when.</summary>
    public static FingerprintRecord Fingerprint(string requestId, LetterReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var analysis = reading.Analysis;
        return FingerprintRecord.Create(
            requestId,
            MinHasher.ComputeForRequest(reading.Text, reading.RequestSpans),
            analysis.Requester.Email,
            analysis.Requester.Name,
            analysis.ReceivedAt);
    }

    /// <summary>
    /// Stores the letter's fingerprint under <paramref name="requestId"/> (replacing an earlier one, so re-analysis
    /// is harmless), then returns the other stored requests it matches, most similar first.
    /// </summary>
    /// <remarks>
    /// Storing first and looking up second means two copies analysed at the same moment, by two workers or two
    /// instances, cannot both miss each other: whichever looks last finds the other. The matcher skips the
    /// request's own id, so it never matches itself.
    /// </remarks>
    public async Task<IReadOnlyList<DuplicateLink>> RecordAndFindAsync(string requestId, LetterReading reading, CancellationToken cancellationToken)
    {
        var fingerprint = Fingerprint(requestId, reading);
        await _store.AddAsync(fingerprint, cancellationToken);
        var matches = await _matcher.FindAsync(_store, fingerprint, cancellationToken);
        return [.. matches.Select(ToLink)];
    }

    public static DuplicateLink ToLink(DuplicateMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        return new DuplicateLink(match.RequestId, match.KindName, match.Similarity)
        {
            ExactCopy = match.IsExactCopy,
            ReceivedAt = match.ReceivedAt,
        };
    }
}
