using System.Globalization;

namespace FoiPipeline.TestFixtures;

/// <summary>
/// Turns PDF pages into <see cref="GrayImage"/>s with poppler's <c>pdftoppm -gray</c>, the renderer the
/// pipeline itself uses, so a "scan" starts from exactly the glyphs a text PDF would show.
/// </summary>
public static class Raster
{
    /// <summary>Renders every page (or pages <paramref name="firstPage"/>..<paramref name="lastPage"/>, 1-based) at <paramref name="dpi"/>.</summary>
    public static async Task<IReadOnlyList<GrayImage>> RenderAsync(
        byte[] pdf,
        int dpi,
        int? firstPage = null,
        int? lastPage = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dpi);
        using var temp = new TempFolder();
        var input = temp.File("input.pdf");
        await File.WriteAllBytesAsync(input, pdf, cancellationToken);
        var arguments = new List<string> { "-gray", "-r", dpi.ToString(CultureInfo.InvariantCulture) };
        if (firstPage is { } first)
        {
            arguments.AddRange(["-f", first.ToString(CultureInfo.InvariantCulture)]);
        }

        if (lastPage is { } last)
        {
            arguments.AddRange(["-l", last.ToString(CultureInfo.InvariantCulture)]);
        }

        arguments.AddRange([input, temp.File("page")]);
        await ExternalTool.RunCheckedAsync("pdftoppm", arguments, cancellationToken);

        // pdftoppm pads page numbers to the width of the last one (page-1.pgm or page-01.pgm ...).
        var files = Directory.GetFiles(temp.Path, "page-*.pgm")
            .OrderBy(file => int.Parse(Path.GetFileNameWithoutExtension(file)["page-".Length..], CultureInfo.InvariantCulture));
        var pages = new List<GrayImage>();
        foreach (var file in files)
        {
            pages.Add(ParsePgm(await File.ReadAllBytesAsync(file, cancellationToken), dpi));
        }

        return pages;
    }

    /// <summary>Reads a binary greyscale Netpbm image ("P5", max value 255).</summary>
    /// <exception cref="FormatException">The bytes are not an 8-bit P5 image.</exception>
    public static GrayImage ParsePgm(ReadOnlySpan<byte> pgm, int dpi)
    {
        var position = 0;
        if (ReadToken(pgm, ref position) != "P5")
        {
            throw new FormatException("Not a binary PGM (P5) image.");
        }

        var width = int.Parse(ReadToken(pgm, ref position), CultureInfo.InvariantCulture);
        var height = int.Parse(ReadToken(pgm, ref position), CultureInfo.InvariantCulture);
        var maxValue = int.Parse(ReadToken(pgm, ref position), CultureInfo.InvariantCulture);
        if (maxValue != 255)
        {
            throw new FormatException($"Only 8-bit PGM is supported, not max value {maxValue}.");
        }

        // Exactly one whitespace byte separates the header from the pixels.
        position++;
        var length = checked(width * height);
        if (pgm.Length - position < length)
        {
            throw new FormatException($"PGM pixel data is short: {pgm.Length - position} of {length} bytes.");
        }

        return new GrayImage(width, height, pgm.Slice(position, length).ToArray(), dpi);
    }

    private static string ReadToken(ReadOnlySpan<byte> data, ref int position)
    {
        while (position < data.Length)
        {
            if (data[position] == (byte)'#')
            {
                while (position < data.Length && data[position] != (byte)'\n')
                {
                    position++;
                }
            }
            else if (char.IsWhiteSpace((char)data[position]))
            {
                position++;
            }
            else
            {
                break;
            }
        }

        var start = position;
        while (position < data.Length && !char.IsWhiteSpace((char)data[position]))
        {
            position++;
        }

        if (start == position)
        {
            throw new FormatException("PGM header ended early.");
        }

        return System.Text.Encoding.ASCII.GetString(data[start..position]);
    }
}
