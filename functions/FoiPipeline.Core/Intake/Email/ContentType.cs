using System.Text;

namespace FoiPipeline.Intake.Email;

/// <summary>A parsed Content-Type header: media type and parameters (RFC 2045 5.1).</summary>
public sealed record ContentType(string MediaType, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>What RFC 2045 says to assume when a part has no Content-Type.</summary>
    public static ContentType Default { get; } = new("text/plain", new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["charset"] = "us-ascii" });

    public string? Charset => Parameters.GetValueOrDefault("charset");

    public string? Boundary => Parameters.GetValueOrDefault("boundary");

    public bool IsMultipart => MediaType.StartsWith("multipart/", StringComparison.Ordinal);

    public static ContentType Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return Default;
        }

        var parts = SplitParameters(header);
        var mediaType = parts[0].Trim().ToLowerInvariant();
        if (!mediaType.Contains('/', StringComparison.Ordinal))
        {
            return Default;
        }

        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var parameter in parts.Skip(1))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var name = parameter[..equals].Trim();
            var value = Unquote(parameter[(equals + 1)..].Trim());
            parameters.TryAdd(name, value);
        }

        return new ContentType(mediaType, parameters);
    }

    // Splits on ';' outside quoted strings.
    private static List<string> SplitParameters(string header)
    {
        var result = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < header.Length; i++)
        {
            var c = header[i];
            if (c == '\\' && quoted && i + 1 < header.Length)
            {
                current.Append(c).Append(header[++i]);
                continue;
            }

            if (c == '"')
            {
                quoted = !quoted;
            }

            if (c == ';' && !quoted)
            {
                result.Add(current.ToString());
                current.Clear();
                continue;
            }

            current.Append(c);
        }

        result.Add(current.ToString());
        return result;
    }

    private static string Unquote(string value)
    {
        if (value.Length >= 2 && value[0] == '"' && value[^1] == '"')
        {
            var inner = new StringBuilder(value.Length);
            for (var i = 1; i < value.Length - 1; i++)
            {
                if (value[i] == '\\' && i + 1 < value.Length - 1)
                {
                    i++;
                }

                inner.Append(value[i]);
            }

            return inner.ToString();
        }

        return value;
    }
}
