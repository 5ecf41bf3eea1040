using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace FoiPipeline.Api;

/// <summary>
/// The reviewer page (<c>Page/</c>: one HTML file, its script and its styles, embedded in this assembly), served
/// at <c>/api/page/</c> by both hosts. Everything the page needs comes from this host, and its content security
/// policy forbids anything else, so it makes no third-party request.
/// </summary>
public static class ReviewPage
{
    public const string Path = "/" + ReviewEndpoints.RoutePrefix + "/page/";

    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static readonly Dictionary<string, string> Files = new(StringComparer.Ordinal)
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["app.js"] = "text/javascript; charset=utf-8",
        ["app.css"] = "text/css; charset=utf-8",
    };

    private static readonly Dictionary<string, byte[]> Content = Files.Keys.ToDictionary(name => name, Load, StringComparer.Ordinal);

    /// <summary>The page's file <paramref name="file"/> (empty: the page itself), or a problem+json 404 for any other name.</summary>
    public static IResult Serve(string? file)
    {
        var name = string.IsNullOrEmpty(file) ? "index.html" : file;
        return Files.TryGetValue(name, out var contentType)
            ? new PageFile(Content[name], contentType)
            : Problems.NotFound($"The reviewer page has no file \"{JsonBody.Clip(name)}\"; open {Path}.");
    }

    private static byte[] Load(string name)
    {
        var resource = "FoiPipeline.Api.Page." + name;
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The reviewer page's {resource} is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private sealed class PageFile(byte[] content, string contentType) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            response.Headers.ContentSecurityPolicy = Policy;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers["Referrer-Policy"] = "no-referrer";

            // Small files; revalidated each load so a new release's page and API never mix.
            response.Headers.CacheControl = "no-cache";
            response.ContentLength = content.Length;
            await response.Body.WriteAsync(content, httpContext.RequestAborted);
        }
    }
}
