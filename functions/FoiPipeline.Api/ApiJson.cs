using System.Text.Json;
using FoiPipeline.Pipeline;
using Microsoft.AspNetCore.Http;

namespace FoiPipeline.Api;

/// <summary>How the API writes JSON: the pipeline's shape (camelCase, kebab-case enums), never cached.</summary>
internal static class ApiJson
{
    public const string ContentType = "application/json; charset=utf-8";

    public static IResult Ok<T>(T value, string? etag = null) => new JsonResult<T>(value, StatusCodes.Status200OK, etag);

    public static IResult Created<T>(T value, string? etag = null) => new JsonResult<T>(value, StatusCodes.Status201Created, etag);

    public static async Task WriteAsync<T>(HttpResponse response, T value, int status, string contentType)
    {
        response.StatusCode = status;
        response.ContentType = contentType;

        // Review data is personal and changes under the reader: no shared or stale copies.
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
        await JsonSerializer.SerializeAsync(response.Body, value, PipelineJson.Options, response.HttpContext.RequestAborted);
    }

    /// <summary>An ETag header value for a review version: the version in quotes.</summary>
    public static string ETag(string version) => $"\"{version}\"";

    private sealed class JsonResult<T>(T value, int status, string? etag) : IResult, IStatusCodeHttpResult
    {
        public int? StatusCode => status;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            if (etag is not null)
            {
                httpContext.Response.Headers.ETag = ETag(etag);
            }

            return WriteAsync(httpContext.Response, value, status, ContentType);
        }
    }
}
