using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Stand-ins for Microsoft.Azure.Functions.Worker 2.x, namespace Microsoft.Azure.Functions.Worker.Builder.
// Checked against Azure/azure-functions-dotnet-worker src/DotNetWorker/Builder/FunctionsApplication.cs
// (65c6ad1) and FunctionsApplicationBuilder.cs (146abd8). The real builder also implements
// IFunctionsWorkerApplicationBuilder, whose Use(...) needs FunctionContext; it is left out because
// FoiPipeline binds CancellationToken and injected loggers instead of FunctionContext.
namespace Microsoft.Azure.Functions.Worker.Builder;

public class FunctionsApplication
{
    public static FunctionsApplicationBuilder CreateBuilder(string[] args) => throw FunctionsApplicationBuilder.NotRunnable();
}

public class FunctionsApplicationBuilder : IHostApplicationBuilder
{
    internal FunctionsApplicationBuilder()
    {
    }

    public IDictionary<object, object> Properties => throw NotRunnable();

    IConfigurationManager IHostApplicationBuilder.Configuration => Configuration;

    public ConfigurationManager Configuration => throw NotRunnable();

    public IHostEnvironment Environment => throw NotRunnable();

    public ILoggingBuilder Logging => throw NotRunnable();

    public IMetricsBuilder Metrics => throw NotRunnable();

    public IServiceCollection Services => throw NotRunnable();

    public IHost Build() => throw NotRunnable();

    public void ConfigureContainer<TContainerBuilder>(IServiceProviderFactory<TContainerBuilder> factory, Action<TContainerBuilder>? configure = null)
        where TContainerBuilder : notnull
        => throw NotRunnable();

    internal static PlatformNotSupportedException NotRunnable() => new(
        "This FoiPipeline.Functions build uses compile-time stand-ins for the Azure Functions worker and cannot run. " +
        "Build it with -p:UseFunctionsWorker=true on a machine whose NuGet feed has Microsoft.Azure.Functions.Worker, " +
        "or run the pipeline locally with `foi run`.");
}
