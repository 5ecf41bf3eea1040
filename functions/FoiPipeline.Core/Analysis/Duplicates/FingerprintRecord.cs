namespace FoiPipeline.Analysis.Duplicates;

/// <summary>
/// What a duplicate store keeps for one request: who sent it and when, its signature for scoring, and its
/// band keys for finding it. Holds requester details (personal data) because s14(2) turns on whether the
/// same person asked again; never log them.
/// </summary>
public sealed record FingerprintRecord
{
    public required string RequestId { get; init; }

    public string? RequesterEmail { get; init; }

    public string? RequesterName { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required MinHashSignature Signature { get; init; }

    /// <summary>The signature's keys under the banding the store was built with; what the store indexes.</summary>
    public required IReadOnlyList<BandKey> BandKeys { get; init; }

    /// <summary>
    /// A record for a request's signature (from <see cref="MinHasher.ComputeForRequest"/>, or read back from an
    /// index) with its band keys under <paramref name="banding"/> (<see cref="LshBanding.Default"/> unless given).
    /// </summary>
    public static FingerprintRecord Create(
        string requestId,
        MinHashSignature signature,
        string? requesterEmail,
        string? requesterName,
        DateTimeOffset receivedAt,
        LshBanding? banding = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(requestId);
        ArgumentNullException.ThrowIfNull(signature);
        return new FingerprintRecord
        {
            RequestId = requestId,
            RequesterEmail = requesterEmail,
            RequesterName = requesterName,
            ReceivedAt = receivedAt,
            Signature = signature,
            BandKeys = (banding ?? LshBanding.Default).Keys(signature),
        };
    }
}
