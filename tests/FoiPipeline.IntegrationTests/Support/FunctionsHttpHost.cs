using System.Reflection;
using FoiPipeline.Api;
using FoiPipeline.Functions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FoiPipeline.IntegrationTests.Support;

/// <summary>
/// Serves <see cref="ReviewFunctions"/> over real Kestrel on loopback the way the Functions host's ASP.NET Core
/// integration does, since the real host (func) cannot run here: each <c>[Function]</c> method's
/// <c>[HttpTrigger]</c> methods and route under <c>api/</c>, the HttpRequest, route values bound by parameter
/// name, the request's CancellationToken, the function class made per invocation from the app's services,
/// and the returned IActionResult executed against the response.
/// </summary>
public sealed class FunctionsHttpHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FunctionsHttpHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>Starts serving; <paramref name="services"/> is the Functions app's provider (what its Program builds).</summary>
    public static async Task<FunctionsHttpHost> StartAsync(IServiceProvider services)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRouting();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseRouting();

        foreach (var method in typeof(ReviewFunctions).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
        {
            if (method.GetCustomAttribute<FunctionAttribute>() is not { } function)
            {
                continue;
            }

            var trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Single(a => a is not null)!;

            // As the host: no route means the function's name; no methods means any method.
            var route = $"/{ReviewEndpoints.RoutePrefix}/{trigger.Route ?? function.Name}";
            var invoke = (RequestDelegate)(context => InvokeAsync(services, method, context));
            if (trigger.Methods is { Length: > 0 } methods)
            {
                app.MapMethods(route, [.. methods.Select(m => m.ToUpperInvariant())], invoke);
            }
            else
            {
                app.Map(route, invoke);
            }
        }

        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new FunctionsHttpHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task InvokeAsync(IServiceProvider services, MethodInfo method, HttpContext context)
    {
        // One scope per invocation, which is also the request's services, as the worker's middleware arranges.
        await using var scope = services.CreateAsyncScope();
        context.RequestServices = scope.ServiceProvider;
        var target = method.IsStatic ? null : ActivatorUtilities.CreateInstance(scope.ServiceProvider, method.DeclaringType!);
        var arguments = method.GetParameters().Select(p => Bind(p, context)).ToArray();

        object? returned;
        try
        {
            returned = method.Invoke(target, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }

        var result = returned switch
        {
            Task<IActionResult> pending => await pending,
            IActionResult ready => ready,
            _ => throw new InvalidOperationException($"{method.Name} returned {returned?.GetType().Name ?? "null"}, not an IActionResult."),
        };

        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
    }

    private static object Bind(ParameterInfo parameter, HttpContext context)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return context.Request;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return context.RequestAborted;
        }

        if (parameter.ParameterType == typeof(string) && context.Request.RouteValues.TryGetValue(parameter.Name!, out var value) && value is string text)
        {
            return text;
        }

        throw new InvalidOperationException($"The host cannot bind {parameter.Member.Name}'s parameter {parameter.Name} ({parameter.ParameterType.Name}).");
    }
}
