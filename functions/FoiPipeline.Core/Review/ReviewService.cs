using System.Text.Json;
using System.Text.Json.Nodes;
using FoiPipeline.Analysis;
using FoiPipeline.Analysis.Themes;
using FoiPipeline.Pipeline;
using FoiPipeline.Triage;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.Review;

/// <summary>
/// What reviewers do to requests: search, open, claim, release, correct the split and tags, move the
/// status along the <see cref="ReviewWorkflow"/>, and add notes. Every change is a conditional write to
/// the <see cref="IReviewStore"/> with its audit entry, then a copy to the triage index. Restricted
/// requests do not exist for a reviewer without clearance: every action answers NotFound for them.
/// </summary>
public sealed class ReviewService
{
    /// <summary>The version of a request no reviewer has acted on yet (nothing stored).</summary>
    public const string Unreviewed = "0";

    public const int MaxQuestions = 200;
    public const int MaxQuestionLength = 4000;
    public const int MaxLabelLength = 20;
    public const int MaxNoteLength = 4000;
    public const int MaxDecisionLength = 2000;

    // Each attempt re-reads and re-decides; only a burst of writers to one request needs more than one.
    private const int MaxAttempts = 20;

    private readonly ITriageIndex _index;
    private readonly IReviewStore _store;
    private readonly ThemeTaxonomy _taxonomy;
    private readonly TimeProvider _clock;
    private readonly ILogger<ReviewService> _logger;

    public ReviewService(ITriageIndex index, IReviewStore store, ThemeTaxonomy taxonomy, TimeProvider clock, ILogger<ReviewService> logger)
    {
        _index = index;
        _store = store;
        _taxonomy = taxonomy;
        _clock = clock;
        _logger = logger;
    }

    public ThemeTaxonomy Taxonomy => _taxonomy;

    /// <summary>A page of the queue as this reviewer may see it: restricted requests only for the cleared.</summary>
    public Task<TriagePage> SearchAsync(Reviewer reviewer, TriageQuery query, CancellationToken cancellationToken)
        => _index.SearchAsync(query with { IncludeRestricted = reviewer.IsCleared }, cancellationToken);

    public async Task<ReviewOutcome<RequestView>> GetAsync(Reviewer reviewer, string id, CancellationToken cancellationToken)
    {
        if (await VisibleEntryAsync(reviewer, id, cancellationToken) is not { } entry)
        {
            return NotFound(id);
        }

        if (!reviewer.IsCleared && entry.Duplicates.Count > 0)
        {
            // A link to a restricted request would tell an uncleared reviewer that it exists.
            var visible = new List<DuplicateLink>();
            foreach (var link in entry.Duplicates)
            {
                if (await VisibleEntryAsync(reviewer, link.DocId, cancellationToken) is not null)
                {
                    visible.Add(link);
                }
            }

            entry = entry with { Duplicates = visible };
        }

        var stored = await _store.GetAsync(id, cancellationToken);
        return ReviewOutcome.Ok(new RequestView(entry, stored?.State ?? new ReviewState(), stored?.Version ?? Unreviewed));
    }

    public async Task<ReviewOutcome<IReadOnlyList<AuditEntry>>> AuditAsync(Reviewer reviewer, string id, CancellationToken cancellationToken)
    {
        if (await VisibleEntryAsync(reviewer, id, cancellationToken) is null)
        {
            return NotFound(id);
        }

        return ReviewOutcome.Ok(await _store.ReadAuditAsync(id, cancellationToken));
    }

    /// <summary>Corrections reviewers made to the analyzer, for improving it: admins only.</summary>
    public async Task<ReviewOutcome<IReadOnlyList<CorrectionRecord>>> CorrectionsAsync(Reviewer reviewer, DateTimeOffset since, int take, CancellationToken cancellationToken)
    {
        if (!reviewer.IsAdmin)
        {
            return new ReviewError(ReviewErrorKind.Forbidden, "Admins only", "Only an admin may export the corrections reviewers made.");
        }

        var corrections = await _store.ReadCorrectionsAsync(since, take, cancellationToken);
        if (!reviewer.IsCleared)
        {
            // The export names requests; an admin without clearance must not learn which restricted ones exist.
            var visible = new List<CorrectionRecord>();
            foreach (var correction in corrections)
            {
                if (await VisibleEntryAsync(reviewer, correction.RequestId, cancellationToken) is not null)
                {
                    visible.Add(correction);
                }
            }

            corrections = visible;
        }

        return ReviewOutcome.Ok(corrections);
    }

