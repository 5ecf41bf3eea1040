using FoiPipeline.Review;
using Microsoft.AspNetCore.Http;

namespace FoiPipeline.Api.Authentication;

/// <summary>
/// Works out who is calling the reviewer API from the request: locally a signed development token
/// (<c>Authorization: Bearer</c>, issued by <c>foi token</c>), in Azure the principal App Service
/// authentication puts in front of the app.
/// </summary>
public interface IReviewerAuthenticator
{
    /// <summary>The caller, or why they could not be identified (no credentials, a bad signature, an expired token...).</summary>
    AuthenticationOutcome Authenticate(HttpRequest request);
}

/// <summary>Either a <see cref="Reviewer"/> or a <see cref="Failure"/> a person can act on ("the token expired at ...").</summary>
public sealed record AuthenticationOutcome(Reviewer? Reviewer, string? Failure)
{
    public static AuthenticationOutcome Success(Reviewer reviewer) => new(reviewer, null);

    public static AuthenticationOutcome Fail(string failure) => new(null, failure);
}
