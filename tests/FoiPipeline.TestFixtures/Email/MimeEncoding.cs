using System.Text;

namespace FoiPipeline.TestFixtures;

/// <summary>How a MIME part's body is encoded for transport (RFC 2045 Content-Transfer-Encoding).</summary>
public enum MimeTransferEncoding
{
    /// <summary>"7bit": US-ASCII only, lines under 1,000 bytes.</summary>
    SevenBit,

    /// <summary>"8bit": raw charset bytes, lines under 1,000 bytes.</summary>
    EightBit,

    /// <summary>"quoted-printable": =XX escapes, soft line breaks at 76 characters.</summary>
    QuotedPrintable,

    /// <summary>"base64": 76-character lines.</summary>
    Base64,
}

/// <summary>
/// The MIME encodings an email reader must undo: quoted-printable and base64 bodies (RFC 2045),
/// encoded-words in headers (RFC 2047) and charsets by name. Public so tests can build odd cases by hand.
/// </summary>
public static class MimeEncoding
{
    private const string Crlf = "\r\n";
    private const int MaxEncodedWordLength = 75;

    /// <summary>The header token for an encoding: "7bit", "8bit", "quoted-printable", "base64".</summary>
    public static string Name(MimeTransferEncoding encoding) => encoding switch
    {
        MimeTransferEncoding.SevenBit => "7bit",
        MimeTransferEncoding.EightBit => "8bit",
        MimeTransferEncoding.QuotedPrintable => "quoted-printable",
        MimeTransferEncoding.Base64 => "base64",
        _ => throw new ArgumentOutOfRangeException(nameof(encoding)),
    };

