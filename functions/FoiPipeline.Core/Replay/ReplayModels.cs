namespace FoiPipeline.Replay;

/// <summary>Where something that failed is waiting.</summary>
public enum ReplayKind
{
    /// <summary>A stage message in <c>{queue}-poison</c>, with its last error.</summary>
    Poison,

    /// <summary>A letter in the quarantine container, beside its <c>.reason.json</c>.</summary>
    Quarantine,

    /// <summary>
    /// An entry the Functions host put in <c>webjobs-blobtrigger-poison</c> after the intake function failed
    /// <c>maxDequeueCount</c> times on a letter; the letter itself is still in intake, not marked ingested.
    /// </summary>
    BlobPoison,
}

/// <summary>What happened, or would happen, to one item.</summary>
public enum ReplayOutcome
{
    /// <summary>Listed (or a dry run): it would be replayed.</summary>
    Waiting,

    /// <summary>Sent back to its work queue, or copied back into intake, or ingested again.</summary>
    Replayed,

    /// <summary>Already gone, or being replayed by someone else at the same moment: nothing to do.</summary>
    Skipped,

    /// <summary>Replaying cannot help (a message that is not a stage message, a letter without its reason); left where it is.</summary>
    NotReplayable,

    /// <summary>The replay itself failed; the item is left where it was. <see cref="ReplayItem.Detail"/> says why.</summary>
    Failed,
}

/// <summary>Which waiting items to look at or replay. Empty sets mean all.</summary>
public sealed record ReplayFilter
{
    /// <summary>At most this many items are replayed (or listed) in one run, so a large backlog is never replayed by accident.</summary>
    public const int DefaultMax = 100;

    /// <summary>The most one run takes on.</summary>
    public const int MostMax = 1000;

    public IReadOnlySet<ReplayKind> Kinds { get; init; } = new HashSet<ReplayKind>();

    /// <summary>Work queues whose poison messages are wanted (names as configured, e.g. <c>analyze</c>).</summary>
    public IReadOnlySet<string> Queues { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Poison message ids and quarantined blob names.</summary>
    public IReadOnlySet<string> Items { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Only list what would be replayed; change nothing.</summary>
    public bool DryRun { get; init; }

    public int Max { get; init; } = DefaultMax;

    public bool Wants(ReplayKind kind) => Kinds.Count == 0 || Kinds.Contains(kind);

    public bool WantsQueue(string queue) => Queues.Count == 0 || Queues.Contains(queue);

    public bool WantsItem(string id) => Items.Count == 0 || Items.Contains(id);
}

/// <summary>
/// One poison message or quarantined letter: where it waits, why it failed, and what the replay did with it.
/// No letter text and no requester details: only names, ids and the error.
/// </summary>
public sealed record ReplayItem
{
    public required ReplayKind Kind { get; init; }

    /// <summary>
    /// The poison message's id, or the quarantined blob's name: what <see cref="ReplayFilter.Items"/> selects by. The poison
    /// queue's name when a message in it cannot be decoded at all.
    /// </summary>
    public required string Id { get; init; }

    /// <summary>The work queue a poison message goes back to; null for quarantined letters.</summary>
    public string? Queue { get; init; }

    /// <summary>The document, when the message or the quarantine reason names it.</summary>
    public string? DocId { get; init; }

    /// <summary>The intake name of the letter (quarantined or blob-trigger poison), as it arrived.</summary>
    public string? Blob { get; init; }

    /// <summary>A quarantine code (<c>corrupt</c>, <c>too-large</c>, ...), or the error type of a poison message.</summary>
    public string? Code { get; init; }

    /// <summary>The last error, or the quarantine reason.</summary>
    public string? Error { get; init; }

    /// <summary>What to do about it (quarantine only).</summary>
    public string? Hint { get; init; }

    /// <summary>When it failed or was quarantined.</summary>
    public DateTimeOffset? FailedAt { get; init; }

    /// <summary>How many deliveries the message had before it was poisoned.</summary>
    public long? DequeueCount { get; init; }

    public required ReplayOutcome Outcome { get; init; }

    /// <summary>A sentence on the outcome: where it went, or why it was not replayed.</summary>
    public string? Detail { get; init; }
}

/// <summary>The answer of a listing or a replay.</summary>
public sealed record ReplayReport
{
    public required bool DryRun { get; init; }

    public required IReadOnlyList<ReplayItem> Items { get; init; }

    /// <summary>True when more items are waiting than this run looked at (the max, or the first 32 of a poison queue when listing).</summary>
    public bool More { get; init; }

    /// <summary>Ids asked for that were not found waiting (already replayed, or never there).</summary>
    public IReadOnlyList<string> NotFound { get; init; } = [];

    public int Count(ReplayOutcome outcome) => Items.Count(i => i.Outcome == outcome);
}
