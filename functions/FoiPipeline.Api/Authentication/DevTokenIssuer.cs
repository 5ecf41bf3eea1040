namespace FoiPipeline.Api.Authentication;

/// <summary>Issues development tokens with the configured lifetime; registered only in <c>dev-token</c> mode.</summary>
public sealed class DevTokenIssuer(DevTokens tokens, TimeSpan defaultLifetime)
{
    public TimeSpan DefaultLifetime => defaultLifetime;

    /// <exception cref="ArgumentException">An unknown role, no roles, or a lifetime outside (0, 30 days].</exception>
    public IssuedDevToken Issue(string userId, string name, IEnumerable<string> roles, TimeSpan? lifetime = null)
    {
        var chosen = lifetime ?? defaultLifetime;
        if (chosen > ApiAuthenticationOptions.MaxDevTokenLifetime)
        {
            throw new ArgumentException("A development token lasts at most 30 days.", nameof(lifetime));
        }

        return tokens.Issue(userId, name, roles, chosen);
    }
}
