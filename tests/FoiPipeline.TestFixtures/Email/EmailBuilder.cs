using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace FoiPipeline.TestFixtures;

/// <summary>A mailbox: an address with an optional display name (any characters; encoded as RFC 2047 when not ASCII).</summary>
public sealed record EmailAddress(string Address, string? DisplayName = null)
{
    /// <summary>The mailbox as a header value: <c>Name &lt;address&gt;</c>, quoting or encoding the name as needed.</summary>
    public string ToHeaderValue()
    {
        if (string.IsNullOrEmpty(DisplayName))
        {
            return Address;
        }

        if (DisplayName.Any(c => c > '~' || c < ' '))
        {
            return $"{MimeEncoding.EncodeHeaderText(DisplayName, "utf-8", 'B')} <{Address}>";
        }

        // Names with RFC 5322 specials (a comma in "Shah, Priya", a dot in "J. Smith") must be quoted.
        var plain = DisplayName.All(c => char.IsAsciiLetterOrDigit(c) || " !#$%&'*+-/=?^_`{|}~".Contains(c, StringComparison.Ordinal));
        return plain
            ? $"{DisplayName} <{Address}>"
            : $"\"{DisplayName.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\" <{Address}>";
    }

    public override string ToString() => ToHeaderValue();
}

/// <summary>
/// Builds an .eml message (RFC 5322 + MIME, CRLF line ends) the way mail clients structure them:
/// a text and/or HTML body (multipart/alternative), inline images beside the HTML (multipart/related),
/// attachments and attached messages around that (multipart/mixed). Output is deterministic: boundaries
/// are derived from the content, and Date and Message-ID have fixed defaults.
/// </summary>
public sealed class EmailBuilder
{
    /// <summary>The Date used when none is set: Monday 2 November 2026, 09:13:58 UTC.</summary>
    public static readonly DateTimeOffset DefaultDate = new(2026, 11, 2, 9, 13, 58, TimeSpan.Zero);

    private const string Crlf = "\r\n";

    private readonly List<string> _received = [];
    private readonly List<EmailAddress> _to = [];
    private readonly List<EmailAddress> _cc = [];
    private readonly List<(string Name, string Value)> _extraHeaders = [];
    private readonly List<MimeEntity> _inline = [];
    private readonly List<MimeEntity> _attachments = [];
    private EmailAddress _from = new("requester@example.org");
    private string _subject = string.Empty;
    private DateTimeOffset _date = DefaultDate;
    private string? _messageId;
    private MimeEntity? _text;
    private MimeEntity? _html;

    public EmailBuilder From(string address, string? displayName = null)
    {
        _from = new EmailAddress(address, displayName);
        return this;
    }

    public EmailBuilder To(string address, string? displayName = null)
    {
        _to.Add(new EmailAddress(address, displayName));
        return this;
    }

    public EmailBuilder Cc(string address, string? displayName = null)
    {
        _cc.Add(new EmailAddress(address, displayName));
        return this;
    }

    /// <summary>The subject; encoded as RFC 2047 Q encoded-words when it is not ASCII.</summary>
    public EmailBuilder Subject(string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        _subject = subject;
        return this;
    }

    public EmailBuilder Date(DateTimeOffset date)
    {
        _date = date;
        return this;
    }

