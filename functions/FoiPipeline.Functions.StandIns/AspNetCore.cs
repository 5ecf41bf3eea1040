// Stand-in for Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore 2.1.1, namespace
// Microsoft.Azure.Functions.Worker.Builder. Checked against Azure/azure-functions-dotnet-worker
// extensions/Worker.Extensions.Http.AspNetCore/src/FunctionsApplicationBuilderAspNetCoreExtensions.cs (2aa0b8f).
// Only the parameterless overload is here: the other two take IFunctionsWorkerApplicationBuilder, which
// the builder stand-in leaves out (see Builder.cs), and FoiPipeline does not configure worker middleware.
namespace Microsoft.Azure.Functions.Worker.Builder;

public static class FunctionsApplicationBuilderAspNetCoreExtensions
{
    public static FunctionsApplicationBuilder ConfigureFunctionsWebApplication(this FunctionsApplicationBuilder builder)
        => throw FunctionsApplicationBuilder.NotRunnable();
}
