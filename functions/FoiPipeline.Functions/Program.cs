using FoiPipeline.Functions;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.Services.AddFoiPipelineFunctions(builder.Configuration, AppContext.BaseDirectory);
builder.Build().Run();
