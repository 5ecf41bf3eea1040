using System.Text;
using System.Text.RegularExpressions;
using FoiPipeline.TestFixtures;

namespace FoiPipeline.IntegrationTests.Fixtures;

/// <summary>A parsed MIME entity: unfolded headers, and either a decoded body or child parts.</summary>
internal sealed record MimePart(IReadOnlyList<(string Name, string Value)> Headers, byte[] Body, IReadOnlyList<MimePart> Children)
{
    public string? Header(string name) => Headers.FirstOrDefault(header => header.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public string ContentType => (Header("Content-Type") ?? "text/plain").Split(';')[0].Trim().ToLowerInvariant();

    public string? Parameter(string header, string name)
    {
        var match = Regex.Match(Header(header) ?? string.Empty, $@"(?:^|;)\s*{Regex.Escape(name)}=""?([^"";]*)""?", RegexOptions.IgnoreCase);
        return match.Success ? match.Groups[1].Value : null;
    }

    /// <summary>The body decoded to text with the part's charset.</summary>
    public string Text => MimeEncoding.Charset(Parameter("Content-Type", "charset") ?? "us-ascii").GetString(Body);

    public IEnumerable<MimePart> Descendants() => Children.SelectMany(child => child.Descendants().Prepend(child));
}

/// <summary>
/// Just enough of a MIME reader to check the fixtures' structure independently of the builder: it insists on
/// CRLF, unfolds headers, splits multiparts on their declared boundary (requiring the close delimiter) and
/// undoes base64 and quoted-printable. Not the pipeline's reader.
/// </summary>
internal static class MimeReader
{
    public static MimePart Parse(byte[] message)
    {
        var text = Encoding.Latin1.GetString(message);
        Assert.DoesNotMatch(new Regex("(?<!\r)\n"), text);
        Assert.DoesNotMatch(new Regex("\r(?!\n)"), text);
        return ParseEntity(text);
    }

    /// <summary>Decodes RFC 2047 encoded-words in a header value.</summary>
    public static string DecodeHeader(string value)
    {
        var unfolded = Regex.Replace(value, @"\?=\r\n[ \t]+=\?", "?==?");
        return Regex.Replace(unfolded, @"=\?([^?]+)\?([BbQq])\?([^?]*)\?=", match =>
        {
            var charset = MimeEncoding.Charset(match.Groups[1].Value);
            var payload = match.Groups[3].Value;
            var bytes = match.Groups[2].Value.Equals("B", StringComparison.OrdinalIgnoreCase)
                ? Convert.FromBase64String(payload)
                : DecodeQuotedPrintable(payload.Replace('_', ' '));
            return charset.GetString(bytes);
        });
    }

    public static byte[] DecodeQuotedPrintable(string text)
    {
        var output = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '=')
            {
                output.Add((byte)text[i]);
            }
            else if (i + 2 < text.Length && text[i + 1] == '\r' && text[i + 2] == '\n')
            {
                i += 2;
            }
            else
            {
                output.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
        }

        return [.. output];
    }

    private static MimePart ParseEntity(string entity)
    {
        var split = entity.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(split >= 0, "an entity needs a blank line after its headers");
        var headerBlock = entity[..split];
        var body = entity[(split + 4)..];
        var headers = Regex.Split(headerBlock, "\r\n(?![ \t])")
            .Select(line =>
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                Assert.True(colon > 0, $"bad header line: {line}");
                return (line[..colon], line[(colon + 1)..].Trim());
            })
            .ToList();
        var part = new MimePart(headers, [], []);
        if (part.ContentType.StartsWith("multipart/", StringComparison.Ordinal))
        {
            var boundary = part.Parameter("Content-Type", "boundary");
            Assert.False(string.IsNullOrEmpty(boundary), "a multipart needs a boundary");
            var close = body.IndexOf($"\r\n--{boundary}--", StringComparison.Ordinal);
            Assert.True(close >= 0, $"missing close delimiter for {boundary}");
            var segments = body[..close].Split($"\r\n--{boundary}\r\n");
            var children = segments.Skip(1).Select(ParseEntity).ToList();
            return part with { Children = children };
        }

        if (part.ContentType == "message/rfc822")
        {
            return part with { Body = Encoding.Latin1.GetBytes(body), Children = [ParseEntity(body)] };
        }

        var encoding = (part.Header("Content-Transfer-Encoding") ?? "7bit").ToLowerInvariant();
        var decoded = encoding switch
        {
            "base64" => Convert.FromBase64String(Regex.Replace(body, @"\s", string.Empty)),
            "quoted-printable" => DecodeQuotedPrintable(body),
            _ => Encoding.Latin1.GetBytes(body),
        };
        return part with { Body = decoded };
    }
}
