using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Api.Authentication;

/// <summary>How the reviewer API identifies callers, bound from <c>FoiPipeline:Api:Authentication</c>.</summary>
public sealed class ApiAuthenticationOptions
{
    public const string SectionName = "FoiPipeline:Api:Authentication";

    public const string DevTokenMode = "dev-token";
    public const string AppServiceMode = "app-service";

    public static readonly TimeSpan DefaultDevTokenLifetime = TimeSpan.FromHours(8);
    public static readonly TimeSpan MaxDevTokenLifetime = TimeSpan.FromDays(30);

    /// <summary>
    /// <c>dev-token</c> (signed local tokens) or <c>app-service</c> (App Service authentication in front). No
    /// default here: each host supplies its own, so a setting missing in Azure cannot fall back to local tokens.
    /// </summary>
    public string? Mode { get; set; }

    /// <summary>The signing key file; a relative path is under the host's data folder.</summary>
    public string DevTokenKeyPath { get; set; } = DevTokenKey.DefaultFileName;

    /// <summary>How long a token from <c>foi token</c> lasts when no other lifetime is asked for.</summary>
    public TimeSpan DevTokenLifetime { get; set; } = DefaultDevTokenLifetime;

    /// <summary>The options in <paramref name="configuration"/>, with the host's <paramref name="defaultMode"/> when none is set, validated.</summary>
    /// <exception cref="OptionsValidationException">A setting is not valid; the failures say which and why.</exception>
    public static ApiAuthenticationOptions From(IConfiguration configuration, string defaultMode)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(SectionName).Get<ApiAuthenticationOptions>() ?? new ApiAuthenticationOptions();
        if (string.IsNullOrWhiteSpace(options.Mode))
        {
            options.Mode = defaultMode;
        }

        var result = new ApiAuthenticationOptionsValidator().Validate(null, options);
        return result.Failed ? throw new OptionsValidationException(SectionName, typeof(ApiAuthenticationOptions), result.Failures) : options;
    }

    public bool IsDevToken => string.Equals(Mode, DevTokenMode, StringComparison.OrdinalIgnoreCase);

    public bool IsAppService => string.Equals(Mode, AppServiceMode, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Checks the authentication settings at start-up and says, per setting, what to change.</summary>
public sealed class ApiAuthenticationOptionsValidator : IValidateOptions<ApiAuthenticationOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiAuthenticationOptions options)
    {
        var problems = new List<string>();
        if (!options.IsDevToken && !options.IsAppService)
        {
            problems.Add(string.IsNullOrWhiteSpace(options.Mode)
                ? $"{ApiAuthenticationOptions.SectionName}:Mode is not set; use '{ApiAuthenticationOptions.DevTokenMode}' (local) or '{ApiAuthenticationOptions.AppServiceMode}' (Azure, behind App Service authentication)."
                : $"{ApiAuthenticationOptions.SectionName}:Mode = '{options.Mode}' is not an authentication mode; use '{ApiAuthenticationOptions.DevTokenMode}' (local) or '{ApiAuthenticationOptions.AppServiceMode}' (Azure, behind App Service authentication).");
        }

        if (options.IsDevToken && string.IsNullOrWhiteSpace(options.DevTokenKeyPath))
        {
            problems.Add($"{ApiAuthenticationOptions.SectionName}:DevTokenKeyPath must name the signing key file (default '{DevTokenKey.DefaultFileName}').");
        }

        if (options.DevTokenLifetime <= TimeSpan.Zero || options.DevTokenLifetime > ApiAuthenticationOptions.MaxDevTokenLifetime)
        {
            problems.Add($"{ApiAuthenticationOptions.SectionName}:DevTokenLifetime = {options.DevTokenLifetime} must be more than zero and at most 30 days (30.00:00:00).");
        }

        return problems.Count > 0 ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
