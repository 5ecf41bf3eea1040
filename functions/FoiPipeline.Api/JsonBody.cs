using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace FoiPipeline.Api;

/// <summary>
/// A request body read as a JSON object, within a size limit, with only the fields an action knows.
/// Each problem becomes a message that names the field and says what is expected, so a caller can fix
/// the request without reading our code.
/// </summary>
internal sealed class JsonBody
{
    /// <summary>The largest body any action accepts: a reviewer's split of a long letter fits with room to spare.</summary>
    public const int MaxBytes = 256 * 1024;

    private readonly JsonElement _root;

    private JsonBody(JsonElement root) => _root = root;

    /// <summary>
    /// Reads the body, which must be JSON (or empty when <paramref name="optional"/>), an object, and hold only
    /// <paramref name="fields"/>. Returns the problem response instead when it is not.
    /// </summary>
    public static async Task<(JsonBody? Body, IResult? Problem)> ReadAsync(HttpRequest request, IReadOnlyCollection<string> fields, bool optional, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, Problems.TooLarge($"The body is {request.ContentLength} bytes; at most {MaxBytes} are accepted."));
        }

        var bytes = await ReadLimitedAsync(request.Body, cancellationToken);
        if (bytes is null)
        {
            return (null, Problems.TooLarge($"The body is larger than the {MaxBytes} bytes accepted."));
        }

        if (bytes.Length == 0 || bytes.All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
        {
            return optional
                ? (new JsonBody(EmptyObject()), null)
                : (null, Problems.BadRequest($"Send a JSON object with {Describe(fields)}."));
        }

        if (!IsJson(request.ContentType))
        {
            return (null, Problems.UnsupportedMediaType($"Send the body as application/json (it was {(string.IsNullOrEmpty(request.ContentType) ? "not labelled" : "'" + request.ContentType + "'")})."));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, position {ex.BytePositionInLine + 1}" : string.Empty;
            return (null, Problems.BadRequest($"The body is not valid JSON{where}."));
        }

        using (document)
        {
            var root = document.RootElement.Clone();
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, Problems.BadRequest($"The body must be a JSON object with {Describe(fields)}, not {Kind(root)}."));
            }

            foreach (var property in root.EnumerateObject())
            {
                if (!fields.Contains(property.Name))
                {
                    return (null, Problems.BadRequest($"Unknown field \"{Clip(property.Name)}\": {(fields.Count == 0 ? "this action takes no fields" : "the fields are " + string.Join(", ", fields.Select(f => $"\"{f}\"")))}."));
                }
            }

            var names = root.EnumerateObject().Select(p => p.Name).ToList();
            if (names.Count != names.Distinct(StringComparer.Ordinal).Count())
            {
                return (null, Problems.BadRequest("A field appears twice in the body; send each field once."));
            }

            return (new JsonBody(root), null);
        }
    }

    /// <summary>A string field; the problem when it is missing (if required), not a string, or longer than allowed.</summary>
    public bool TryString(string name, bool required, int maxLength, out string? value, out string? problem)
    {
        value = null;
        problem = null;
        if (!_root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            problem = required ? $"\"{name}\" is required." : null;
            return !required;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            problem = $"\"{name}\" must be a string, not {Kind(element)}.";
            return false;
        }

        value = element.GetString()!;
        if (value.Length > maxLength)
        {
            problem = $"\"{name}\" is {value.Length} characters; at most {maxLength} are allowed.";
            return false;
        }

        return true;
    }

    /// <summary>An optional true/false field; <paramref name="value"/> stays false when it is absent.</summary>
    public bool TryBoolean(string name, out bool value, out string? problem)
    {
        value = false;
        problem = null;
        if (!_root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            problem = $"\"{name}\" must be true or false, not {Kind(element)}.";
            return false;
        }

        value = element.GetBoolean();
        return true;
    }

    /// <summary>An optional whole-number field from <paramref name="min"/> to <paramref name="max"/>; null when absent.</summary>
    public bool TryInteger(string name, int min, int max, out int? value, out string? problem)
    {
        value = null;
        problem = null;
        if (!_root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var number) || number < min || number > max)
        {
            problem = $"\"{name}\" must be a whole number from {min} to {max}.";
            return false;
        }

        value = number;
        return true;
    }

    /// <summary>An optional array of strings; empty when absent.</summary>
    public bool TryOptionalStrings(string name, int maxItems, int maxLength, out List<string> values, out string? problem)
    {
        values = [];
        if (!_root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            problem = null;
            return true;
        }

        return TryArray(name, maxItems, out var items, out problem) && TryStrings(items, name, maxLength, out values, out problem);
    }

    /// <summary>An array field (required), as its elements.</summary>
    public bool TryArray(string name, int maxItems, out IReadOnlyList<JsonElement> items, out string? problem)
    {
        items = [];
        problem = null;
        if (!_root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            problem = $"\"{name}\" is required.";
            return false;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            problem = $"\"{name}\" must be an array, not {Kind(element)}.";
            return false;
        }

        if (element.GetArrayLength() > maxItems)
        {
            problem = $"\"{name}\" holds {element.GetArrayLength()} items; at most {maxItems} are allowed.";
            return false;
        }

        items = [.. element.EnumerateArray()];
        return true;
    }

    /// <summary>An array of strings, each at most <paramref name="maxLength"/> long; <paramref name="where"/> names it in messages.</summary>
    public static bool TryStrings(IReadOnlyList<JsonElement> items, string where, int maxLength, out List<string> values, out string? problem)
    {
        values = [];
        problem = null;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].ValueKind != JsonValueKind.String || items[i].GetString()!.Length > maxLength)
            {
                problem = $"{where}[{i}] must be a string of at most {maxLength} characters.";
                return false;
            }

            values.Add(items[i].GetString()!);
        }

        return true;
    }

    public static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    public static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "…";

    private static string Describe(IReadOnlyCollection<string> fields)
        => fields.Count == 0 ? "no fields" : "the fields " + string.Join(", ", fields.Select(f => $"\"{f}\""));

    private static bool IsJson(string? contentType)
        => MediaTypeHeaderValue.TryParse(contentType, out var media)
           && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
               || media.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true)
           && (media.Charset.Value is null || media.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    /// <summary>The body's bytes, or null as soon as it passes <see cref="MaxBytes"/> (a missing or false Content-Length cannot make us buffer more).</summary>
    private static async Task<byte[]?> ReadLimitedAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static JsonElement EmptyObject()
    {
        using var document = JsonDocument.Parse("{}"u8.ToArray());
        return document.RootElement.Clone();
    }
}
