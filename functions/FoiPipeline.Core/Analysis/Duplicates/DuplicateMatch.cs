namespace FoiPipeline.Analysis.Duplicates;

/// <summary>Why an earlier request with the same wording matters: the two cases the FOI rules handle differently.</summary>
public enum DuplicateKind
{
    /// <summary>
    /// The same requester again with substantially the same request: a FOIA s14(2) candidate if the earlier
    /// one was answered and no reasonable interval has passed (a reviewer decides; there is no public interest test).
    /// </summary>
    Repeat,

    /// <summary>
    /// Different requesters with the same wording: a round-robin or campaign request, to be answered
    /// consistently with the earlier one. On sensitive themes it raises sensitivity, because the same answers
    /// from many forces can be pieced together (mosaic harm). Not s14 by itself.
    /// </summary>
    RoundRobin,
}

/// <summary>An earlier request that the new one repeats or resembles, with the estimated similarity of their wording.</summary>
public sealed record DuplicateMatch
{
    public required string RequestId { get; init; }

    public required DuplicateKind Kind { get; init; }

    /// <summary>Estimated Jaccard similarity of the two texts' word shingles, 0 to 1; exactly 1 for an exact copy.</summary>
    public required double Similarity { get; init; }

    /// <summary>Both texts have the same words in the same order (case, spacing and punctuation aside).</summary>
    public required bool IsExactCopy { get; init; }

    /// <summary>When the earlier request arrived: s14(2) depends on whether a reasonable interval has passed.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>The kind as the request contract spells it ("repeat", "round-robin"), for <c>DuplicateLink.Kind</c>.</summary>
    public string KindName => Kind switch
    {
        DuplicateKind.Repeat => "repeat",
        DuplicateKind.RoundRobin => "round-robin",
        _ => throw new InvalidOperationException($"Unknown duplicate kind {Kind}."),
    };
}
