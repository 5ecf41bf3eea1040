namespace FoiPipeline.Correspondence;

/// <summary>How a reply was matched to the request it answers.</summary>
public enum ReplyMatch
{
    /// <summary>Its In-Reply-To names the Message-ID of the request's letter (or of an earlier linked reply).</summary>
    InReplyTo,

    /// <summary>Its References (the thread) names it.</summary>
    References,

    /// <summary>Its subject carries the request's reference ("RE: WEB-58120 ...").</summary>
    SubjectReference,
}

/// <summary>
/// A requester's reply attached to an existing request rather than queued as a new one, written to
/// <c>correspondence/replies/{requestId}/{key}.json</c>. The reply's letter stays where every letter is (its
/// intake blob and <see cref="TextBlob"/>); this record is what a reviewer sees on the request.
/// </summary>
public sealed record ReplyLink
{
    /// <summary>The reply's own docId.</summary>
    public required string DocId { get; init; }

    /// <summary>The request it answers.</summary>
    public required string RequestId { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public string? Subject { get; init; }

    public string? MessageId { get; init; }

    public required ReplyMatch MatchedBy { get; init; }

    /// <summary>The Message-ID or reference that matched.</summary>
    public required string MatchedOn { get; init; }

    /// <summary>The reply's words without the quoted history below them (the full text is in <see cref="TextBlob"/>).</summary>
    public required string Text { get; init; }

    /// <summary>Where the reply's full extracted text is: <c>{container}/{docId}.json</c>.</summary>
    public required string TextBlob { get; init; }

    public required string SourceBlob { get; init; }

    public required DateTimeOffset LinkedAt { get; init; }
}

/// <summary>
/// A thread key (a letter's Message-ID, or a request's reference) pointing at the request it belongs to, with the
/// addresses allowed to continue the thread: <c>correspondence/threads/{kind}/{hash}/{requestId}.json</c>.
/// </summary>
public sealed record ThreadKey
{
    public required string RequestId { get; init; }

    /// <summary>The requester's addresses (the letter's sender and the address the letter gives), lower-case.</summary>
    public required IReadOnlyList<string> Addresses { get; init; }

    public required DateTimeOffset RegisteredAt { get; init; }
}