    /// <summary>The Message-ID without angle brackets ("abc@example.org"); derived from the content when not set.</summary>
    public EmailBuilder MessageId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        _messageId = id.Trim('<', '>');
        return this;
    }

    /// <summary>Adds a Received header (the first added is the topmost, i.e. the last hop).</summary>
    public EmailBuilder Received(string fromHost, string byHost, DateTimeOffset at, string ip = "192.0.2.15")
    {
        _received.Add($"from {fromHost} ({fromHost} [{ip}]){Crlf}\tby {byHost} with ESMTPS id {StableId(Encoding.UTF8.GetBytes(fromHost + byHost + FormatDate(at)))[..12]};{Crlf}\t{FormatDate(at)}");
        return this;
    }

    /// <summary>Adds any other header, written as given (e.g. In-Reply-To, References, X-Mailer).</summary>
    public EmailBuilder Header(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        _extraHeaders.Add((name, value));
        return this;
    }

    /// <summary>The text/plain body. Line breaks become CRLF; the text must fit the charset.</summary>
    public EmailBuilder Text(string text, string charset = "utf-8", MimeTransferEncoding encoding = MimeTransferEncoding.QuotedPrintable)
    {
        _text = TextPart("plain", text, charset, encoding);
        return this;
    }

    /// <summary>The text/html body. Reference inline images as <c>src="cid:{contentId}"</c>.</summary>
    public EmailBuilder Html(string html, string charset = "utf-8", MimeTransferEncoding encoding = MimeTransferEncoding.QuotedPrintable)
    {
        _html = TextPart("html", html, charset, encoding);
        return this;
    }

    /// <summary>An attachment (Content-Disposition: attachment; base64), any bytes.</summary>
    public EmailBuilder Attach(string fileName, string contentType, byte[] content)
    {
        _attachments.Add(FilePart("attachment", fileName, contentType, content, contentId: null));
        return this;
    }

    /// <summary>An inline image shown by the HTML body (Content-Disposition: inline, Content-ID).</summary>
    public EmailBuilder InlineImage(string contentId, string fileName, string contentType, byte[] content)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentId);
        _inline.Add(FilePart("inline", fileName, contentType, content, contentId.Trim('<', '>')));
        return this;
    }

    /// <summary>Another message attached whole (message/rfc822), as "forward as attachment" does.</summary>
    public EmailBuilder AttachMessage(byte[] message, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var highBytes = message.Any(b => b > 127);
        var headers = new List<(string, string)> { ("Content-Type", "message/rfc822") };
        if (fileName is not null)
        {
            headers.Add(("Content-Disposition", $"attachment;{Crlf} {FileNameParameter("filename", fileName)}"));
        }
        else
        {
            headers.Add(("Content-Disposition", "attachment"));
        }

        // message/rfc822 may only be 7bit, 8bit or binary (RFC 2046 5.2.1); the inner message encodes itself.
        headers.Add(("Content-Transfer-Encoding", highBytes ? "8bit" : "7bit"));
        _attachments.Add(new MimeEntity(headers, message));
        return this;
    }

    /// <summary>The message as .eml bytes.</summary>
    public byte[] Build()
    {
        var body = Body();
        var output = new MemoryStream();
        foreach (var received in _received)
        {
            WriteHeader(output, "Received", received);
        }

        WriteHeader(output, "From", _from.ToHeaderValue());
        if (_to.Count > 0)
        {
            WriteHeader(output, "To", string.Join($",{Crlf} ", _to.Select(address => address.ToHeaderValue())));
        }

        if (_cc.Count > 0)
        {
            WriteHeader(output, "Cc", string.Join($",{Crlf} ", _cc.Select(address => address.ToHeaderValue())));
        }

        WriteHeader(output, "Subject", MimeEncoding.EncodeHeaderText(_subject, "utf-8", 'Q'));
        WriteHeader(output, "Date", FormatDate(_date));
        var rendered = body.Render();
        WriteHeader(output, "Message-ID", $"<{_messageId ?? StableId([.. Encoding.UTF8.GetBytes(_subject + FormatDate(_date)), .. rendered])[..20] + "@mail.example.org"}>");
        foreach (var (name, value) in _extraHeaders)
        {
            WriteHeader(output, name, value);
        }

        WriteHeader(output, "MIME-Version", "1.0");
        output.Write(rendered);
        return output.ToArray();
    }

    /// <summary>An RFC 5322 date: "Mon, 02 Nov 2026 09:13:58 +0000".</summary>
    public static string FormatDate(DateTimeOffset date)
    {
        var offset = date.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        return date.ToString("ddd, dd MMM yyyy HH:mm:ss ", CultureInfo.InvariantCulture)
            + $"{sign}{Math.Abs(offset.Hours):00}{Math.Abs(offset.Minutes):00}";
    }

    private MimeEntity Body()
    {
        MimeEntity? html = _html;
        if (_inline.Count > 0)
        {
            var first = html ?? _text ?? TextPart("plain", string.Empty, "utf-8", MimeTransferEncoding.SevenBit);
            html = MimeEntity.Multipart("related", [first, .. _inline], $"type=\"{first.MediaType}\"");
        }

        var text = _inline.Count > 0 && _html is null ? null : _text;
        MimeEntity content = (text, html) switch
        {
            (not null, not null) => MimeEntity.Multipart("alternative", [text, html]),
            (not null, null) => text,
            (null, not null) => html,
            _ => TextPart("plain", string.Empty, "utf-8", MimeTransferEncoding.SevenBit),
        };

        return _attachments.Count > 0 ? MimeEntity.Multipart("mixed", [content, .. _attachments]) : content;
    }

    private static MimeEntity TextPart(string subtype, string text, string charset, MimeTransferEncoding encoding)
    {
        ArgumentNullException.ThrowIfNull(text);
        var crlf = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", Crlf, StringComparison.Ordinal);
        var bytes = MimeEncoding.Charset(charset).GetBytes(crlf);
        var headers = new List<(string, string)>
        {
            ("Content-Type", $"text/{subtype}; charset=\"{charset}\""),
            ("Content-Transfer-Encoding", MimeEncoding.Name(encoding)),
        };
        return new MimeEntity(headers, MimeEncoding.Encode(bytes, encoding));
    }

    private static MimeEntity FilePart(string disposition, string fileName, string contentType, byte[] content, string? contentId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        ArgumentNullException.ThrowIfNull(content);
        var headers = new List<(string, string)>
        {
            ("Content-Type", $"{contentType};{Crlf} {NameParameter(fileName)}"),
            ("Content-Disposition", $"{disposition};{Crlf} {FileNameParameter("filename", fileName)}"),
            ("Content-Transfer-Encoding", "base64"),
        };
        if (contentId is not null)
        {
            headers.Add(("Content-ID", $"<{contentId}>"));
        }

        return new MimeEntity(headers, Encoding.ASCII.GetBytes(MimeEncoding.Base64(content)));
    }

    /// <summary>The legacy name= parameter: quoted if ASCII, an encoded-word otherwise (as Outlook and Gmail send it).</summary>
    private static string NameParameter(string fileName)
        => fileName.All(c => c is >= ' ' and <= '~' and not '"')
            ? $"name=\"{fileName}\""
            : $"name=\"{MimeEncoding.EncodeHeaderText(fileName, "utf-8", 'B').Replace(Crlf + " ", string.Empty, StringComparison.Ordinal)}\"";

    /// <summary>filename="..." if ASCII, else the RFC 2231 form filename*=utf-8''percent-encoded.</summary>
    private static string FileNameParameter(string parameter, string fileName)
    {
        if (fileName.All(c => c is >= ' ' and <= '~' and not '"'))
        {
            return $"{parameter}=\"{fileName}\"";
        }

        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(fileName))
        {
            encoded.Append(b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'.' or (byte)'-' or (byte)'_'
                ? ((char)b).ToString()
                : $"%{b:X2}");
        }

        return $"{parameter}*=utf-8''{encoded}";
    }

    private static void WriteHeader(Stream output, string name, string value)
        => output.Write(Encoding.UTF8.GetBytes($"{name}: {value}{Crlf}"));

    private static string StableId(byte[] seed) => Convert.ToHexStringLower(SHA256.HashData(seed));

    /// <summary>One MIME entity: its content headers and either an encoded body or child entities.</summary>
    private sealed class MimeEntity(List<(string Name, string Value)> headers, byte[]? body, IReadOnlyList<MimeEntity>? children = null, string? subtype = null, string? parameters = null)
    {
        public string MediaType => subtype is not null ? $"multipart/{subtype}" : headers[0].Value.Split(';')[0];

        public static MimeEntity Multipart(string subtype, IReadOnlyList<MimeEntity> children, string? parameters = null)
            => new([], null, children, subtype, parameters);

        /// <summary>Headers, blank line, body. A multipart's boundary is a hash of its rendered children, so no part can contain it.</summary>
        public byte[] Render()
        {
            var output = new MemoryStream();
            if (children is null)
            {
                foreach (var (name, value) in headers)
                {
                    WriteHeader(output, name, value);
                }

                output.Write(Encoding.ASCII.GetBytes(Crlf));
                output.Write(body);
                return output.ToArray();
            }

            var parts = children.Select(child => child.Render()).ToList();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            foreach (var part in parts)
            {
                hash.AppendData(part);
            }

            var boundary = $"=_{subtype}_{Convert.ToHexStringLower(hash.GetHashAndReset())[..24]}";
            var extra = parameters is null ? string.Empty : $";{Crlf} {parameters}";
            WriteHeader(output, "Content-Type", $"multipart/{subtype};{Crlf} boundary=\"{boundary}\"{extra}");
            output.Write(Encoding.ASCII.GetBytes($"{Crlf}This is a multi-part message in MIME format.{Crlf}"));
            foreach (var part in parts)
            {
                output.Write(Encoding.ASCII.GetBytes($"{Crlf}--{boundary}{Crlf}"));
                output.Write(part);
            }

            output.Write(Encoding.ASCII.GetBytes($"{Crlf}--{boundary}--{Crlf}"));
            return output.ToArray();
        }
    }
}