    /// <summary>Takes the request for this reviewer. A new request moves to in-review. Claiming one's own claim again changes nothing.</summary>
    public Task<ReviewOutcome<RequestView>> ClaimAsync(Reviewer reviewer, string id, string? ifMatch, CancellationToken cancellationToken)
        => ChangeAsync(reviewer, id, ifMatch, ReviewActions.Claim, (entry, state, now) =>
        {
            if (state.Assignee is { } holder)
            {
                return holder.Id == reviewer.Id ? Decision.NoChange : HeldBy(holder, state);
            }

            if (ReviewWorkflow.IsFinished(state.Status))
            {
                return Decision.Refuse(new ReviewError(ReviewErrorKind.Conflict, "The request is finished",
                    $"The request is {Name(state.Status)}; an admin can reopen it to in-review before anyone claims it."));
            }

            return Decision.Apply(state with
            {
                Assignee = reviewer.Ref,
                ClaimedAt = now,
                Status = state.Status == RequestStatus.New ? RequestStatus.InReview : state.Status,
            });
        }, cancellationToken);

    /// <summary>Gives the request back. Only its holder, or an admin, may release it.</summary>
    public Task<ReviewOutcome<RequestView>> ReleaseAsync(Reviewer reviewer, string id, string? ifMatch, CancellationToken cancellationToken)
        => ChangeAsync(reviewer, id, ifMatch, ReviewActions.Release, (entry, state, now) =>
        {
            if (state.Assignee is not { } holder)
            {
                return Decision.Refuse(new ReviewError(ReviewErrorKind.Conflict, "Not claimed", "Nobody holds this request, so there is nothing to release."));
            }

            if (holder.Id != reviewer.Id && !reviewer.IsAdmin)
            {
                return HeldBy(holder, state);
            }

            return Decision.Apply(state with { Assignee = null, ClaimedAt = null });
        }, cancellationToken);

    /// <summary>Replaces the analyzer's question split with the reviewer's (merged, split or relabelled questions), kept as a correction.</summary>
    public Task<ReviewOutcome<RequestView>> EditQuestionsAsync(Reviewer reviewer, string id, IReadOnlyList<QuestionEdit> questions, string? ifMatch, CancellationToken cancellationToken)
    {
        if (ValidateQuestions(questions) is { } invalid)
        {
            return Task.FromResult<ReviewOutcome<RequestView>>(invalid);
        }

        return ChangeAsync(reviewer, id, ifMatch, ReviewActions.EditQuestions, (entry, state, now) =>
        {
            if (MustHold(reviewer, state) is { } refused)
            {
                return refused;
            }

            var edited = questions.Select(q => ToQuestion(q, entry.Text)).ToList();
            var correction = Correction(reviewer, entry, now, "questions", entry.Questions, edited);
            return Decision.Apply(Restrict(state with { EditedQuestions = edited }), correction);
        }, cancellationToken);
    }

    /// <summary>
    /// Replaces the request's theme tags with the reviewer's, kept as a correction. A restricted theme among them
    /// restricts the request, so a reviewer without clearance who tags one no longer sees it afterwards.
    /// </summary>
    public Task<ReviewOutcome<RequestView>> EditThemesAsync(Reviewer reviewer, string id, IReadOnlyList<string> themes, string? ifMatch, CancellationToken cancellationToken)
    {
        if (ValidateThemes(themes, "themes") is { } invalid)
        {
            return Task.FromResult<ReviewOutcome<RequestView>>(invalid);
        }

        var distinct = themes.Distinct(StringComparer.Ordinal).ToList();
        return ChangeAsync(reviewer, id, ifMatch, ReviewActions.EditThemes, (entry, state, now) =>
        {
            if (MustHold(reviewer, state) is { } refused)
            {
                return refused;
            }

            var correction = Correction(reviewer, entry, now, "themes", entry.Themes.Select(t => t.Id).ToList(), distinct);
            return Decision.Apply(Restrict(state with { EditedThemes = distinct }), correction);
        }, cancellationToken);
    }

