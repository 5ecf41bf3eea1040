using FoiPipeline.Api.Authentication;
using FoiPipeline.IntegrationTests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace FoiPipeline.IntegrationTests.Browser;

/// <summary>
/// Signs a made-up reviewer in to a test pipeline's host the way <c>foi token</c> does, for the API (a bearer token) and
/// for the reviewer page (the token in the URL fragment, which never reaches the server's logs).
/// </summary>
public static class ReviewerSignIn
{
    /// <summary>The reviewer page's path on the host.</summary>
    public const string PagePath = "/api/page/";

    /// <summary>A development token from the host's own key, for a reviewer holding <paramref name="roles"/> (ReviewerRoles).</summary>
    public static string Token(this TestPipeline pipeline, string userId, string name, params string[] roles)
        => pipeline.Services.GetRequiredService<DevTokenIssuer>().Issue(userId, name, roles).Token;

    /// <summary>The reviewer page's address with a token for this reviewer in the fragment: open it and they are signed in.</summary>
    public static Uri PageAddress(this TestPipeline pipeline, string userId, string name, params string[] roles)
        => new(pipeline.ApiAddress, PagePath + "#token=" + Uri.EscapeDataString(pipeline.Token(userId, name, roles)));
}
