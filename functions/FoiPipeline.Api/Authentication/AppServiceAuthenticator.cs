using System.Text.Json;
using FoiPipeline.Review;
using Microsoft.AspNetCore.Http;

namespace FoiPipeline.Api.Authentication;

/// <summary>
/// Azure identity: the principal that App Service authentication (Entra ID, app roles) signs in and passes
/// to the app in <c>X-MS-CLIENT-PRINCIPAL</c>.
/// </summary>
/// <remarks>
/// <para>
/// What App Service documents (learn.microsoft.com, "Work with user identities in Azure App Service
/// authentication"): the platform injects the signed-in caller into request headers:
/// <c>X-MS-CLIENT-PRINCIPAL</c> is base64 of a JSON object with <c>auth_typ</c>, <c>name_typ</c>,
/// <c>role_typ</c> and a <c>claims</c> array of <c>{ "typ", "val" }</c>; <c>X-MS-CLIENT-PRINCIPAL-ID</c> and
/// <c>X-MS-CLIENT-PRINCIPAL-NAME</c> carry the provider's id and a readable name. Claim types go through a
/// default mapping, so a claim may not have the name it had in the token. For Entra ID app roles the role
/// claims are those whose <c>typ</c> equals <c>role_typ</c> (usually <c>roles</c>), and the stable user id is
/// the object id claim.
/// </para>
/// <para>
/// The header is trusted only because App Service removes any <c>X-MS-*</c> header a client sends before
/// the request reaches the app. Never use this mode on a host that App Service authentication does not sit
/// in front of: there anyone could send the header and claim any role.
/// </para>
/// </remarks>
public sealed class AppServiceAuthenticator : IReviewerAuthenticator
{
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";
    public const string PrincipalIdHeader = "X-MS-CLIENT-PRINCIPAL-ID";
    public const string PrincipalNameHeader = "X-MS-CLIENT-PRINCIPAL-NAME";

    private const string DefaultRoleType = "roles";
    private const string ClaimsRoleType = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role";
    private const string ObjectIdType = "http://schemas.microsoft.com/identity/claims/objectidentifier";
    private const string ObjectIdShortType = "oid";

    private const string Unreadable =
        "The App Service sign-in header (X-MS-CLIENT-PRINCIPAL) could not be read. Sign in again; if it persists, check the app's App Service authentication settings.";

    public AuthenticationOutcome Authenticate(HttpRequest request)
    {
        var encoded = request.Headers[PrincipalHeader].ToString();
        if (string.IsNullOrWhiteSpace(encoded))
        {
            return AuthenticationOutcome.Fail(
                "Sign in: this API expects App Service authentication (Entra ID) in front of it and no signed-in user came with the request. Enable App Service authentication on the app, or sign in.");
        }

        var buffer = new byte[encoded.Length];
        if (!Convert.TryFromBase64String(encoded.Trim(), buffer, out var length))
        {
            return AuthenticationOutcome.Fail(Unreadable);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.AsMemory(0, length));
        }
        catch (JsonException)
        {
            return AuthenticationOutcome.Fail(Unreadable);
        }

        using (document)
        {
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? Read(document.RootElement, request.Headers)
                : AuthenticationOutcome.Fail(Unreadable);
        }
    }

    private static AuthenticationOutcome Read(JsonElement principal, IHeaderDictionary headers)
    {
        var roleType = Text(principal, "role_typ") is { Length: > 0 } r ? r : DefaultRoleType;
        var nameType = Text(principal, "name_typ");

        var claims = new List<(string Type, string Value)>();
        if (principal.TryGetProperty("claims", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var claim in list.EnumerateArray())
            {
                if (claim.ValueKind == JsonValueKind.Object && Text(claim, "typ") is { } type && Value(claim) is { } value)
                {
                    claims.Add((type, value));
                }
            }
        }

        string? First(params string?[] types)
            => claims.FirstOrDefault(c => types.Contains(c.Type, StringComparer.Ordinal) && !string.IsNullOrWhiteSpace(c.Value)).Value;

        var id = First(ObjectIdType, ObjectIdShortType) ?? NonBlank(headers[PrincipalIdHeader].ToString());
        if (id is null)
        {
            return AuthenticationOutcome.Fail(
                "The signed-in principal has no object id (oid) or principal id, so reviews could not be attributed. Sign in with an Entra ID account.");
        }

        var name = First("name") ?? (nameType is null ? null : First(nameType)) ?? NonBlank(headers[PrincipalNameHeader].ToString()) ?? id;

        // Only the role claim types, and only roles this service knows: other app roles mean nothing here.
        var roles = claims
            .Where(c => c.Type == roleType || c.Type == DefaultRoleType || c.Type == ClaimsRoleType)
            .Select(c => c.Value)
            .Where(role => ReviewerRoles.All.Contains(role, StringComparer.Ordinal))
            .ToHashSet(StringComparer.Ordinal);

        return AuthenticationOutcome.Success(new Reviewer(id, name, roles));
    }

    private static string? Text(JsonElement element, string property)
        => element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // Values are documented as strings; numbers and booleans are read as their JSON text rather than dropped.
    private static string? Value(JsonElement claim)
    {
        if (!claim.TryGetProperty("val", out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => null,
        };
    }

    private static string? NonBlank(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
