using System.Text.RegularExpressions;

namespace FoiPipeline.Intake;

/// <summary>Decides a document's <see cref="DocumentKind"/> from its leading bytes.</summary>
public static partial class ContentSniffer
{
    /// <summary>How many leading bytes <see cref="Sniff"/> looks at.</summary>
    public const int HeadLength = 8192;

    public static DocumentKind Sniff(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty)
        {
            return DocumentKind.Empty;
        }

        var head = content.Length > HeadLength ? content[..HeadLength] : content;
        if (StartsWith(head, "%PDF-"u8) || ContainsPdfHeaderNearStart(head))
        {
            return DocumentKind.Pdf;
        }

        if (StartsWith(head, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return DocumentKind.Png;
        }

        if (StartsWith(head, [0xFF, 0xD8, 0xFF]))
        {
            return DocumentKind.Jpeg;
        }

        if (StartsWith(head, [0x49, 0x49, 0x2A, 0x00]) || StartsWith(head, [0x4D, 0x4D, 0x00, 0x2A]))
        {
            return DocumentKind.Tiff;
        }

        if (StartsWith(head, "GIF87a"u8) || StartsWith(head, "GIF89a"u8))
        {
            return DocumentKind.Gif;
        }

        if (StartsWith(head, "BM"u8) && head.Length >= 14 && IsBitmapHeader(head))
        {
            return DocumentKind.Bmp;
        }

        if (StartsWith(head, [0x50, 0x4B, 0x03, 0x04]) || StartsWith(head, [0x50, 0x4B, 0x05, 0x06]))
        {
            return DocumentKind.Zip;
        }

        if (StartsWith(head, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return DocumentKind.OleCompound;
        }

        if (StartsWith(head, @"{\rtf"u8))
        {
            return DocumentKind.Rtf;
        }

        if (!TextDecoding.LooksLikeText(head))
        {
            return DocumentKind.Unknown;
        }

        // Only the head is decoded: enough to see headers or markup, cheap for large files.
        var text = TextDecoding.Decode(head).Text;
        if (LooksLikeEmail(text))
        {
            return DocumentKind.Email;
        }

        return LooksLikeHtml(text) ? DocumentKind.Html : DocumentKind.PlainText;
    }

    /// <summary>
    /// An RFC 5322 message starts with a block of header fields: at least two, one of them a field every
    /// mail system writes, before the first blank line. A leading mbox "From " line is allowed.
    /// </summary>
    internal static bool LooksLikeEmail(string text)
    {
        var lines = text.Split('\n');
        var index = 0;
        if (lines.Length > 0 && lines[0].StartsWith("From ", StringComparison.Ordinal))
        {
            index = 1;
        }

        int fields = 0, knownFields = 0;
        for (; index < lines.Length; index++)
        {
            var line = lines[index].TrimEnd('\r');
            if (line.Length == 0)
            {
                break;
            }

            if (line[0] is ' ' or '\t')
            {
                if (fields == 0)
                {
                    return false;
                }

                continue;
            }

            var match = HeaderField().Match(line);
            if (!match.Success)
            {
                return false;
            }

            fields++;
            if (KnownMailFields.Contains(match.Groups["name"].Value))
            {
                knownFields++;
            }
        }

        return fields >= 2 && knownFields >= 1;
    }

    private static readonly HashSet<string> KnownMailFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "From", "To", "Subject", "Date", "Message-ID", "Received", "Return-Path", "MIME-Version", "Delivered-To", "Reply-To", "Content-Type",
    };

    // RFC 5322 field-name: printable ASCII except colon, then the colon.
    [GeneratedRegex(@"^(?<name>[\x21-\x39\x3B-\x7E]+):")]
    private static partial Regex HeaderField();

    private static bool LooksLikeHtml(string text)
    {
        var start = text.AsSpan().TrimStart();
        return start.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }

    private static bool StartsWith(ReadOnlySpan<byte> head, ReadOnlySpan<byte> magic) => head.StartsWith(magic);

    // PDF readers accept "%PDF-" anywhere in the first 1024 bytes; some scanners prepend junk.
    private static bool ContainsPdfHeaderNearStart(ReadOnlySpan<byte> head)
        => head[..Math.Min(head.Length, 1024)].IndexOf("%PDF-"u8) >= 0;

    // "BM" alone is too weak (a text file may start with it): the declared pixel-data offset must fit.
    private static bool IsBitmapHeader(ReadOnlySpan<byte> head)
    {
        var pixelOffset = BitConverter.ToUInt32(head[10..14]);
        return pixelOffset is >= 26 and < 1 << 20;
    }
}
