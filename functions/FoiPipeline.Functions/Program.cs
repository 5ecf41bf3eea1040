using FoiPipeline.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

// ASP.NET Core integration: the reviewer API's HttpTriggers take HttpRequest and return IActionResult.
builder.ConfigureFunctionsWebApplication();
builder.Services.AddFoiPipelineFunctions(builder.Configuration, AppContext.BaseDirectory);
#if FUNCTIONS_WORKER
builder.Services.AddFoiPipelineTelemetry(builder.Configuration);
#endif
builder.Build().Run();
