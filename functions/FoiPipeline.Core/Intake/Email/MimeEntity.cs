using System.Text;

namespace FoiPipeline.Intake.Email;

/// <summary>
/// One node of a MIME message (RFC 2045/2046): its headers, and either its body, its child parts (multipart),
/// or the message it carries (message/rfc822, a forwarded email). Parsing stops at a fixed depth so a
/// maliciously nested message cannot exhaust the stack.
/// </summary>
public sealed class MimeEntity
{
    public const int MaxDepth = 12;

    private MimeEntity(MimeHeaders headers, ReadOnlyMemory<byte> body, IReadOnlyList<MimeEntity> children, MimeEntity? message)
    {
        Headers = headers;
        RawBody = body;
        Children = children;
        Message = message;
        ContentType = ContentType.Parse(headers["Content-Type"]);
        Disposition = HeaderValue.Parse(headers["Content-Disposition"]);
    }

    public MimeHeaders Headers { get; }

    public ContentType ContentType { get; }

    public HeaderValue Disposition { get; }

    /// <summary>The body as it is on the wire (still base64 or quoted-printable encoded).</summary>
    public ReadOnlyMemory<byte> RawBody { get; }

    public IReadOnlyList<MimeEntity> Children { get; }

    /// <summary>The embedded email of a message/rfc822 part.</summary>
    public MimeEntity? Message { get; }

    public bool IsAttachment => Disposition.Value == "attachment";

    public bool IsInline => Disposition.Value == "inline";

    public string? ContentId => Headers["Content-ID"]?.Trim().Trim('<', '>');

    /// <summary>The file name the sender gave, from Content-Disposition or (older mailers) Content-Type.</summary>
    public string? FileName => Disposition["filename"] ?? ContentType.Name;

    public static MimeEntity Parse(ReadOnlyMemory<byte> raw, int depth = 0)
    {
        var headers = MimeHeaders.Parse(raw.Span, out var bodyStart);
        var body = raw[bodyStart..];
        var contentType = ContentType.Parse(headers["Content-Type"]);
        if (depth < MaxDepth && contentType.IsMultipart && contentType.Boundary is { Length: > 0 } boundary)
        {
            var children = SplitMultipart(body, boundary).Select(part => Parse(part, depth + 1)).ToList();
            return new MimeEntity(headers, body, children, null);
        }

        if (depth < MaxDepth && contentType.MediaType == "message/rfc822")
        {
            var decoded = DecodeTransfer(body.Span, headers["Content-Transfer-Encoding"]);
            return new MimeEntity(headers, body, [], Parse(decoded, depth + 1));
        }

        return new MimeEntity(headers, body, [], null);
    }

    /// <summary>The body with its transfer encoding (base64, quoted-printable) undone.</summary>
    public byte[] DecodedBody() => DecodeTransfer(RawBody.Span, Headers["Content-Transfer-Encoding"]);

    /// <summary>Every entity in the tree, depth first, this one included; embedded messages are not entered.</summary>
    public IEnumerable<MimeEntity> Descendants()
    {
        yield return this;
        foreach (var child in Children.SelectMany(c => c.Descendants()))
        {
            yield return child;
        }
    }

    /// <summary>Splits a multipart body at its boundary lines; the preamble and epilogue are dropped.</summary>
    private static List<ReadOnlyMemory<byte>> SplitMultipart(ReadOnlyMemory<byte> body, string boundary)
    {
        var delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        var span = body.Span;
        var parts = new List<ReadOnlyMemory<byte>>();
        int? partStart = null;
        var position = 0;
        while (position < span.Length)
        {
            var next = MimeHeaders.NextLine(span, position, out var lineLength);
            var line = span.Slice(position, lineLength).TrimEnd((ReadOnlySpan<byte>)[(byte)' ', (byte)'\t']);
            if (line.StartsWith(delimiter))
            {
                var rest = line[delimiter.Length..];
                var closing = rest.SequenceEqual("--"u8);
                if (rest.IsEmpty || closing)
                {
                    if (partStart is { } start)
                    {
                        // The line break before a boundary belongs to the boundary, not the part.
                        var end = position;
                        if (end > start && span[end - 1] == '\n')
                        {
                            end--;
                        }

                        if (end > start && span[end - 1] == '\r')
                        {
                            end--;
                        }

                        parts.Add(body[start..end]);
                    }

                    if (closing)
                    {
                        return parts;
                    }

                    partStart = next;
                }
            }

            position = next;
        }

        // No closing boundary (a truncated message): keep the last part rather than lose it.
        if (partStart is { } last && last < span.Length)
        {
            parts.Add(body[last..]);
        }

        return parts;
    }

    internal static byte[] DecodeTransfer(ReadOnlySpan<byte> body, string? encoding)
    {
        switch (encoding?.Trim().ToLowerInvariant())
        {
            case "base64":
                var clean = new StringBuilder(body.Length);
                foreach (var b in body)
                {
                    if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'+' or (byte)'/')
                    {
                        clean.Append((char)b);
                    }
                }

                // Drop an incomplete trailing group rather than fail the whole part.
                var usable = clean.Length - (clean.Length % 4 == 1 ? 1 : 0);
                var padded = clean.ToString(0, usable).PadRight(usable + ((4 - (usable % 4)) % 4), '=');
                return Convert.FromBase64String(padded);
            case "quoted-printable":
                return QuotedPrintable.DecodeBody(body);
            default:
                return body.ToArray();
        }
    }
}
