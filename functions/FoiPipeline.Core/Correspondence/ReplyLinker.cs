using System.Text.RegularExpressions;
using FoiPipeline.Analysis;
using FoiPipeline.Intake;

namespace FoiPipeline.Correspondence;

/// <summary>One thing to look up to find the request a letter answers, in the order tried.</summary>
public sealed record ThreadLookup(ReplyMatch Match, ThreadKeyKind Kind, string Value);

/// <summary>
/// Links a requester's reply to the request it answers: "same thread" (In-Reply-To, then References, naming the
/// Message-ID of a request's letter) or "a reference in the subject" (a request's reference). Only the request's
/// own requester can continue it: the sender must be one of the addresses the request was registered with, so a
/// stranger quoting a reference, or a colleague copied in, does not have their letter folded into someone else's
/// request (and a clarification, which restarts the clock under FOIA s1(3), can only come from the requester).
/// A reply whose request is unknown (not analysed yet, or never seen) is a new request, as any letter is.
/// </summary>
public sealed partial class ReplyLinker
{
    /// <summary>The most candidate references taken from one subject.</summary>
    public const int MaxSubjectReferences = 8;

    private const int MaxReplyText = 4000;

    private readonly CorrespondenceStore _store;

    public ReplyLinker(CorrespondenceStore store) => _store = store;

    /// <summary>What to look up for a letter, best evidence first; empty for a letter that is not an email.</summary>
    public static IReadOnlyList<ThreadLookup> Lookups(EmailHeaders? email)
    {
        if (email is null)
        {
            return [];
        }

        var lookups = new List<ThreadLookup>();
        lookups.AddRange(email.InReplyTo.Select(id => new ThreadLookup(ReplyMatch.InReplyTo, ThreadKeyKind.MessageId, id)));

        // Newest first: the end of References is the message being answered, the start the thread's first letter.
        lookups.AddRange(email.References.Reverse().Except(email.InReplyTo).Select(id => new ThreadLookup(ReplyMatch.References, ThreadKeyKind.MessageId, id)));
        lookups.AddRange(SubjectReferences(email.Subject).Select(r => new ThreadLookup(ReplyMatch.SubjectReference, ThreadKeyKind.Reference, r)));
        return lookups;
    }

    /// <summary>The tokens of a subject that could be a request's reference ("WEB-58120", "01.FOI.23.028767"), upper-case.</summary>
    public static IReadOnlyList<string> SubjectReferences(string? subject)
        => string.IsNullOrEmpty(subject)
            ? []
            : [.. ReferenceToken().Matches(subject).Select(m => NormaliseReference(m.Value)).Distinct(StringComparer.Ordinal).Take(MaxSubjectReferences)];

    /// <summary>A reference as compared: upper-case, without trailing punctuation.</summary>
    public static string NormaliseReference(string reference) => reference.Trim().TrimEnd('.', ',', ')', ':', ';').ToUpperInvariant();

    /// <summary>Whether <paramref name="sender"/> may continue the thread <paramref name="key"/> points at.</summary>
    public static bool SameRequester(ThreadKey key, string? sender)
        => sender is { Length: > 0 } && key.Addresses.Contains(sender.Trim(), StringComparer.OrdinalIgnoreCase);

    /// <summary>The addresses a request's thread may be continued from: the letter's sender and the requester's address, lower-case.</summary>
    public static IReadOnlyList<string> RequesterAddresses(TriageRequest request, ExtractedDocument document)
        => [.. new[] { document.Email?.FromAddress, request.Requester.Email }
            .Where(a => !string.IsNullOrWhiteSpace(a))
            .Select(a => a!.Trim().ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)];

    /// <summary>The reply's own words: its text up to the quoted history, clipped for display.</summary>
    public static string OwnWords(ExtractedDocument document)
    {
        var end = document.Marks.Where(m => m.Kind == MarkKind.QuotedReply).Select(m => m.Start).DefaultIfEmpty(document.Text.Length).Min();
        var text = document.Text[..Math.Clamp(end, 0, document.Text.Length)].Trim();
        return text.Length <= MaxReplyText ? text : text[..MaxReplyText] + "…";
    }

    /// <summary>The request this letter answers, with how it was matched; null when it answers none we know.</summary>
    public async Task<(ThreadKey Key, ThreadLookup Lookup)?> FindRequestAsync(ExtractedDocument document, CancellationToken cancellationToken)
    {
        var sender = document.Email?.FromAddress;
        if (string.IsNullOrWhiteSpace(sender))
        {
            return null;
        }

        foreach (var lookup in Lookups(document.Email))
        {
            foreach (var key in await _store.FindAsync(lookup.Kind, lookup.Value, cancellationToken))
            {
                if (key.RequestId != document.DocId && SameRequester(key, sender))
                {
                    return (key, lookup);
                }
            }
        }

        return null;
    }

    /// <summary>Makes a request findable by its letter's Message-ID and its reference.</summary>
    public async Task RegisterAsync(TriageRequest request, ExtractedDocument document, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var addresses = RequesterAddresses(request, document);
        if (addresses.Count == 0)
        {
            return; // nobody could continue the thread, so there is nothing to find it by
        }

        var key = new ThreadKey { RequestId = request.DocId, Addresses = addresses, RegisteredAt = now };
        if (document.Email?.MessageId is { } messageId)
        {
            await _store.RegisterAsync(ThreadKeyKind.MessageId, messageId, key, cancellationToken);
        }

        if (request.Reference is { Length: > 0 } reference)
        {
            await _store.RegisterAsync(ThreadKeyKind.Reference, NormaliseReference(reference), key, cancellationToken);
        }
    }

    /// <summary>
    /// Attaches <paramref name="document"/> to the request <paramref name="key"/> points at, and registers the
    /// reply's own Message-ID under the same request so an answer to the reply finds it too.
    /// </summary>
    public async Task<ReplyLink> AttachAsync(
        ExtractedDocument document, ThreadKey key, ThreadLookup lookup, string textContainer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var link = await _store.AttachAsync(new ReplyLink
        {
            DocId = document.DocId,
            RequestId = key.RequestId,
            ReceivedAt = document.ReceivedAt,
            Subject = document.Email?.Subject,
            MessageId = document.Email?.MessageId,
            MatchedBy = lookup.Match,
            MatchedOn = lookup.Value,
            Text = OwnWords(document),
            TextBlob = $"{textContainer}/{Pipeline.StageMessage.DocumentBlobName(document.DocId)}",
            SourceBlob = document.SourceBlob,
            LinkedAt = now,
        }, cancellationToken);

        if (document.Email?.MessageId is { } messageId)
        {
            await _store.RegisterAsync(ThreadKeyKind.MessageId, messageId, key with { RegisteredAt = now }, cancellationToken);
        }

        return link;
    }

    // A reference-like token: letters, digits and . / _ - with at least one digit, four characters or more.
    [GeneratedRegex(@"(?<![A-Za-z0-9./_-])(?=[A-Za-z./_-]*[0-9])[A-Za-z0-9][A-Za-z0-9./_-]{2,}[A-Za-z0-9](?![A-Za-z0-9_-])")]
    private static partial Regex ReferenceToken();
}
