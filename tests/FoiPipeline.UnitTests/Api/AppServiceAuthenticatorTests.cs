using System.Text;
using FoiPipeline.Api.Authentication;
using Microsoft.AspNetCore.Http;

namespace FoiPipeline.UnitTests.Api;

public sealed class AppServiceAuthenticatorTests
{
    private const string ObjectId = "0b6e7a42-5f0c-4c7e-9a58-2f1d3c4b5a69";

    private static readonly AppServiceAuthenticator Authenticator = new();

    private static string Principal(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json));

    private static HttpRequest Request(string? principal, string? id = null, string? name = null)
    {
        var context = new DefaultHttpContext();
        if (principal is not null)
        {
            context.Request.Headers[AppServiceAuthenticator.PrincipalHeader] = principal;
        }

        if (id is not null)
        {
            context.Request.Headers[AppServiceAuthenticator.PrincipalIdHeader] = id;
        }

        if (name is not null)
        {
            context.Request.Headers[AppServiceAuthenticator.PrincipalNameHeader] = name;
        }

        return context.Request;
    }

    private static string Failure(AuthenticationOutcome outcome)
    {
        Assert.Null(outcome.Reviewer);
        Assert.False(string.IsNullOrWhiteSpace(outcome.Failure));
        return outcome.Failure!;
    }

    [Fact]
    public void An_entra_principal_gives_the_object_id_name_and_app_roles()
    {
        var json = $$"""
            {
              "auth_typ": "aad",
              "name_typ": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
              "role_typ": "roles",
              "claims": [
                { "typ": "http://schemas.microsoft.com/identity/claims/objectidentifier", "val": "{{ObjectId}}" },
                { "typ": "name", "val": "Ann Example" },
                { "typ": "roles", "val": "reviewer" },
                { "typ": "roles", "val": "sensitive-reviewer" },
                { "typ": "roles", "val": "Finance.Approver" }
              ]
            }
            """;

        var outcome = Authenticator.Authenticate(Request(Principal(json), id: "provider-id", name: "ann@example.org"));

        Assert.Null(outcome.Failure);
        var reviewer = outcome.Reviewer!;
        Assert.Equal(ObjectId, reviewer.Id);
        Assert.Equal("Ann Example", reviewer.Name);
        Assert.Equal(new HashSet<string> { "reviewer", "sensitive-reviewer" }, reviewer.Roles);
        Assert.True(reviewer.IsCleared);
    }

    [Fact]
    public void Roles_follow_role_typ_and_the_long_role_claim_type_is_also_accepted()
    {
        var json = """
            {
              "auth_typ": "aad",
              "role_typ": "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
              "claims": [
                { "typ": "oid", "val": "abc" },
                { "typ": "http://schemas.microsoft.com/ws/2008/06/identity/claims/role", "val": "admin" },
                { "typ": "groups", "val": "reviewer" }
              ]
            }
            """;

        var reviewer = Authenticator.Authenticate(Request(Principal(json))).Reviewer!;

        Assert.Equal("abc", reviewer.Id);
        Assert.Equal(new HashSet<string> { "admin" }, reviewer.Roles);
    }

    [Fact]
    public void Without_id_and_name_claims_the_principal_headers_are_used()
    {
        var json = """{ "auth_typ": "aad", "claims": [ { "typ": "roles", "val": "reviewer" } ] }""";

        var reviewer = Authenticator.Authenticate(Request(Principal(json), id: "provider-id", name: "ann@example.org")).Reviewer!;

        Assert.Equal("provider-id", reviewer.Id);
        Assert.Equal("ann@example.org", reviewer.Name);
    }

    [Fact]
    public void The_name_typ_claim_names_the_reviewer_when_there_is_no_name_claim()
    {
        var json = """
            { "name_typ": "preferred_username",
              "claims": [ { "typ": "oid", "val": "abc" }, { "typ": "preferred_username", "val": "ann@example.org" } ] }
            """;

        Assert.Equal("ann@example.org", Authenticator.Authenticate(Request(Principal(json))).Reviewer!.Name);
    }

    [Fact]
    public void A_principal_with_no_roles_is_authenticated_but_holds_no_reviewer_role()
    {
        var json = """{ "auth_typ": "aad", "role_typ": "roles", "claims": [ { "typ": "oid", "val": "abc" }, { "typ": "name", "val": "Bo" } ] }""";

        var reviewer = Authenticator.Authenticate(Request(Principal(json))).Reviewer!;

        Assert.Equal("abc", reviewer.Id);
        Assert.Empty(reviewer.Roles);
        Assert.False(reviewer.HasAnyRole);
    }

    [Fact]
    public void No_principal_header_asks_for_app_service_authentication_and_sign_in()
    {
        var failure = Failure(Authenticator.Authenticate(Request(null, id: "spoofed")));

        Assert.Contains("App Service authentication", failure, StringComparison.Ordinal);
        Assert.Contains("sign in", failure, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("%%% not base64 %%%")]
    [InlineData("e30")]
    public void A_principal_that_is_not_base64_is_refused_without_throwing(string header)
    {
        Assert.Contains("could not be read", Failure(Authenticator.Authenticate(Request(header))), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("{ \"claims\": [ ")]
    public void A_principal_that_is_not_a_json_object_is_refused_without_throwing(string json)
    {
        Assert.Contains("could not be read", Failure(Authenticator.Authenticate(Request(Principal(json)))), StringComparison.Ordinal);
    }

    [Fact]
    public void A_principal_with_no_id_anywhere_is_refused()
    {
        var json = """{ "claims": [ { "typ": "roles", "val": "admin" } ] }""";

        Assert.Contains("no object id", Failure(Authenticator.Authenticate(Request(Principal(json)))), StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_claims_are_skipped_rather_than_fatal()
    {
        var json = """
            { "claims": [ 42, { "typ": "roles" }, { "val": "admin" }, { "typ": "oid", "val": "abc" }, { "typ": "roles", "val": "reviewer" } ] }
            """;

        var reviewer = Authenticator.Authenticate(Request(Principal(json))).Reviewer!;

        Assert.Equal("abc", reviewer.Id);
        Assert.Equal(new HashSet<string> { "reviewer" }, reviewer.Roles);
    }
}
