using System.Text;
using System.Text.RegularExpressions;

namespace FoiPipeline.Intake.Email;

/// <summary>
/// Decodes RFC 2047 encoded words (<c>=?charset?B|Q?text?=</c>) in header values. Whitespace between two
/// adjacent encoded words is dropped, as the RFC requires; an unknown charset leaves the word as it was.
/// Raw 8-bit header bytes (read as Latin-1) that form valid UTF-8 are re-read as UTF-8.
/// </summary>
public static partial class EncodedWords
{
    [GeneratedRegex(@"=\?(?<charset>[^?*\s]+)(?:\*[^?\s]+)?\?(?<enc>[BbQq])\?(?<text>[^?\s]*)\?=")]
    private static partial Regex EncodedWord();

    [GeneratedRegex(@"(=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)\s+(?==\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)")]
    private static partial Regex SpaceBetweenWords();

    public static string Decode(string value)
    {
        TextDecoding.EnsureCodePages();
        var text = RawUtf8(value);
        if (!text.Contains("=?", StringComparison.Ordinal))
        {
            return text;
        }

        text = SpaceBetweenWords().Replace(text, "$1");
        return EncodedWord().Replace(text, match =>
        {
            if (!TextDecoding.TryGetEncoding(match.Groups["charset"].Value, out var encoding))
            {
                return match.Value;
            }

            var payload = match.Groups["text"].Value;
            byte[] bytes;
            if (match.Groups["enc"].Value is "B" or "b")
            {
                if (!TryBase64(payload, out bytes))
                {
                    return match.Value;
                }
            }
            else
            {
                bytes = QuotedPrintable.DecodeHeaderWord(payload);
            }

            return encoding.GetString(bytes);
        });
    }

    private static bool TryBase64(string payload, out byte[] bytes)
    {
        var padded = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        bytes = new byte[padded.Length];
        if (Convert.TryFromBase64String(padded, bytes, out var written))
        {
            bytes = bytes[..written];
            return true;
        }

        return false;
    }

    // Headers are read as Latin-1; a header that was really raw UTF-8 (RFC 6532) reads back correctly here.
    private static string RawUtf8(string latin1)
    {
        if (!latin1.Any(c => c > '\x7F'))
        {
            return latin1;
        }

        var bytes = Encoding.Latin1.GetBytes(latin1);
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return latin1;
        }
    }
}
