using FoiPipeline.Analysis;
using FoiPipeline.Api.Authentication;
using FoiPipeline.Correspondence;
using FoiPipeline.Deadlines;
using FoiPipeline.Pipeline;
using FoiPipeline.Replay;
using FoiPipeline.Review;
using FoiPipeline.Triage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace FoiPipeline.Api;

/// <summary>
/// The reviewer API's handlers, one per endpoint in the endpoint table (<c>ReviewEndpoints</c>). Each identifies the
/// caller, checks the input, calls the <see cref="ReviewService"/> and shapes the answer; both hosts
/// (the local host's Kestrel, the Functions app's HttpTriggers) call these same methods.
/// </summary>
public sealed partial class ReviewApi
{
    internal static readonly string[] NoFields = [];
    internal static readonly string[] QuestionFields = ["questions"];
    internal static readonly string[] QuestionItemFields = ["label", "text", "themes"];
    internal static readonly string[] ThemeFields = ["themes"];
    internal static readonly string[] StatusFields = ["status", "decision", "duplicateOf"];
    internal static readonly string[] NoteFields = ["text"];

    private readonly ReviewService _review;
    private readonly IReviewerAuthenticator _authenticator;
    private readonly PipelineStorage _storage;
    private readonly ReplayService _replay;
    private readonly CorrespondenceStore _correspondence;
    private readonly WorkingDays _workingDays;
    private readonly TimeProvider _clock;
    private readonly ILogger<ReviewApi> _logger;

    public ReviewApi(
        ReviewService review,
        IReviewerAuthenticator authenticator,
        PipelineStorage storage,
        ReplayService replay,
        CorrespondenceStore correspondence,
        WorkingDays workingDays,
        TimeProvider clock,
        ILogger<ReviewApi> logger)
    {
        _correspondence = correspondence;
        _review = review;
        _authenticator = authenticator;
        _storage = storage;
        _replay = replay;
        _workingDays = workingDays;
        _clock = clock;
        _logger = logger;
    }

    public Task<IResult> MeAsync(HttpRequest request, CancellationToken cancellationToken)
        => WithReviewer(request, reviewer => Task.FromResult(ApiJson.Ok(new Caller(reviewer.Id, reviewer.Name, [.. reviewer.Roles.Order(StringComparer.Ordinal)], reviewer.IsCleared, reviewer.IsAdmin))));

    public Task<IResult> ThemesAsync(HttpRequest request, CancellationToken cancellationToken)
        => WithReviewer(request, reviewer => Task.FromResult(ApiJson.Ok(new ThemeList(
            _review.Taxonomy.Version,
            [.. _review.Taxonomy.Themes.Select(t => new ThemeInfo(t.Id, t.Label, t.Description, t.Restricted, t.Referral, t.Exemptions))]))));

    public Task<IResult> ListAsync(HttpRequest request, CancellationToken cancellationToken)
        => WithReviewer(request, async reviewer =>
        {
            var (query, problem) = QueueQuery.Parse(request.Query, reviewer, _review.Taxonomy);
            if (query is null)
            {
                return Problems.BadRequest(problem!);
            }

            var page = await _review.SearchAsync(reviewer, query, cancellationToken);
            var today = StatutoryClock.UkDate(_clock.GetUtcNow());
            return ApiJson.Ok(new QueuePage(page.Total, query.Skip, query.Take, [.. page.Items.Select(item => RequestSummary.From(item, due => DaysLeft(today, due)))])
            {
                Today = today,
                Facets = query.IncludeFacets ? page.Facets : null,
                Highlights = query.IncludeHighlights ? page.Highlights : null,
            });
        });

    public Task<IResult> GetAsync(HttpRequest request, string id, CancellationToken cancellationToken)
        => WithRequest(request, id, async reviewer =>
        {
            var found = await _review.GetAsync(reviewer, id, cancellationToken);
            if (found.Error is { } error)
            {
                return Problems.From(error);
            }

            // Replies are read only once the caller is known to be allowed to see the request they belong to.
            var view = found.Value!;
            var replies = await _correspondence.RepliesAsync(id, cancellationToken);
            return ApiJson.Ok(new RequestDetail(view.Entry, view.Review, view.Version) { Replies = replies }, view.Version);
        });