    /// <summary>Moves the request along the workflow. The holder does this; an admin may also reopen a finished request.</summary>
    public async Task<ReviewOutcome<RequestView>> SetStatusAsync(Reviewer reviewer, string id, StatusChange change, string? ifMatch, CancellationToken cancellationToken)
    {
        var decision = change.Decision?.Trim();
        if (decision is { Length: > MaxDecisionLength })
        {
            return Invalid($"The decision is {decision.Length} characters; at most {MaxDecisionLength} are allowed.");
        }

        if (ReviewWorkflow.NeedsDecision(change.Status) && string.IsNullOrEmpty(decision))
        {
            return Invalid($"Moving a request to {Name(change.Status)} needs a reason: give it in \"decision\".");
        }

        if (change.Status == RequestStatus.Duplicate)
        {
            if (change.DuplicateOf is null)
            {
                return Invalid("Marking a request as a duplicate needs the id of the request it repeats, in \"duplicateOf\".");
            }

            if (change.DuplicateOf == id)
            {
                return Invalid("A request cannot be a duplicate of itself.");
            }

            if (await VisibleEntryAsync(reviewer, change.DuplicateOf, cancellationToken) is null)
            {
                return Invalid($"\"duplicateOf\": there is no request with id {change.DuplicateOf}.");
            }
        }
        else if (change.DuplicateOf is not null)
        {
            return Invalid("\"duplicateOf\" is only for moving a request to duplicate.");
        }

        return await ChangeAsync(reviewer, id, ifMatch, ReviewActions.SetStatus, (entry, state, now) =>
        {
            var reopening = reviewer.IsAdmin && ReviewWorkflow.IsFinished(state.Status);
            if (!reopening && MustHold(reviewer, state) is { } refused)
            {
                return refused;
            }

            if (state.Status == change.Status)
            {
                return Decision.Refuse(new ReviewError(ReviewErrorKind.Conflict, "Already there", $"The request is already {Name(state.Status)}."));
            }

            if (!ReviewWorkflow.IsAllowed(state.Status, change.Status, reviewer.IsAdmin))
            {
                var allowed = ReviewWorkflow.AllowedFrom(state.Status, reviewer.IsAdmin);
                var next = allowed.Count == 0
                    ? "it is finished, and only an admin can reopen it"
                    : "from there it can move to " + string.Join(", ", allowed.Select(Name));
                return Decision.Refuse(new ReviewError(ReviewErrorKind.Conflict, "Transition not allowed",
                    $"A request that is {Name(state.Status)} cannot move to {Name(change.Status)}: {next}.") { Allowed = allowed });
            }

            return Decision.Apply(state with
            {
                Status = change.Status,
                Decision = decision ?? state.Decision,
                DuplicateOf = change.Status == RequestStatus.Duplicate ? change.DuplicateOf : state.DuplicateOf,
            });
        }, cancellationToken);
    }