    /// <summary>
    /// The encoding for a charset name: utf-8, us-ascii, iso-8859-1 and windows-1252 (and any other code page
    /// .NET knows). Throws on characters the charset cannot hold, so a fixture's text is never silently changed.
    /// </summary>
    public static Encoding Charset(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var strict = EncoderFallback.ExceptionFallback;
        var strictDecoding = DecoderFallback.ExceptionFallback;
        return name.ToUpperInvariant() switch
        {
            "UTF-8" or "UTF8" => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true),
            "ISO-8859-1" or "LATIN1" or "US-ASCII" or "ASCII" => Encoding.GetEncoding(name, strict, strictDecoding),

            // Windows code pages are not built in; ask the provider directly rather than registering it process-wide.
            _ => CodePagesEncodingProvider.Instance.GetEncoding(name, strict, strictDecoding)
                ?? Encoding.GetEncoding(name, strict, strictDecoding),
        };
    }

    /// <summary>Encodes <paramref name="data"/> with the transfer encoding; 7bit and 8bit only check the data and pass it through.</summary>
    /// <exception cref="ArgumentException">The data breaks 7bit or 8bit rules (high bytes, bare CR/LF, lines of 1,000 bytes or more).</exception>
    public static byte[] Encode(ReadOnlySpan<byte> data, MimeTransferEncoding encoding)
    {
        switch (encoding)
        {
            case MimeTransferEncoding.Base64:
                return Encoding.ASCII.GetBytes(Base64(data));
            case MimeTransferEncoding.QuotedPrintable:
                return Encoding.ASCII.GetBytes(QuotedPrintable(data));
            case MimeTransferEncoding.SevenBit or MimeTransferEncoding.EightBit:
                CheckLines(data, allowHighBytes: encoding == MimeTransferEncoding.EightBit);
                return data.ToArray();
            default:
                throw new ArgumentOutOfRangeException(nameof(encoding));
        }
    }

    /// <summary>Base64 in lines of 76 characters, each ending CRLF.</summary>
    public static string Base64(ReadOnlySpan<byte> data)
    {
        var text = Convert.ToBase64String(data);
        var lines = new StringBuilder(text.Length + (text.Length / 76 * 2) + 2);
        for (var i = 0; i < text.Length; i += 76)
        {
            lines.Append(text, i, Math.Min(76, text.Length - i)).Append(Crlf);
        }

        return lines.ToString();
    }

    /// <summary>
    /// Quoted-printable for text: CRLF in the data stays a hard line break; '=', control and high bytes
    /// become =XX, as does whitespace before a line break; lines are soft-broken ("=" CRLF) to 76 characters.
    /// </summary>
    public static string QuotedPrintable(ReadOnlySpan<byte> data)
    {
        var output = new StringBuilder(data.Length * 3 / 2);
        var lineLength = 0;
        for (var i = 0; i < data.Length; i++)
        {
            var b = data[i];
            if (b == (byte)'\r' && i + 1 < data.Length && data[i + 1] == (byte)'\n')
            {
                output.Append(Crlf);
                lineLength = 0;
                i++;
                continue;
            }

            var atLineEnd = i + 1 == data.Length || (data[i + 1] == (byte)'\r' && i + 2 < data.Length && data[i + 2] == (byte)'\n');
            var literal = (b is >= 33 and <= 126 && b != (byte)'=') || (b is (byte)' ' or (byte)'\t' && !atLineEnd);
            var token = literal ? ((char)b).ToString() : $"={b:X2}";

            // Leave room for the "=" of a soft break, unless this token ends the line anyway.
            var limit = atLineEnd ? 76 : 75;
            if (lineLength + token.Length > limit)
            {
                output.Append('=').Append(Crlf);
                lineLength = 0;
            }

            output.Append(token);
            lineLength += token.Length;
        }

        return output.ToString();
    }

    /// <summary>
    /// <paramref name="text"/> as it may appear in a header: unchanged if it is printable ASCII, otherwise one or
    /// more RFC 2047 encoded-words ("=?utf-8?B?...?=" or "=?utf-8?Q?...?="), each at most 75 characters and
    /// separated by folding whitespace, never splitting a character.
    /// </summary>
    /// <param name="text">The header text (a display name or a subject).</param>
    /// <param name="charset">The charset to encode in.</param>
    /// <param name="encoding">'B' (base64) or 'Q' (quoted-printable-like).</param>
    /// <param name="force">Encode even ASCII text.</param>
    public static string EncodeHeaderText(string text, string charset = "utf-8", char encoding = 'B', bool force = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (encoding is not ('B' or 'Q'))
        {
            throw new ArgumentOutOfRangeException(nameof(encoding), "Encoded-words use B or Q.");
        }

        if (!force && text.All(c => c is >= ' ' and <= '~'))
        {
            return text;
        }

        var bytesOf = Charset(charset);
        var words = new List<string>();
        var pending = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            var candidate = pending.ToString() + rune;
            if (pending.Length > 0 && EncodedWord(candidate, charset, bytesOf, encoding).Length > MaxEncodedWordLength)
            {
                words.Add(EncodedWord(pending.ToString(), charset, bytesOf, encoding));
                pending.Clear();
            }

            pending.Append(rune.ToString());
        }

        if (pending.Length > 0)
        {
            words.Add(EncodedWord(pending.ToString(), charset, bytesOf, encoding));
        }

        return string.Join(Crlf + " ", words);
    }

    private static string EncodedWord(string text, string charset, Encoding encoding, char kind)
    {
        var bytes = encoding.GetBytes(text);
        string payload;
        if (kind == 'B')
        {
            payload = Convert.ToBase64String(bytes);
        }
        else
        {
            var q = new StringBuilder();
            foreach (var b in bytes)
            {
                // In Q, space is "_" and only letters, digits and a few symbols stay literal.
                if (b == (byte)' ')
                {
                    q.Append('_');
                }
                else if (b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9' or (byte)'!' or (byte)'*' or (byte)'+' or (byte)'-' or (byte)'/')
                {
                    q.Append((char)b);
                }
                else
                {
                    q.Append('=').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            payload = q.ToString();
        }

        return $"=?{charset}?{kind}?{payload}?=";
    }

    private static void CheckLines(ReadOnlySpan<byte> data, bool allowHighBytes)
    {
        var lineLength = 0;
        for (var i = 0; i < data.Length; i++)
        {
            var b = data[i];
            if (b == (byte)'\r' && i + 1 < data.Length && data[i + 1] == (byte)'\n')
            {
                lineLength = 0;
                i++;
                continue;
            }

            if (b is (byte)'\r' or (byte)'\n' or 0 || (b > 127 && !allowHighBytes))
            {
                throw new ArgumentException(allowHighBytes
                    ? "8bit data may not contain NUL or bare CR/LF; use base64."
                    : "7bit data must be US-ASCII with CRLF line breaks; use quoted-printable or base64.");
            }

            if (++lineLength > 998)
            {
                throw new ArgumentException("A line is longer than 998 bytes; use quoted-printable or base64.");
            }
        }
    }
}
