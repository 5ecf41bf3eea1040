using System.Text;

namespace FoiPipeline.Intake;

/// <summary>Text as decoded from bytes, with the encoding that was used.</summary>
public sealed record DecodedText(string Text, string EncodingName);

/// <summary>
/// Turns bytes into text: a byte-order mark wins; otherwise UTF-8 if the bytes are valid UTF-8; otherwise
/// Windows-1252, the usual encoding of text saved by older Windows tools. Line endings become "\n", so
/// character offsets in the text are the same whatever system wrote the file.
/// </summary>
public static class TextDecoding
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    static TextDecoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Makes the code-page encodings (windows-1252, iso-8859-x, ...) available; idempotent.</summary>
    public static void EnsureCodePages()
    {
        // Touching the type runs the static constructor, which registers the provider once.
    }

    public static DecodedText Decode(ReadOnlySpan<byte> bytes)
    {
        EnsureCodePages();
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new(NormalizeNewlines(Encoding.UTF8.GetString(bytes[3..])), "utf-8");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new(NormalizeNewlines(Encoding.Unicode.GetString(bytes[2..])), "utf-16le");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new(NormalizeNewlines(Encoding.BigEndianUnicode.GetString(bytes[2..])), "utf-16be");
        }

        try
        {
            var text = StrictUtf8.GetString(bytes);
            return new(NormalizeNewlines(text), IsAscii(bytes) ? "us-ascii" : "utf-8");
        }
        catch (DecoderFallbackException)
        {
            return new(NormalizeNewlines(Encoding.GetEncoding(1252).GetString(bytes)), "windows-1252");
        }
    }

    /// <summary>Decodes with a named charset (from a MIME header); unknown names fall back to <see cref="Decode(ReadOnlySpan{byte})"/>.</summary>
    public static DecodedText Decode(ReadOnlySpan<byte> bytes, string? charset)
    {
        EnsureCodePages();
        if (string.IsNullOrWhiteSpace(charset))
        {
            return Decode(bytes);
        }

        if (!TryGetEncoding(charset.Trim().Trim('"'), out var encoding))
        {
            return Decode(bytes);
        }

        // A part labelled utf-8 that is not valid UTF-8 is common in the wild; sniff rather than emit U+FFFD.
        if (encoding is UTF8Encoding)
        {
            return Decode(bytes);
        }

        return new(NormalizeNewlines(encoding.GetString(bytes)), encoding.WebName);
    }

    /// <summary>
    /// The encoding a MIME charset names, if .NET can decode it. UTF-7 is named by real (and hostile) mail
    /// but .NET refuses it with <see cref="NotSupportedException"/>, not the <see cref="ArgumentException"/>
    /// of an unknown name; both mean "not a charset we can use".
    /// </summary>
    public static bool TryGetEncoding(string charset, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Encoding? encoding)
    {
        EnsureCodePages();
        try
        {
            encoding = Encoding.GetEncoding(charset);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            encoding = null;
            return false;
        }
    }

    /// <summary>
    /// True when the bytes are plausibly text in some encoding: a BOM, or no NUL bytes and few control
    /// characters other than tab, newline, carriage return and form feed.
    /// </summary>
    public static bool LooksLikeText(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return true;
        }

        var controls = 0;
        foreach (var b in head)
        {
            if (b == 0)
            {
                return false;
            }

            if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D or 0x0C or 0x1B))
            {
                controls++;
            }
        }

        return controls * 100 <= head.Length;
    }

    public static string NormalizeNewlines(string text)
        => text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text;

    private static bool IsAscii(ReadOnlySpan<byte> bytes) => !bytes.ContainsAnyInRange((byte)0x80, (byte)0xFF);
}
