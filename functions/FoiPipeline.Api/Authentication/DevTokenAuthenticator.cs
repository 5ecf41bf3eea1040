using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace FoiPipeline.Api.Authentication;

/// <summary>Local identity: the caller sends <c>Authorization: Bearer &lt;token&gt;</c> with a token from <c>foi token</c>.</summary>
public sealed class DevTokenAuthenticator(DevTokens tokens) : IReviewerAuthenticator
{
    public const string MissingCredentials = "Sign in: send `Authorization: Bearer <token>`; get a token with `foi token --role reviewer`.";

    public AuthenticationOutcome Authenticate(HttpRequest request)
    {
        var values = request.Headers[HeaderNames.Authorization];
        if (values.Count == 0 || string.IsNullOrWhiteSpace(values[0]))
        {
            return AuthenticationOutcome.Fail(MissingCredentials);
        }

        if (values.Count > 1)
        {
            return AuthenticationOutcome.Fail("Send one Authorization header, not several: `Authorization: Bearer <token>`.");
        }

        var value = values[0]!.Trim();
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? value : value[..space];
        if (!string.Equals(scheme, "Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticationOutcome.Fail(
                "The Authorization header must use the Bearer scheme: `Authorization: Bearer <token>`, with a token from `foi token --role reviewer`.");
        }

        var token = space < 0 ? string.Empty : value[(space + 1)..].Trim();
        return token.Length == 0 ? AuthenticationOutcome.Fail(MissingCredentials) : tokens.Validate(token);
    }
}
