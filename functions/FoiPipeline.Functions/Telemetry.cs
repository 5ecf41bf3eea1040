using Azure.Monitor.OpenTelemetry.Exporter;
using FoiPipeline.Pipeline;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace FoiPipeline.Functions;

/// <summary>
/// Exports the pipeline's meter and stage spans (<see cref="PipelineMetrics"/>) to Application Insights through
/// OpenTelemetry. Compiled only with <c>-p:UseFunctionsWorker=true</c>, because the OpenTelemetry hosting, Functions
/// worker and Azure Monitor exporter packages do not restore on the team's NuGet copy.
/// </summary>
/// <remarks>
/// Written against the documented shape (learn.microsoft.com/azure/azure-functions/opentelemetry-howto, and the
/// Azure.Monitor.OpenTelemetry.Exporter readme): <c>AddOpenTelemetry().UseFunctionsWorkerDefaults()</c> for the
/// worker's invocation context, then <c>UseAzureMonitorExporter</c>, which reads
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>. When <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> asks for Entra ID
/// (<c>Authorization=AAD</c>, what the infrastructure sets when local authentication is off), the exporter signs in with
/// the app's managed identity, which needs the Monitoring Metrics Publisher role on the Application Insights resource
/// (learn.microsoft.com/azure/azure-monitor/app/azure-ad-authentication).
/// </remarks>
public static class Telemetry
{
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>Adds the exporter when the app has an Application Insights connection string; without one, nothing is exported.</summary>
    public static IServiceCollection AddFoiPipelineTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrEmpty(configuration[ConnectionStringSetting]))
        {
            return services;
        }

        var entraId = configuration[AuthenticationStringSetting]?.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase) == true;
        var credential = entraId ? FunctionsServiceCollectionExtensions.Credential(configuration.GetSection(FunctionsServiceCollectionExtensions.StorageSetting)) : null;
        services.AddOpenTelemetry()
            .UseFunctionsWorkerDefaults()
            .WithMetrics(metrics => metrics.AddMeter(PipelineMetrics.MeterName))
            .WithTracing(tracing => tracing.AddSource(PipelineMetrics.MeterName))
            .UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = configuration[ConnectionStringSetting];
                if (credential is not null)
                {
                    options.Credential = credential;
                }
            });
        return services;
    }
}
