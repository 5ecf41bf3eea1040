using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FoiPipeline.IntegrationTests.Support;

/// <summary>A request the fake answered, with the status it answered and when (since the fake started).</summary>
public sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, TimeSpan At, int Status)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? QueryValue(string name) => ParseQuery(Query).TryGetValue(name, out var value) ? value : null;

    private static Dictionary<string, string> ParseQuery(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .ToDictionary(pair => Uri.UnescapeDataString(pair[0]), pair => pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : "");

    /// <summary>What an HTTP fake records of a request it answered.</summary>
    public static RecordedRequest Of(HttpRequest request, string path, TimeSpan at, int status) => new(
        request.Method,
        path,
        request.QueryString.Value ?? "",
        request.Headers.ToDictionary(header => header.Key, header => header.Value.ToString(), StringComparer.OrdinalIgnoreCase),
        at,
        status);

    /// <summary>Writes an HTTP fake's answer: status, headers, and a JSON body when there is one.</summary>
    public static async Task AnswerAsync(HttpResponse response, int status, IEnumerable<KeyValuePair<string, string>> headers, JsonNode? body, string contentType)
    {
        response.StatusCode = status;
        foreach (var (name, value) in headers)
        {
            response.Headers[name] = value;
        }

        if (body is not null)
        {
            response.ContentType = contentType;
            await response.WriteAsync(body.ToJsonString(), response.HttpContext.RequestAborted);
        }
    }
}
