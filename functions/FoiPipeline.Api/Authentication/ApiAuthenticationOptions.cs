// Placeholder until the authentication branch lands; replaced by it.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace FoiPipeline.Api.Authentication;

public sealed class ApiAuthenticationOptions
{
    public const string DevToken = "dev-token";
    public const string AppService = "app-service";
}

public static class PlaceholderAuthenticationExtensions
{
    public static IServiceCollection AddReviewerAuthentication(this IServiceCollection services, IConfiguration configuration, string dataDirectory, string defaultMode) => services;
}
