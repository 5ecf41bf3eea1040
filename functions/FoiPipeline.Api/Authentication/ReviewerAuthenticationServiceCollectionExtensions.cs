using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Api.Authentication;

/// <summary>Registers the <see cref="IReviewerAuthenticator"/> that the configured mode calls for.</summary>
public static class ReviewerAuthenticationServiceCollectionExtensions
{
    /// <param name="services">Where the authenticator (and, in <c>dev-token</c> mode, <see cref="DevTokenIssuer"/>) is registered.</param>
    /// <param name="configuration">Read at <see cref="ApiAuthenticationOptions.SectionName"/>.</param>
    /// <param name="dataDirectory">The host's data folder; a relative key path is resolved against it.</param>
    /// <param name="defaultMode">The host's mode when configuration names none: <c>dev-token</c> locally, <c>app-service</c> in Functions.</param>
    /// <exception cref="OptionsValidationException">The configuration is not valid; the failures say what to change.</exception>
    public static IServiceCollection AddReviewerAuthentication(
        this IServiceCollection services, IConfiguration configuration, string dataDirectory, string defaultMode)
    {
        var options = ApiAuthenticationOptions.From(configuration, defaultMode);
        services.AddSingleton(Options.Create(options));

        if (options.IsAppService)
        {
            services.AddSingleton<IReviewerAuthenticator, AppServiceAuthenticator>();
            return services;
        }

        var keyPath = Path.Combine(dataDirectory, options.DevTokenKeyPath);

        // The key file is created when first needed, not at registration, so building the container touches no disk.
        services.AddSingleton(provider => new DevTokens(DevTokenKey.LoadOrCreate(keyPath), provider.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton(provider => new DevTokenIssuer(provider.GetRequiredService<DevTokens>(), options.DevTokenLifetime));
        services.AddSingleton<IReviewerAuthenticator>(provider => new DevTokenAuthenticator(provider.GetRequiredService<DevTokens>()));
        return services;
    }
}