    /// <summary>The letter as it arrived (the intake blob), as a download: never shown inline, whatever it holds.</summary>
    public Task<IResult> OriginalAsync(HttpRequest request, string id, CancellationToken cancellationToken)
        => WithRequest(request, id, async reviewer =>
        {
            var found = await _review.GetAsync(reviewer, id, cancellationToken);
            if (found.Error is { } error)
            {
                return Problems.From(error);
            }

            var name = found.Value!.Entry.SourceBlob;
            try
            {
                var download = await _storage.Intake.GetBlobClient(name).DownloadStreamingAsync(cancellationToken: cancellationToken);
                return new OriginalLetter(download.Value.Content, download.Value.Details.ContentLength, Path.GetFileName(name));
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 404)
            {
                return Problems.NotFound($"The original letter ({JsonBody.Clip(name)}) is no longer in the intake container; the extracted text is still in the request.");
            }
        });

    public Task<IResult> AuditAsync(HttpRequest request, string id, CancellationToken cancellationToken)
        => WithRequest(request, id, async reviewer => Respond(await _review.AuditAsync(reviewer, id, cancellationToken), entries => ApiJson.Ok(new AuditTrail(id, entries))));

    public Task<IResult> ClaimAsync(HttpRequest request, string id, CancellationToken cancellationToken)
        => WithChange(request, id, NoFields, (reviewer, body, ifMatch) => _review.ClaimAsync(reviewer, id, ifMatch, cancellationToken), created: false, cancellationToken);

    public Task<IResult> ReleaseAsync(HttpRequest request, string id, CancellationToken cancellationToken)
        => WithChange(request, id, NoFields, (reviewer, body, ifMatch) => _review.ReleaseAsync(reviewer, id, ifMatch, cancellationToken), created: false, cancellationToken);

    public Task<IResult> EditQuestionsAsync(HttpRequest request, string id, CancellationToken cancellationToken)
        => WithChange(request, id, QuestionFields, (reviewer, body, ifMatch) =>
        {
            if (!body.TryArray("questions", ReviewService.MaxQuestions, out var items, out var problem))
            {
                return Invalid(problem!);
            }

            var questions = new List<QuestionEdit>();
            for (var i = 0; i < items.Count; i++)
            {
                if (ReadQuestion(items[i], i, out var question) is { } invalid)
                {
                    return Invalid(invalid);
                }

                questions.Add(question!);
            }

            return _review.EditQuestionsAsync(reviewer, id, questions, ifMatch, cancellationToken);
        }, created: false, cancellationToken);

    public Task<IResult> EditThemesAsync(HttpRequest request, string id, CancellationToken cancellationToken)
        => WithChange(request, id, ThemeFields, (reviewer, body, ifMatch) =>
        {
            if (!body.TryArray("themes", _review.Taxonomy.Themes.Count, out var items, out var problem)
                || !JsonBody.TryStrings(items, "themes", 100, out var themes, out problem))
            {
                return Invalid(problem!);
            }

            return _review.EditThemesAsync(reviewer, id, themes, ifMatch, cancellationToken);
        }, created: false, cancellationToken);

    public Task<IResult> SetStatusAsync(HttpRequest request, string id, CancellationToken cancellationToken)
        => WithChange(request, id, StatusFields, (reviewer, body, ifMatch) =>
        {
            if (!body.TryString("status", required: true, 40, out var name, out var problem)
                || !body.TryString("decision", required: false, ReviewService.MaxDecisionLength, out var decision, out problem)
                || !body.TryString("duplicateOf", required: false, DocId.Length, out var duplicateOf, out problem))
            {
                return Invalid(problem!);
            }

            if (!StatusNames.TryParse(name, out var status))
            {
                return Invalid($"\"status\": \"{JsonBody.Clip(name!)}\" is not a status; statuses are {string.Join(", ", StatusNames.All)}.");
            }

            if (duplicateOf is not null && !DocId.IsValid(duplicateOf))
            {
                return Invalid($"\"duplicateOf\" must be a request id: {IdRule}.");
            }

            return _review.SetStatusAsync(reviewer, id, new StatusChange(status, decision, duplicateOf), ifMatch, cancellationToken);
        }, created: false, cancellationToken);

