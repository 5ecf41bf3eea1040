namespace FoiPipeline.Analysis.Duplicates;

/// <summary>
/// Decides which earlier requests a new one repeats or resembles: scores each candidate by estimated
/// similarity, keeps those at or above the threshold, and tells the same requester repeating
/// (<see cref="DuplicateKind.Repeat"/>) from different requesters sending the same text
/// (<see cref="DuplicateKind.RoundRobin"/>). Pure: candidates come from an <see cref="IDuplicateStore"/> or anywhere else.
/// </summary>
public sealed class DuplicateMatcher
{
    /// <summary>
    /// 0.6: a request re-sent with a new greeting, a moved year range, reordered or lightly reworded
    /// questions scores 0.73 to 0.96 in the tests' letters (bodies fingerprinted, 60 to 190 words), while
    /// different letters on the same topic score under 0.15 (the shared FOI boilerplate is what they have in
    /// common). The margin below 0.7 is for short letters, where each changed word weighs more. A match is a
    /// prompt for a reviewer, not a refusal, so the threshold leans towards finding repeats.
    /// </summary>
    public const double DefaultThreshold = 0.6;

    private static readonly string[] DefaultPerRequestEmailDomains = ["whatdotheyknow.com"];

    private readonly string[] _perRequestEmailDomains;

    /// <param name="threshold">The least similarity reported, in (0, 1].</param>
    /// <param name="perRequestEmailDomains">
    /// Domains that give every request its own reply address (WhatDoTheyKnow's <c>foi+request-…@whatdotheyknow.com</c>):
    /// such an address says nothing about who sent it, so the requester's name decides instead. Defaults to whatdotheyknow.com.
    /// </param>
    public DuplicateMatcher(double threshold = DefaultThreshold, IEnumerable<string>? perRequestEmailDomains = null)
    {
        if (!(threshold is > 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold is a similarity in (0, 1].");
        }

        Threshold = threshold;
        _perRequestEmailDomains = perRequestEmailDomains is null
            ? DefaultPerRequestEmailDomains
            : [.. perRequestEmailDomains.Select(d => d.Trim().TrimStart('@').ToLowerInvariant())];
    }

    public double Threshold { get; }

    /// <summary>
    /// The candidates at or above the threshold, most similar first (then most recent). The request itself
    /// (same id) and repeated candidates are skipped, so it is safe to call after the request was stored.
    /// </summary>
    public IReadOnlyList<DuplicateMatch> Match(FingerprintRecord request, IEnumerable<FingerprintRecord> candidates)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(candidates);

        var matches = new List<DuplicateMatch>();
        if (request.Signature.IsEmpty)
        {
            return matches;
        }

        var requester = Identify(request);
        var seen = new HashSet<string>(StringComparer.Ordinal) { request.RequestId };
        foreach (var candidate in candidates)
        {
            if (!seen.Add(candidate.RequestId))
            {
                continue;
            }

            var exact = request.Signature.IsSameText(candidate.Signature);
            var similarity = exact ? 1.0 : request.Signature.Similarity(candidate.Signature);
            if (similarity < Threshold)
            {
                continue;
            }

            matches.Add(new DuplicateMatch
            {
                RequestId = candidate.RequestId,
                Kind = requester.IsSamePersonAs(Identify(candidate)) ? DuplicateKind.Repeat : DuplicateKind.RoundRobin,
                Similarity = similarity,
                IsExactCopy = exact,
                ReceivedAt = candidate.ReceivedAt,
            });
        }

        matches.Sort(static (a, b) =>
        {
            var order = b.Similarity.CompareTo(a.Similarity);
            order = order != 0 ? order : b.ReceivedAt.CompareTo(a.ReceivedAt);
            return order != 0 ? order : string.CompareOrdinal(a.RequestId, b.RequestId);
        });
        return matches;
    }

    /// <summary>Looks the request's band keys up in the store and matches what comes back. Call before adding the request.</summary>
    public async Task<IReadOnlyList<DuplicateMatch>> FindAsync(
        IDuplicateStore store, FingerprintRecord request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        if (request.BandKeys.Count == 0)
        {
            return [];
        }

        var candidates = await store.CandidatesAsync(request.BandKeys, cancellationToken);
        return Match(request, candidates);
    }

    private RequesterIdentity Identify(FingerprintRecord record)
        => new(RequesterIdentity.NormaliseEmail(record.RequesterEmail, _perRequestEmailDomains),
            RequesterIdentity.NormaliseName(record.RequesterName));
}
