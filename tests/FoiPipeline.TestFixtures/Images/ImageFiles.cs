using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace FoiPipeline.TestFixtures;

/// <summary>
/// Encodes a <see cref="GrayImage"/> as the image files scanners and phones produce: PNG, multi-page TIFF,
/// JPEG and BMP. Our own encoders (no imaging library is available), each writing the resolution so OCR
/// sees the true DPI.
/// </summary>
public static class ImageFiles
{
    private const double InchesPerMetre = 39.3700787;

    /// <summary>
    /// An 8-bit greyscale PNG: IHDR, pHYs (the DPI as pixels per metre), the zlib stream (filter type 0, None,
    /// on every row) split over 64 KB IDAT chunks as encoders do (libpng warns about one huge IDAT), IEND;
    /// CRC-32 on each chunk.
    /// </summary>
    private const int IdatChunkBytes = 64 * 1024;

    public static byte[] Png(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var output = new MemoryStream();
        output.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), image.Height);
        header[8] = 8; // bit depth
        header[9] = 0; // colour type 0: greyscale; compression, filter and interlace methods stay 0
        WriteChunk(output, "IHDR", header);

        var physical = new byte[9];
        var pixelsPerMetre = (uint)Math.Round(image.Dpi * InchesPerMetre);
        BinaryPrimitives.WriteUInt32BigEndian(physical, pixelsPerMetre);
        BinaryPrimitives.WriteUInt32BigEndian(physical.AsSpan(4), pixelsPerMetre);
        physical[8] = 1; // unit: metre
        WriteChunk(output, "pHYs", physical);

        var rows = new byte[(long)(image.Width + 1) * image.Height];
        for (var y = 0; y < image.Height; y++)
        {
            Array.Copy(image.Pixels, y * image.Width, rows, (y * (image.Width + 1)) + 1, image.Width);
        }

        var compressed = Zlib.Compress(rows, CompressionLevel.Fastest);
        for (var offset = 0; offset < compressed.Length; offset += IdatChunkBytes)
        {
            WriteChunk(output, "IDAT", compressed.AsSpan(offset, Math.Min(IdatChunkBytes, compressed.Length - offset)));
        }
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    /// <summary>
    /// A baseline little-endian TIFF with one page per image: uncompressed 8-bit BlackIsZero strips, one IFD
    /// per page chained by next-IFD offsets, X/YResolution in dots per inch and PageNumber set.
    /// </summary>
    public static byte[] MultiPageTiff(IEnumerable<GrayImage> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var images = pages.ToList();
        if (images.Count == 0)
        {
            throw new ArgumentException("A TIFF needs at least one page.", nameof(pages));
        }

        using var output = new MemoryStream();
        using var writer = new BinaryWriter(output, Encoding.ASCII, leaveOpen: true);
        writer.Write("II"u8);
        writer.Write((ushort)42);
        var nextIfdPointer = output.Position;
        writer.Write(0u);
        for (var index = 0; index < images.Count; index++)
        {
            nextIfdPointer = WriteTiffPage(writer, images[index], index, images.Count, nextIfdPointer);
        }

        writer.Flush();
        return output.ToArray();
    }

    /// <summary>
    /// A JPEG of the image. There is no JPEG encoder here, so the image goes into a one-page image PDF at
    /// its own DPI and poppler writes the JPEG (<c>pdftoppm -jpeg -r dpi -singlefile</c>): same size, DPI in
    /// the JFIF header, same pixels apart from JPEG's own loss and a little blending at sharp edges. Poppler
    /// writes three equal colour channels rather than a one-channel JPEG, even with <c>-gray</c>.
    /// </summary>
    public static async Task<byte[]> JpegAsync(GrayImage image, int quality = 90, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        var pages = await JpegPagesAsync([image], quality, cancellationToken);
        return pages[0];
    }

    /// <summary>One JPEG per image, made with a single pdftoppm run; see <see cref="JpegAsync"/>. All images must share one DPI.</summary>
    public static async Task<IReadOnlyList<byte[]>> JpegPagesAsync(IReadOnlyList<GrayImage> images, int quality = 90, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        if (images.Count == 0)
        {
            return [];
        }

        var dpi = images[0].Dpi;
        if (images.Any(image => image.Dpi != dpi))
        {
            throw new ArgumentException("All images must have the same DPI.", nameof(images));
        }

        using var temp = new TempFolder();
        var input = temp.File("input.pdf");
        await File.WriteAllBytesAsync(input, PdfFixtures.ImagePdf(images), cancellationToken);
        var resolution = dpi.ToString(CultureInfo.InvariantCulture);
        var arguments = new List<string> { "-gray", "-jpeg", "-jpegopt", FormattableString.Invariant($"quality={quality}"), "-r", resolution };
        if (images.Count == 1)
        {
            arguments.Add("-singlefile");
        }

        arguments.AddRange([input, temp.File("page")]);
        await ExternalTool.RunCheckedAsync("pdftoppm", arguments, cancellationToken);
        var files = images.Count == 1
            ? [temp.File("page.jpg")]
            : Directory.GetFiles(temp.Path, "page-*.jpg")
                .OrderBy(file => int.Parse(Path.GetFileNameWithoutExtension(file)["page-".Length..], CultureInfo.InvariantCulture))
                .ToArray();
        var jpegs = new List<byte[]>();
        foreach (var file in files)
        {
            jpegs.Add(await File.ReadAllBytesAsync(file, cancellationToken));
        }

        return jpegs;
    }

    /// <summary>
    /// A Windows bitmap: 8 bits per pixel with a 256-entry grey palette, rows bottom-up and padded to four
    /// bytes, resolution in pixels per metre.
    /// </summary>
    public static byte[] Bmp(GrayImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        const int FileHeaderSize = 14;
        const int InfoHeaderSize = 40;
        const int PaletteSize = 256 * 4;
        var stride = (image.Width + 3) & ~3;
        var pixelOffset = FileHeaderSize + InfoHeaderSize + PaletteSize;
        var fileSize = pixelOffset + ((long)stride * image.Height);
        var bmp = new byte[fileSize];
        var span = bmp.AsSpan();
        span[0] = (byte)'B';
        span[1] = (byte)'M';
        BinaryPrimitives.WriteUInt32LittleEndian(span[2..], (uint)fileSize);
        BinaryPrimitives.WriteUInt32LittleEndian(span[10..], (uint)pixelOffset);

        var info = span[FileHeaderSize..];
        var pixelsPerMetre = (int)Math.Round(image.Dpi * InchesPerMetre);
        BinaryPrimitives.WriteInt32LittleEndian(info, InfoHeaderSize);
        BinaryPrimitives.WriteInt32LittleEndian(info[4..], image.Width);
        BinaryPrimitives.WriteInt32LittleEndian(info[8..], image.Height); // positive: bottom-up rows
        BinaryPrimitives.WriteUInt16LittleEndian(info[12..], 1); // planes
        BinaryPrimitives.WriteUInt16LittleEndian(info[14..], 8); // bits per pixel
        BinaryPrimitives.WriteUInt32LittleEndian(info[20..], (uint)(stride * image.Height));
        BinaryPrimitives.WriteInt32LittleEndian(info[24..], pixelsPerMetre);
        BinaryPrimitives.WriteInt32LittleEndian(info[28..], pixelsPerMetre);
        BinaryPrimitives.WriteUInt32LittleEndian(info[32..], 256); // colours used

        var palette = span[(FileHeaderSize + InfoHeaderSize)..];
        for (var level = 0; level < 256; level++)
        {
            palette[level * 4] = (byte)level;
            palette[(level * 4) + 1] = (byte)level;
            palette[(level * 4) + 2] = (byte)level;
        }

        for (var y = 0; y < image.Height; y++)
        {
            var row = image.Height - 1 - y;
            image.Pixels.AsSpan(y * image.Width, image.Width).CopyTo(span[(pixelOffset + (row * stride))..]);
        }

        return bmp;
    }

    private static void WriteChunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        output.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        output.Write(typeBytes);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Append(Crc32.Compute(typeBytes), data));
        output.Write(word);
    }

    /// <summary>Writes one page's IFD and pixel strips; returns where this IFD's next-IFD offset sits.</summary>
    private static long WriteTiffPage(BinaryWriter writer, GrayImage image, int index, int count, long previousNextPointer)
    {
        const int TargetStripBytes = 64 * 1024;
        var stream = writer.BaseStream;
        var rowsPerStrip = Math.Clamp(TargetStripBytes / image.Width, 1, image.Height);
        var stripCount = (image.Height + rowsPerStrip - 1) / rowsPerStrip;

        // Pixel strips first, then the resolution values and strip tables, then the IFD (word-aligned).
        var stripOffsets = new uint[stripCount];
        var stripCounts = new uint[stripCount];
        for (var strip = 0; strip < stripCount; strip++)
        {
            var firstRow = strip * rowsPerStrip;
            var rows = Math.Min(rowsPerStrip, image.Height - firstRow);
            stripOffsets[strip] = (uint)stream.Position;
            stripCounts[strip] = (uint)(rows * image.Width);
            writer.Write(image.Pixels, firstRow * image.Width, rows * image.Width);
        }

        Align(writer);
        var resolutionOffset = (uint)stream.Position;
        writer.Write((uint)image.Dpi);
        writer.Write(1u);
        var offsetsTable = (uint)stream.Position;
        foreach (var offset in stripOffsets)
        {
            writer.Write(offset);
        }

        var countsTable = (uint)stream.Position;
        foreach (var stripBytes in stripCounts)
        {
            writer.Write(stripBytes);
        }

        Align(writer);
        var ifd = stream.Position;
        stream.Position = previousNextPointer;
        writer.Write((uint)ifd);
        stream.Position = ifd;

        const ushort Short = 3;
        const ushort Long = 4;
        const ushort Rational = 5;
        var entries = new List<(ushort Tag, ushort Type, uint Count, uint Value)>
        {
            (254, Long, 1, count > 1 ? 2u : 0u), // NewSubfileType: 2 = one page of a multi-page document
            (256, Long, 1, (uint)image.Width),
            (257, Long, 1, (uint)image.Height),
            (258, Short, 1, 8), // BitsPerSample
            (259, Short, 1, 1), // Compression: none
            (262, Short, 1, 1), // PhotometricInterpretation: BlackIsZero
            (273, Long, (uint)stripCount, stripCount == 1 ? stripOffsets[0] : offsetsTable),
            (277, Short, 1, 1), // SamplesPerPixel
            (278, Long, 1, (uint)rowsPerStrip),
            (279, Long, (uint)stripCount, stripCount == 1 ? stripCounts[0] : countsTable),
            (282, Rational, 1, resolutionOffset), // XResolution
            (283, Rational, 1, resolutionOffset), // YResolution
            (296, Short, 1, 2), // ResolutionUnit: inch
            (297, Short, 2, (uint)index | ((uint)count << 16)), // PageNumber: this page, of count
        };
        writer.Write((ushort)entries.Count);
        foreach (var (tag, type, valueCount, value) in entries)
        {
            writer.Write(tag);
            writer.Write(type);
            writer.Write(valueCount);
            if (type == Short && valueCount == 1)
            {
                // A single SHORT sits left-justified in the 4-byte value field.
                writer.Write((ushort)value);
                writer.Write((ushort)0);
            }
            else
            {
                writer.Write(value);
            }
        }

        var nextPointer = stream.Position;
        writer.Write(0u);
        return nextPointer;
    }

    private static void Align(BinaryWriter writer)
    {
        if (writer.BaseStream.Position % 2 != 0)
        {
            writer.Write((byte)0);
        }
    }
}