    /// <summary>Adds a note. Anyone who can see the request may; notes are never edited.</summary>
    public Task<ReviewOutcome<RequestView>> AddNoteAsync(Reviewer reviewer, string id, string text, CancellationToken cancellationToken)
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return Task.FromResult<ReviewOutcome<RequestView>>(Invalid("A note needs some text."));
        }

        if (trimmed.Length > MaxNoteLength)
        {
            return Task.FromResult<ReviewOutcome<RequestView>>(Invalid($"The note is {trimmed.Length} characters; at most {MaxNoteLength} are allowed."));
        }

        return ChangeAsync(reviewer, id, ifMatch: null, ReviewActions.AddNote, (entry, state, now) =>
            Decision.Apply(state with { Notes = [.. state.Notes, new ReviewNote(Guid.NewGuid().ToString("n"), reviewer.Ref, now, trimmed)] }),
            cancellationToken);
    }

    /// <summary>
    /// Puts the stored review state into the index again (after a failed index update, or after re-indexing
    /// into an empty index). Does nothing for a request no reviewer has acted on.
    /// </summary>
    public async Task<bool> SyncIndexAsync(string id, CancellationToken cancellationToken)
    {
        if (await _store.GetAsync(id, cancellationToken) is not { } stored)
        {
            return false;
        }

        return await _index.SetReviewerFieldsAsync(id, stored.State.ToIndexFields(), cancellationToken);
    }

    private async Task<ReviewOutcome<RequestView>> ChangeAsync(
        Reviewer reviewer, string id, string? ifMatch, string action, Func<TriageEntry, ReviewState, DateTimeOffset, Decision> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await VisibleEntryAsync(reviewer, id, cancellationToken) is not { } entry)
            {
                return NotFound(id);
            }

            var stored = await _store.GetAsync(id, cancellationToken);
            var state = stored?.State ?? new ReviewState();
            var version = stored?.Version ?? Unreviewed;
            if (ifMatch is not null && ifMatch != version)
            {
                return Stale(version);
            }

            var now = _clock.GetUtcNow();
            var decision = decide(entry, state, now);
            if (decision.Error is { } error)
            {
                return error;
            }

            if (decision.State is not { } next)
            {
                return ReviewOutcome.Ok(new RequestView(entry, state, version));
            }

            next = next with { UpdatedAt = now };
            var audit = Audit(id, reviewer, action, now, state, next);
            var committed = await _store.TryCommitAsync(id, stored?.Version, new ReviewChange(next, audit, decision.Correction), cancellationToken);
            if (committed is null)
            {
                // Someone else wrote first. A caller who named a version acted on one that is gone; anyone
                // else gets the action re-decided on what is there now (a second claimant then sees the holder).
                if (ifMatch is not null)
                {
                    return Stale((await _store.GetAsync(id, cancellationToken))?.Version ?? Unreviewed);
                }

                if (attempt == MaxAttempts)
                {
                    return new ReviewError(ReviewErrorKind.Conflict, "Busy", "Too many reviewers changed this request at once; try again.");
                }

                continue;
            }

            await CopyToIndexAsync(id, next, cancellationToken);
            return ReviewOutcome.Ok(new RequestView(entry, next, committed));
        }
    }

    private async Task CopyToIndexAsync(string id, ReviewState state, CancellationToken cancellationToken)
    {
        try
        {
            await _index.SetReviewerFieldsAsync(id, state.ToIndexFields(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The change is committed in the store of record; the index is a copy that the next change or
            // the next re-index of the request brings up to date (IndexHandler applies stored review state).
            _logger.LogWarning(ex, "Review state of {DocId} is saved but the triage index was not updated", id);
        }
    }

    private async Task<TriageEntry?> VisibleEntryAsync(Reviewer reviewer, string id, CancellationToken cancellationToken)
    {
        var entry = await _index.GetAsync(id, cancellationToken);
        return entry is not null && (entry.Sensitivity != Sensitivity.Restricted || reviewer.IsCleared) ? entry : null;
    }

    /// <summary>The state with <see cref="ReviewState.Restricted"/> set from the reviewer's tags, by the taxonomy.</summary>
    private ReviewState Restrict(ReviewState state)
    {
        var tags = (state.EditedThemes ?? []).Concat((state.EditedQuestions ?? []).SelectMany(q => q.Themes));
        return state with { Restricted = tags.Any(id => _taxonomy[id]?.Restricted == true) };
    }

    private static Decision? MustHold(Reviewer reviewer, ReviewState state) => state.Assignee switch
    {
        null => Decision.Refuse(new ReviewError(ReviewErrorKind.Conflict, "Claim it first", "Claim the request before changing it, so two reviewers do not work on it at once.")),
        { } holder when holder.Id != reviewer.Id => HeldBy(holder, state),
        _ => null,
    };

    private static Decision HeldBy(ReviewerRef holder, ReviewState state)
    {
        var since = state.ClaimedAt is { } at ? $" since {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : string.Empty;
        return Decision.Refuse(new ReviewError(ReviewErrorKind.Conflict, "Claimed by someone else",
            $"{holder.Name} holds this request{since}. Ask them, or an admin, to release it.") { Holder = holder });
    }

    private ReviewError? ValidateQuestions(IReadOnlyList<QuestionEdit> questions)
    {
        if (questions.Count == 0)
        {
            return InvalidError("\"questions\" must hold at least one question.");
        }

        if (questions.Count > MaxQuestions)
        {
            return InvalidError($"\"questions\" holds {questions.Count} questions; at most {MaxQuestions} are allowed.");
        }

        var labels = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < questions.Count; i++)
        {
            var question = questions[i];
            var where = $"questions[{i}]";
            if (string.IsNullOrWhiteSpace(question.Label) || question.Label.Trim().Length > MaxLabelLength)
            {
                return InvalidError($"{where}.label must be 1 to {MaxLabelLength} characters.");
            }

            if (!labels.Add(question.Label.Trim()))
            {
                return InvalidError($"{where}.label \"{question.Label.Trim()}\" is used twice; each question needs its own label.");
            }

            if (string.IsNullOrWhiteSpace(question.Text) || question.Text.Trim().Length > MaxQuestionLength)
            {
                return InvalidError($"{where}.text must be 1 to {MaxQuestionLength} characters.");
            }

            if (ValidateThemes(question.Themes ?? [], $"{where}.themes") is { } invalid)
            {
                return invalid;
            }
        }

        return null;
    }

    private ReviewError? ValidateThemes(IReadOnlyList<string> themes, string field)
    {
        if (themes.FirstOrDefault(t => _taxonomy[t] is null) is { } unknown)
        {
            var known = string.Join(", ", _taxonomy.Themes.Select(t => t.Id));
            return InvalidError($"{field}: \"{Truncate(unknown)}\" is not a theme; themes are {known}.");
        }

        return null;
    }

    private static Question ToQuestion(QuestionEdit edit, string letter)
    {
        var text = edit.Text.Trim();

        // Spans point into the letter when the reviewer's text is taken from it (a merge or split of the analyzer's); -1 otherwise.
        var start = letter.IndexOf(text, StringComparison.Ordinal);
        return new Question
        {
            Label = edit.Label.Trim(),
            Text = text,
            Start = start,
            End = start < 0 ? -1 : start + text.Length,
            Themes = [.. (edit.Themes ?? []).Distinct(StringComparer.Ordinal)],
        };
    }

    private static CorrectionRecord Correction<T>(Reviewer reviewer, TriageEntry entry, DateTimeOffset now, string kind, T analyzer, T corrected) => new()
    {
        RequestId = entry.Id,
        At = now,
        Reviewer = reviewer.Ref,
        Kind = kind,
        PipelineVersion = entry.PipelineVersion,
        Analyzer = JsonSerializer.SerializeToElement(analyzer, PipelineJson.Options),
        Corrected = JsonSerializer.SerializeToElement(corrected, PipelineJson.Options),
    };

    /// <summary>The audit entry for a change: only the fields that changed, before and after; a note is recorded whole.</summary>
    internal static AuditEntry Audit(string id, Reviewer reviewer, string action, DateTimeOffset now, ReviewState before, ReviewState after)
    {
        var old = JsonSerializer.SerializeToNode(before, PipelineJson.Options)!.AsObject();
        var fresh = JsonSerializer.SerializeToNode(after, PipelineJson.Options)!.AsObject();
        var changedBefore = new JsonObject();
        var changedAfter = new JsonObject();
        foreach (var (name, value) in fresh)
        {
            if (name is "updatedAt" or "notes" || JsonNode.DeepEquals(old[name], value))
            {
                continue;
            }

            changedBefore[name] = old[name]?.DeepClone();
            changedAfter[name] = value?.DeepClone();
        }

        if (after.Notes.Count > before.Notes.Count)
        {
            changedAfter["note"] = JsonSerializer.SerializeToNode(after.Notes[^1], PipelineJson.Options);
        }

        return new AuditEntry
        {
            RequestId = id,
            At = now,
            Actor = reviewer.Ref,
            Action = action,
            Before = changedBefore.Count > 0 ? JsonSerializer.SerializeToElement(changedBefore) : null,
            After = JsonSerializer.SerializeToElement(changedAfter),
        };
    }

    internal static string Name(RequestStatus status) => JsonNamingPolicy.KebabCaseLower.ConvertName(status.ToString());

    private static string Truncate(string value) => value.Length <= 60 ? value : value[..60] + "…";

    private static ReviewError NotFound(string id)
        => new(ReviewErrorKind.NotFound, "No such request", $"There is no request with id {id}.");

    private static ReviewError Stale(string current)
        => new(ReviewErrorKind.PreconditionFailed, "The request has changed",
            "Someone changed the request since you loaded it; reload it and try again.") { CurrentVersion = current };

    private static ReviewError InvalidError(string detail) => new(ReviewErrorKind.Invalid, "Invalid input", detail);

    private static ReviewOutcome<RequestView> Invalid(string detail) => InvalidError(detail);

    /// <summary>What an action decided: a new state (with a correction), nothing to change, or a refusal.</summary>
    private sealed record Decision(ReviewState? State, CorrectionRecord? Correction, ReviewError? Error)
    {
        public static Decision NoChange { get; } = new(null, null, null);

        public static Decision Apply(ReviewState state, CorrectionRecord? correction = null) => new(state, correction, null);

        public static Decision Refuse(ReviewError error) => new(null, null, error);
    }
}

/// <summary>A question as a reviewer writes it: label, text and the theme ids they give it.</summary>
public sealed record QuestionEdit(string Label, string Text, IReadOnlyList<string>? Themes);

/// <summary>A move along the workflow, with the reviewer's reason and, for a duplicate, the request it repeats.</summary>
public sealed record StatusChange(RequestStatus Status, string? Decision = null, string? DuplicateOf = null);
