using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FoiPipeline.Api;

/// <summary>One endpoint of the reviewer API: its name (the Functions app's function name), method, route under <c>/api</c>, and handler.</summary>
public sealed record ApiEndpoint(string Name, string Method, string Route, Func<ReviewApi, HttpRequest, string, CancellationToken, Task<IResult>> Handle);

/// <summary>
/// The reviewer API's endpoints: the one list both hosts serve (the local host maps it onto Kestrel; the
/// Functions app has one HttpTrigger per entry, checked against this list by a test), and the OpenAPI
/// document describes.
/// </summary>
public static class ReviewEndpoints
{
    /// <summary>The Functions host's default route prefix (host.json <c>extensions.http.routePrefix</c>), kept by the local host.</summary>
    public const string RoutePrefix = "api";

    /// <summary>The largest request body any endpoint reads; a host may cut off larger bodies before they reach the handlers.</summary>
    public const int MaxBodyBytes = JsonBody.MaxBytes;

    public static IReadOnlyList<ApiEndpoint> All { get; } =
    [
        new("GetCaller", HttpMethods.Get, "me", (api, request, _, ct) => api.MeAsync(request, ct)),
        new("ListThemes", HttpMethods.Get, "themes", (api, request, _, ct) => api.ThemesAsync(request, ct)),
        new("ListRequests", HttpMethods.Get, "requests", (api, request, _, ct) => api.ListAsync(request, ct)),
        new("GetRequest", HttpMethods.Get, "requests/{id}", (api, request, id, ct) => api.GetAsync(request, id, ct)),
        new("GetOriginal", HttpMethods.Get, "requests/{id}/original", (api, request, id, ct) => api.OriginalAsync(request, id, ct)),
        new("GetAudit", HttpMethods.Get, "requests/{id}/audit", (api, request, id, ct) => api.AuditAsync(request, id, ct)),
        new("ClaimRequest", HttpMethods.Post, "requests/{id}/claim", (api, request, id, ct) => api.ClaimAsync(request, id, ct)),
        new("ReleaseRequest", HttpMethods.Post, "requests/{id}/release", (api, request, id, ct) => api.ReleaseAsync(request, id, ct)),
        new("EditQuestions", HttpMethods.Put, "requests/{id}/questions", (api, request, id, ct) => api.EditQuestionsAsync(request, id, ct)),
        new("EditThemes", HttpMethods.Put, "requests/{id}/themes", (api, request, id, ct) => api.EditThemesAsync(request, id, ct)),
        new("SetStatus", HttpMethods.Post, "requests/{id}/status", (api, request, id, ct) => api.SetStatusAsync(request, id, ct)),
        new("AddNote", HttpMethods.Post, "requests/{id}/notes", (api, request, id, ct) => api.AddNoteAsync(request, id, ct)),
        new("ListCorrections", HttpMethods.Get, "corrections", (api, request, _, ct) => api.CorrectionsAsync(request, ct)),
        new("ListReplay", HttpMethods.Get, "admin/replay", (api, request, _, ct) => api.ListReplayAsync(request, ct)),
        new("Replay", HttpMethods.Post, "admin/replay", (api, request, _, ct) => api.ReplayAsync(request, ct)),
        new("ListHeld", HttpMethods.Get, "admin/held", (api, request, _, ct) => api.ListHeldAsync(request, ct)),
        new("ReleaseHeld", HttpMethods.Post, "admin/held/{id}/release", (api, request, id, ct) => api.ReleaseHeldAsync(request, id, ct)),
    ];

    /// <summary>
    /// Maps every endpoint under <c>/api</c>, and answers any other <c>/api</c> path or method with a
    /// problem+json 404 or 405 rather than an empty page.
    /// </summary>
    public static IEndpointRouteBuilder MapReviewApi(this IEndpointRouteBuilder routes)
    {
        foreach (var endpoint in All)
        {
            routes.MapMethods($"/{RoutePrefix}/{endpoint.Route}", [endpoint.Method], async context =>
            {
                var result = await endpoint.Handle(
                    context.RequestServices.GetRequiredService<ReviewApi>(),
                    context.Request,
                    context.Request.RouteValues["id"] as string ?? string.Empty,
                    context.RequestAborted);
                await result.ExecuteAsync(context);
            });
        }

        routes.MapGet($"/{RoutePrefix}/openapi.json", context => OpenApiDocument.Result().ExecuteAsync(context));
        routes.MapGet($"/{RoutePrefix}/page/{{file?}}", context => ReviewPage.Serve(context.Request.RouteValues["file"] as string).ExecuteAsync(context));
        routes.MapGet("/", context => Results.Redirect(ReviewPage.Path).ExecuteAsync(context));
        routes.Map($"/{RoutePrefix}/{{**rest}}", context => NotMapped(context.Request).ExecuteAsync(context));
        return routes;
    }

    /// <summary>The answer for a path or method no endpoint serves.</summary>
    public static IResult NotMapped(HttpRequest request)
    {
        var path = request.Path.Value ?? string.Empty;
        var methods = All.Where(e => Matches(e.Route, path)).Select(e => e.Method).ToList();
        return methods.Count > 0
            ? Problems.MethodNotAllowed($"{request.Method} is not allowed on {path}; use {string.Join(" or ", methods)}.")
            : Problems.NotFound($"There is no endpoint at {JsonBody.Clip(path)}; the API is described at /{RoutePrefix}/openapi.json.");
    }

    private static bool Matches(string route, string path)
    {
        var routeParts = route.Split('/');
        var pathParts = path.Trim('/').Split('/').Skip(1).ToArray();
        return routeParts.Length == pathParts.Length
               && routeParts.Zip(pathParts).All(p => p.First.StartsWith('{') || string.Equals(p.First, p.Second, StringComparison.OrdinalIgnoreCase));
    }
}
