using FoiPipeline.Api;
using FoiPipeline.Api.Authentication;
using FoiPipeline.Review;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the reviewer API for a host: the review service, the handlers and the way callers are identified.</summary>
public static class ApiServiceCollectionExtensions
{
    /// <param name="services">The host's services (which already hold FoiPipeline.Core's).</param>
    /// <param name="configuration">The host's configuration (<c>FoiPipeline:Api</c>).</param>
    /// <param name="dataDirectory">Where the development token key lives.</param>
    /// <param name="defaultAuthentication">How callers are identified unless configured: development tokens locally, App Service authentication in Azure.</param>
    public static IServiceCollection AddReviewApi(this IServiceCollection services, IConfiguration configuration, string dataDirectory, string defaultAuthentication)
    {
        services.TryAddSingleton<ReviewService>();
        services.TryAddSingleton<ReviewApi>();
        services.AddReviewerAuthentication(configuration, dataDirectory, defaultAuthentication);
        return services;
    }
}