    public Task<IResult> AddNoteAsync(HttpRequest request, string id, CancellationToken cancellationToken)
        => WithChange(request, id, NoteFields, (reviewer, body, ifMatch) =>
        {
            if (!body.TryString("text", required: true, ReviewService.MaxNoteLength, out var text, out var problem))
            {
                return Invalid(problem!);
            }

            return _review.AddNoteAsync(reviewer, id, text!, cancellationToken);
        }, created: true, cancellationToken);

    public Task<IResult> CorrectionsAsync(HttpRequest request, CancellationToken cancellationToken)
        => WithReviewer(request, async reviewer =>
        {
            if (request.Query.Keys.FirstOrDefault(k => k is not ("since" or "take")) is { } unknown)
            {
                return Problems.BadRequest($"Unknown parameter \"{JsonBody.Clip(unknown)}\"; the parameters are since, take.");
            }

            var since = DateTimeOffset.MinValue;
            if (request.Query["since"] is { Count: 1 } text && !DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out since))
            {
                return Problems.BadRequest("\"since\" must be a date and time such as 2026-11-01T00:00:00Z.");
            }

            var take = 1000;
            if (request.Query["take"] is { Count: 1 } count && (!int.TryParse(count, out take) || take is < 1 or > 10_000))
            {
                return Problems.BadRequest("\"take\" must be a whole number from 1 to 10000.");
            }

            return Respond(await _review.CorrectionsAsync(reviewer, since, take, cancellationToken), items => ApiJson.Ok(new CorrectionList(items)));
        });

    private int? DaysLeft(DateOnly today, DateOnly? due)
    {
        try
        {
            return due is { } date ? _workingDays.WorkingDaysLeft(today, date) : null;
        }
        catch (CalendarNotCoveredException)
        {
            // A due date beyond the holiday table the authority configured: unknown rather than guessed.
            return null;
        }
    }

    private const string IdRule = "64 lowercase hexadecimal characters (the SHA-256 of the letter)";

    private async Task<IResult> WithReviewer(HttpRequest request, Func<Reviewer, Task<IResult>> handle)
    {
        var outcome = _authenticator.Authenticate(request);
        if (outcome.Reviewer is not { } reviewer)
        {
            return Problems.Unauthenticated(outcome.Failure ?? "Sign in to use the reviewer API.", "Bearer");
        }

        if (!reviewer.HasAnyRole)
        {
            return Problems.Forbidden($"You are signed in as {reviewer.Name} but hold none of the reviewer roles ({string.Join(", ", ReviewerRoles.All)}); ask an admin to grant one.");
        }

        try
        {
            return await handle(reviewer);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            // A fault on our side (the index or the store unreachable, a bug): the caller gets a problem with an id
            // to quote, the log gets the exception under the same id. Nothing of the request's content is logged.
            var incident = Guid.NewGuid().ToString("n")[..12];
            _logger.LogError(ex, "Reviewer API {Method} {Route} failed; incident {Incident}", request.Method, request.HttpContext.GetEndpoint()?.DisplayName ?? "(unrouted)", incident);
            return Problems.ServerError($"Something went wrong on our side. Reload the request to see whether your change was saved, and quote incident {incident} to whoever runs the service.");
        }
    }

    private Task<IResult> WithRequest(HttpRequest request, string id, Func<Reviewer, Task<IResult>> handle)
        => WithReviewer(request, reviewer => DocId.IsValid(id)
            ? handle(reviewer)
            : Task.FromResult(Problems.BadRequest($"\"{JsonBody.Clip(id)}\" is not a request id: ids are {IdRule}.")));

    private Task<IResult> WithChange(
        HttpRequest request, string id, string[] fields, Func<Reviewer, JsonBody, string?, Task<ReviewOutcome<RequestView>>> change, bool created, CancellationToken cancellationToken)
        => WithRequest(request, id, async reviewer =>
        {
            if (!TryIfMatch(request.Headers.IfMatch, out var ifMatch, out var problem))
            {
                return Problems.BadRequest(problem!);
            }

            var (body, bodyProblem) = await JsonBody.ReadAsync(request, fields, optional: fields.Length == 0, cancellationToken);
            if (body is null)
            {
                return bodyProblem!;
            }

            return Respond(await change(reviewer, body, ifMatch), view =>
            {
                var result = new ReviewResult(id, view.Review, view.Version);
                return created ? ApiJson.Created(result, view.Version) : ApiJson.Ok(result, view.Version);
            });
        });

    /// <summary>If-Match holds one strong ETag from a previous answer (or <c>*</c>, meaning any version).</summary>
    private static bool TryIfMatch(StringValues header, out string? version, out string? problem)
    {
        version = null;
        problem = null;
        if (header.Count == 0 || header is [null or "" or "*"])
        {
            return true;
        }

        var value = header.Count == 1 ? header[0]!.Trim() : string.Empty;
        if (value.Length < 3 || value[0] != '"' || value[^1] != '"' || value[1..^1].Contains('"') || value.Contains(','))
        {
            problem = "If-Match must hold one ETag from the request's last answer, in quotes (\"3\"); weak or several ETags are not accepted.";
            return false;
        }

        version = value[1..^1];
        return true;
    }

    private static string? ReadQuestion(System.Text.Json.JsonElement item, int index, out QuestionEdit? question)
    {
        question = null;
        var where = $"questions[{index}]";
        if (item.ValueKind != System.Text.Json.JsonValueKind.Object)
        {
            return $"{where} must be an object with \"label\", \"text\" and \"themes\", not {JsonBody.Kind(item)}.";
        }

        string? label = null, text = null;
        List<string> themes = [];
        foreach (var property in item.EnumerateObject())
        {
            switch (property.Name)
            {
                case "label" when property.Value.ValueKind == System.Text.Json.JsonValueKind.String:
                    label = property.Value.GetString();
                    break;
                case "text" when property.Value.ValueKind == System.Text.Json.JsonValueKind.String:
                    text = property.Value.GetString();
                    break;
                case "themes" when property.Value.ValueKind == System.Text.Json.JsonValueKind.Array:
                    if (!JsonBody.TryStrings([.. property.Value.EnumerateArray()], where + ".themes", 100, out themes, out var problem))
                    {
                        return problem;
                    }

                    break;
                case "label" or "text" or "themes":
                    return $"{where}.{property.Name} must be {(property.Name == "themes" ? "an array of theme ids" : "a string")}, not {JsonBody.Kind(property.Value)}.";
                default:
                    return $"{where}: unknown field \"{JsonBody.Clip(property.Name)}\"; a question has {string.Join(", ", QuestionItemFields.Select(f => $"\"{f}\""))}.";
            }
        }

        if (label is null || text is null)
        {
            return $"{where} needs both \"label\" and \"text\".";
        }

        question = new QuestionEdit(label, text, themes);
        return null;
    }

    private static Task<ReviewOutcome<RequestView>> Invalid(string detail)
        => Task.FromResult<ReviewOutcome<RequestView>>(new ReviewError(ReviewErrorKind.Invalid, "Invalid input", detail));

    private static IResult Respond<T>(ReviewOutcome<T> outcome, Func<T, IResult> success)
        => outcome.Error is { } error ? Problems.From(error) : success(outcome.Value!);

    /// <summary>A letter's original bytes as an attachment, so a browser never renders what a requester sent.</summary>
    private sealed class OriginalLetter(Stream content, long length, string fileName) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            await using (content)
            {
                var response = httpContext.Response;
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = "application/octet-stream";
                response.ContentLength = length;
                response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = fileName, DispositionType = "attachment" }.ToString();
                response.Headers.XContentTypeOptions = "nosniff";
                response.Headers.ContentSecurityPolicy = "sandbox";
                response.Headers.CacheControl = "no-store";
                await content.CopyToAsync(response.Body, httpContext.RequestAborted);
            }
        }
    }
}
