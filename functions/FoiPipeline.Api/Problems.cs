using System.Text.Json.Serialization;
using FoiPipeline.Review;
using FoiPipeline.Triage;
using Microsoft.AspNetCore.Http;

namespace FoiPipeline.Api;

/// <summary>
/// An RFC 9457 problem details body (<c>application/problem+json</c>): every error the API returns is one,
/// with a sentence in <see cref="Detail"/> saying what went wrong and what to do.
/// </summary>
public sealed record Problem
{
    public required string Type { get; init; }

    public required string Title { get; init; }

    public required int Status { get; init; }

    public required string Detail { get; init; }

    /// <summary>Who holds the request (409 when someone else has claimed it).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ReviewerRef? Holder { get; init; }

    /// <summary>Where the request may move instead (409 for a forbidden transition).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RequestStatus>? Allowed { get; init; }

    /// <summary>The request's version now (412 when the caller's If-Match is stale).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CurrentVersion { get; init; }
}

/// <summary>The API's error responses, one per kind of problem, each with a stable <c>type</c> URI.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static IResult Unauthenticated(string detail, string? challenge)
    {
        var problem = Create("unauthenticated", "Sign in first", StatusCodes.Status401Unauthorized, detail);
        return new ProblemResult(problem, challenge);
    }

    public static IResult Forbidden(string detail) => Of(Create("forbidden", "Not allowed", StatusCodes.Status403Forbidden, detail));

    public static IResult BadRequest(string detail) => Of(Create("invalid-input", "Invalid input", StatusCodes.Status400BadRequest, detail));

    public static IResult NotFound(string detail) => Of(Create("not-found", "Not found", StatusCodes.Status404NotFound, detail));

    public static IResult TooLarge(string detail) => Of(Create("body-too-large", "Body too large", StatusCodes.Status413PayloadTooLarge, detail));

    public static IResult UnsupportedMediaType(string detail) => Of(Create("unsupported-media-type", "Send JSON", StatusCodes.Status415UnsupportedMediaType, detail));

    public static IResult MethodNotAllowed(string detail) => Of(Create("method-not-allowed", "Method not allowed", StatusCodes.Status405MethodNotAllowed, detail));

    public static IResult ServerError(string detail) => Of(Create("server-error", "Server error", StatusCodes.Status500InternalServerError, detail));

    /// <summary>A refused reviewer action, with its status code and any holder, allowed statuses or current version.</summary>
    public static IResult From(ReviewError error)
    {
        var (slug, status) = error.Kind switch
        {
            ReviewErrorKind.NotFound => ("not-found", StatusCodes.Status404NotFound),
            ReviewErrorKind.Conflict when error.Holder is not null => ("claimed", StatusCodes.Status409Conflict),
            ReviewErrorKind.Conflict when error.Allowed is not null => ("transition-not-allowed", StatusCodes.Status409Conflict),
            ReviewErrorKind.Conflict => ("conflict", StatusCodes.Status409Conflict),
            ReviewErrorKind.Forbidden => ("forbidden", StatusCodes.Status403Forbidden),
            ReviewErrorKind.Invalid => ("invalid-input", StatusCodes.Status400BadRequest),
            ReviewErrorKind.PreconditionFailed => ("stale-version", StatusCodes.Status412PreconditionFailed),
            _ => throw new ArgumentOutOfRangeException(nameof(error), error.Kind, "Unknown error kind."),
        };

        return Of(Create(slug, error.Title, status, error.Detail) with
        {
            Holder = error.Holder,
            Allowed = error.Allowed,
            CurrentVersion = error.CurrentVersion,
        });
    }

    /// <summary>The <c>type</c> of a problem: a URN, since the project has no web site to point at.</summary>
    public static string TypeOf(string slug) => "urn:foipipeline:problem:" + slug;

    private static Problem Create(string slug, string title, int status, string detail)
        => new() { Type = TypeOf(slug), Title = title, Status = status, Detail = detail };

    private static ProblemResult Of(Problem problem) => new ProblemResult(problem, challenge: null);

    private sealed class ProblemResult(Problem problem, string? challenge) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => problem.Status;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            if (challenge is not null)
            {
                httpContext.Response.Headers.WWWAuthenticate = challenge;
            }

            return ApiJson.WriteAsync(httpContext.Response, problem, problem.Status, ContentType);
        }
    }
}
