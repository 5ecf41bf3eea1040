using System.Text;

namespace FoiPipeline.TestFixtures;

/// <summary>
/// PDF's WinAnsiEncoding (PDF 1.7 annex D; the same code points as Windows-1252) and the advance
/// widths of the base-14 Helvetica font, which together let us write text in a standard font that
/// needs no embedding and still wrap it to the page.
/// </summary>
internal static class WinAnsi
{
    // Code points 0x80-0x9F; the rest of 0xA0-0xFF is Latin-1 and 0x20-0x7E is ASCII.
    private static readonly Dictionary<char, byte> HighCodes = new()
    {
        ['\u20AC'] = 0x80, ['\u201A'] = 0x82, ['\u0192'] = 0x83, ['\u201E'] = 0x84, ['\u2026'] = 0x85,
        ['\u2020'] = 0x86, ['\u2021'] = 0x87, ['\u02C6'] = 0x88, ['\u2030'] = 0x89, ['\u0160'] = 0x8A,
        ['\u2039'] = 0x8B, ['\u0152'] = 0x8C, ['\u017D'] = 0x8E, ['\u2018'] = 0x91, ['\u2019'] = 0x92,
        ['\u201C'] = 0x93, ['\u201D'] = 0x94, ['\u2022'] = 0x95, ['\u2013'] = 0x96, ['\u2014'] = 0x97,
        ['\u02DC'] = 0x98, ['\u2122'] = 0x99, ['\u0161'] = 0x9A, ['\u203A'] = 0x9B, ['\u0153'] = 0x9C,
        ['\u017E'] = 0x9E, ['\u0178'] = 0x9F,
    };

    // Helvetica advance widths (thousandths of an em) for 0x20-0x7E, from the font's published metrics.
    private static readonly short[] AsciiWidths =
    [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, // space - /
        556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, // 0 - ?
        1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, // @ - O
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, // P - _
        333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, // ` - o
        556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, // p - ~
    ];

    private static readonly Dictionary<char, short> OtherWidths = new()
    {
        ['\u2018'] = 222, ['\u2019'] = 222, ['\u201A'] = 222, ['\u201C'] = 333, ['\u201D'] = 333,
        ['\u201E'] = 333, ['\u2013'] = 556, ['\u2014'] = 1000, ['\u2022'] = 350, ['\u2026'] = 1000,
        ['\u00A0'] = 278, ['\u00B0'] = 400, ['\u00A9'] = 737, ['\u00AE'] = 737, ['\u00AD'] = 333,
        ['\u00E6'] = 889, ['\u00C6'] = 1000, ['\u0153'] = 944, ['\u0152'] = 1000, ['\u00DF'] = 611,
    };

    /// <summary>Whether every character of <paramref name="text"/> has a WinAnsi code.</summary>
    public static bool CanEncode(string text)
    {
        foreach (var c in text)
        {
            if (!TryEncode(c, out _))
            {
                return false;
            }
        }

        return true;
    }

    public static bool TryEncode(char c, out byte code)
    {
        if (c is >= ' ' and <= '~' or >= '\u00A0' and <= '\u00FF')
        {
            code = (byte)c;
            return true;
        }

        return HighCodes.TryGetValue(c, out code);
    }

    /// <exception cref="ArgumentException">A character has no WinAnsi code, so the fixture could not show it.</exception>
    public static byte[] Encode(string text)
    {
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            if (!TryEncode(text[i], out bytes[i]))
            {
                throw new ArgumentException(
                    $"'{text[i]}' (U+{(int)text[i]:X4}) cannot be written in WinAnsiEncoding; use characters of Windows-1252.",
                    nameof(text));
            }
        }

        return bytes;
    }

    /// <summary>The advance width of <paramref name="c"/> in Helvetica, in thousandths of the font size.</summary>
    public static int HelveticaWidth(char c)
    {
        if (c is >= ' ' and <= '~')
        {
            return AsciiWidths[c - ' '];
        }

        if (OtherWidths.TryGetValue(c, out var width))
        {
            return width;
        }

        // Accented letters are as wide as their base letter in Helvetica.
        var decomposed = c.ToString().Normalize(NormalizationForm.FormD);
        if (decomposed.Length > 1 && decomposed[0] is >= ' ' and <= '~')
        {
            return AsciiWidths[decomposed[0] - ' '];
        }

        return 556;
    }

    public static double TextWidth(ReadOnlySpan<char> text, double fontSize)
    {
        var total = 0;
        foreach (var c in text)
        {
            total += HelveticaWidth(c);
        }

        return total * fontSize / 1000.0;
    }
}
