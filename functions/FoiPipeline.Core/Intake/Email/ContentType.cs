using System.Globalization;
using System.Text;

namespace FoiPipeline.Intake.Email;

/// <summary>
/// A structured header value with parameters (RFC 2045 5.1): Content-Type and Content-Disposition. Parameters
/// in RFC 2231 form (<c>filename*=utf-8''%E2%80%A6</c>, and continuations <c>name*0*=</c>, <c>name*1*=</c>) are
/// joined and decoded; RFC 2047 encoded words in quoted values (what Outlook writes) are decoded too.
/// </summary>
public sealed record HeaderValue(string Value, IReadOnlyDictionary<string, string> Parameters)
{
    public string? this[string name] => Parameters.GetValueOrDefault(name);

    public static HeaderValue Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return new HeaderValue(string.Empty, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
        }

        var parts = SplitParameters(header);
        var raw = new List<(string Name, string Value)>();
        foreach (var parameter in parts.Skip(1))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                raw.Add((parameter[..equals].Trim(), Unquote(parameter[(equals + 1)..].Trim())));
            }
        }

        return new HeaderValue(parts[0].Trim().ToLowerInvariant(), Combine(raw));
    }

    // RFC 2231: "name*" is charset'language'percent-encoded; "name*0", "name*1"... are pieces of one value.
    private static Dictionary<string, string> Combine(List<(string Name, string Value)> raw)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var pieces = new Dictionary<string, SortedDictionary<int, (string Value, bool Encoded)>>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in raw)
        {
            var star = name.IndexOf('*', StringComparison.Ordinal);
            if (star < 0)
            {
                result.TryAdd(name, EncodedWords.Decode(value));
                continue;
            }

            var baseName = name[..star];
            var rest = name[(star + 1)..];
            var encoded = rest.EndsWith('*') || rest.Length == 0;
            var index = int.TryParse(rest.TrimEnd('*'), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 0;
            if (!pieces.TryGetValue(baseName, out var list))
            {
                pieces[baseName] = list = [];
            }

            list.TryAdd(index, (value, encoded));
        }

        foreach (var (name, list) in pieces)
        {
            // Only the first piece carries the charset'language' prefix.
            var first = list.Values.First();
            var charset = "utf-8";
            var joined = new StringBuilder();
            var isFirst = true;
            foreach (var (value, encoded) in list.Values)
            {
                var text = value;
                if (isFirst && first.Encoded)
                {
                    var quote = text.IndexOf('\'', StringComparison.Ordinal);
                    var second = quote < 0 ? -1 : text.IndexOf('\'', quote + 1);
                    if (second > quote)
                    {
                        charset = quote > 0 ? text[..quote] : charset;
                        text = text[(second + 1)..];
                    }
                }

                joined.Append(encoded ? PercentDecode(text, charset) : text);
                isFirst = false;
            }

            result[name] = joined.ToString(); // RFC 2231 values win over plain ones of the same name
        }

        return result;
    }

    private static string PercentDecode(string text, string charset)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 2 < text.Length && byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }

        return TextDecoding.Decode(bytes.ToArray(), charset).Text;
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

/// <summary>A parsed Content-Type: the media type and its parameters.</summary>
public sealed record ContentType(string MediaType, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>What RFC 2045 says to assume when a part has no Content-Type.</summary>
    public static ContentType Default { get; } = new("text/plain", new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["charset"] = "us-ascii" });

    public string? Charset => Parameters.GetValueOrDefault("charset");

    public string? Boundary => Parameters.GetValueOrDefault("boundary");

    public string? Name => Parameters.GetValueOrDefault("name");

    public bool IsMultipart => MediaType.StartsWith("multipart/", StringComparison.Ordinal);

    public bool IsText => MediaType is "text/plain" or "text/html";

    public static ContentType Parse(string? header)
    {
        var value = HeaderValue.Parse(header);
        return value.Value.Contains('/', StringComparison.Ordinal) ? new ContentType(value.Value, value.Parameters) : Default;
    }
}
