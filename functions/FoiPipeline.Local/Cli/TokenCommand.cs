using System.Globalization;
using FoiPipeline.Api.Authentication;
using FoiPipeline.Review;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Local.Cli;

/// <summary>
/// <c>foi token --role ...</c>: a development token for the local reviewer API, signed with the same key file
/// the host uses. Only the token goes to stdout, so <c>TOKEN=$(foi token --role reviewer)</c> works.
/// </summary>
internal static class TokenCommand
{
    public const int MaxHours = 30 * 24;

    public static int Run(
        string[] roles, string? name, string? user, int? hours, string? dataDirectory, TextWriter output, TextWriter error)
    {
        var valid = string.Join(", ", ReviewerRoles.All);
        if (roles.Length == 0)
        {
            error.WriteLine($"Give at least one --role: {valid}.");
            return 1;
        }

        var unknown = roles.Where(role => !ReviewerRoles.All.Contains(role, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            error.WriteLine($"Unknown role{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(r => $"'{r}'"))}. The roles are: {valid}.");
            return 1;
        }

        if (hours is < 1 or > MaxHours)
        {
            error.WriteLine($"--hours must be from 1 to {MaxHours} (30 days).");
            return 1;
        }

        var userId = string.IsNullOrWhiteSpace(user) ? Environment.UserName : user.Trim();
        var displayName = string.IsNullOrWhiteSpace(name) ? userId : name.Trim();

        var paths = LocalPaths.Discover(dataDirectory);
        DevTokenIssuer issuer;
        try
        {
            var options = ApiAuthenticationOptions.From(LocalConfiguration.Build(paths), ApiAuthenticationOptions.DevTokenMode);
            if (!options.IsDevToken)
            {
                error.WriteLine($"{ApiAuthenticationOptions.SectionName}:Mode is '{options.Mode}'; development tokens are only accepted in '{ApiAuthenticationOptions.DevTokenMode}' mode.");
                return 1;
            }

            var key = DevTokenKey.LoadOrCreate(Path.Combine(paths.DataDirectory, options.DevTokenKeyPath));
            issuer = new DevTokenIssuer(new DevTokens(key, TimeProvider.System), options.DevTokenLifetime);
        }
        catch (OptionsValidationException ex)
        {
            error.WriteLine(string.Join(Environment.NewLine, ex.Failures));
            return 1;
        }
        catch (InvalidOperationException ex)
        {
            error.WriteLine(ex.Message);
            return 1;
        }

        var issued = issuer.Issue(userId, displayName, roles, hours is { } h ? TimeSpan.FromHours(h) : null);
        output.WriteLine(issued.Token);

        // The person running this is the one named; telling them on their own terminal is not logging.
        var expires = issued.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        error.WriteLine($"Token for {displayName} ({userId}), roles {string.Join(", ", roles.Distinct(StringComparer.Ordinal))}, valid until {expires}.");
        return 0;
    }
}
