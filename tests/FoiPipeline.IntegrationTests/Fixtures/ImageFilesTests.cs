using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using FoiPipeline.TestFixtures;

namespace FoiPipeline.IntegrationTests.Fixtures;

public sealed class ImageFilesTests
{
    private const string Line = "Please state the number of Taser discharges in 2025 (in £).";

    [Fact]
    public void Crc32_matches_the_standard_check_value()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(Crc32.Compute("123456789"u8), Crc32.Append(Crc32.Compute("1234"u8), "56789"u8));
    }

    [Fact]
    public void A_png_has_valid_chunks_and_inflates_to_the_original_pixels()
    {
        var image = PdfFixturesTests.Stripes(123, 45, dpi: 300);

        var chunks = PngChunks(ImageFiles.Png(image));

        Assert.Equal(["IHDR", "pHYs", "IDAT", "IEND"], chunks.Select(chunk => chunk.Type));
        var header = chunks[0].Data;
        Assert.Equal((123, 45, 8, 0), (BinaryPrimitives.ReadInt32BigEndian(header), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)), (int)header[8], (int)header[9]));
        Assert.Equal(11811u, BinaryPrimitives.ReadUInt32BigEndian(chunks[1].Data)); // 300 dpi in pixels per metre
        using var inflater = new ZLibStream(new MemoryStream(chunks[2].Data), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        inflater.CopyTo(raw);
        var rows = raw.ToArray();
        Assert.Equal(45 * 124, rows.Length);
        for (var y = 0; y < 45; y++)
        {
            Assert.Equal(0, rows[y * 124]); // filter type None
            Assert.Equal(image.Pixels.AsSpan(y * 123, 123).ToArray(), rows.AsSpan((y * 124) + 1, 123).ToArray());
        }
    }

    [Fact]
    public void A_multi_page_tiff_chains_one_ifd_per_page_with_resolution_and_pixels()
    {
        var pages = new[] { PdfFixturesTests.Stripes(300, 500, dpi: 200), PdfFixturesTests.Stripes(50, 40, dpi: 200), PdfFixturesTests.Stripes(700, 120, dpi: 200) };

        var read = ReadTiff(ImageFiles.MultiPageTiff(pages));

        Assert.Equal(3, read.Count);
        for (var i = 0; i < pages.Length; i++)
        {
            Assert.Equal((pages[i].Width, pages[i].Height, 200), (read[i].Width, read[i].Height, read[i].Dpi));
            Assert.Equal(pages[i].Pixels, read[i].Pixels);
        }
    }

    [Fact]
    public void A_bmp_has_a_grey_palette_and_bottom_up_padded_rows()
    {
        var image = PdfFixturesTests.Stripes(101, 7, dpi: 300);

        var bmp = ImageFiles.Bmp(image);

        Assert.Equal("BM", Encoding.ASCII.GetString(bmp, 0, 2));
        Assert.Equal(bmp.Length, BinaryPrimitives.ReadInt32LittleEndian(bmp.AsSpan(2)));
        var pixelOffset = BinaryPrimitives.ReadInt32LittleEndian(bmp.AsSpan(10));
        Assert.Equal((101, 7, 8), (BinaryPrimitives.ReadInt32LittleEndian(bmp.AsSpan(18)), BinaryPrimitives.ReadInt32LittleEndian(bmp.AsSpan(22)), (int)BinaryPrimitives.ReadUInt16LittleEndian(bmp.AsSpan(28))));
        var bottomRow = bmp.AsSpan(pixelOffset, 101).ToArray();
        Assert.Equal(image.Pixels.AsSpan(6 * 101, 101).ToArray(), bottomRow);
    }

    [Fact]
    public async Task A_jpeg_is_the_size_and_resolution_of_the_image()
    {
        var image = PdfFixturesTests.Stripes(320, 240, dpi: 150);

        var jpeg = await ImageFiles.JpegAsync(image);

        Assert.Equal((0xFF, 0xD8), (jpeg[0], jpeg[1]));
        Assert.Equal("JFIF\0", Encoding.ASCII.GetString(jpeg, 6, 5));
        Assert.Equal((1, 150, 150), ((int)jpeg[13], (int)BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(14)), (int)BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(16))));
        var frame = FindStartOfFrame(jpeg);
        Assert.Equal((240, 320), (BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(frame + 5)), BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(frame + 7))));
    }

    [Theory]
    [InlineData(".png")]
    [InlineData(".tif")]
    [InlineData(".jpg")]
    [InlineData(".bmp")]
    public async Task Tesseract_reads_a_line_of_text_from_every_image_format(string extension)
    {
        var image = await LineImageAsync(Line);
        var file = extension switch
        {
            ".png" => ImageFiles.Png(image),
            ".tif" => ImageFiles.MultiPageTiff([image]),
            ".jpg" => await ImageFiles.JpegAsync(image),
            _ => ImageFiles.Bmp(image),
        };

        var text = await FixtureTools.OcrAsync(file, extension);

        Assert.True(TextMetrics.CharacterErrorRate(Line, text) < 0.03, $"Tesseract read \"{text.Trim()}\"");
    }

    [Fact]
    public async Task Tesseract_reads_every_page_of_a_multi_page_tiff()
    {
        var first = await LineImageAsync("First page of the scanned letter.");
        var second = await LineImageAsync("Second page: drones and ANPR cameras.");

        var text = await FixtureTools.OcrAsync(ImageFiles.MultiPageTiff([first, second]), ".tif");

        Assert.True(TextMetrics.CharacterErrorRate("First page of the scanned letter. Second page: drones and ANPR cameras.", text) < 0.03, text);
    }

    /// <summary>One line of 11 pt text on a small page, rendered at 300 dpi: quick to OCR.</summary>
    internal static async Task<GrayImage> LineImageAsync(string text)
    {
        var layout = new PdfTextOptions { PageWidth = 400, PageHeight = 60, Margin = 20 };
        return (await Raster.RenderAsync(PdfFixtures.TextPdf([text], layout), 300)).Single();
    }

    private static List<(string Type, byte[] Data)> PngChunks(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        var chunks = new List<(string, byte[])>();
        var position = 8;
        while (position < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            var typeAndData = png.AsSpan(position + 4, length + 4);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position + 8 + length));
            Assert.Equal(crc, Crc32.Compute(typeAndData));
            chunks.Add((Encoding.ASCII.GetString(typeAndData[..4]), typeAndData[4..].ToArray()));
            position += 12 + length;
        }

        Assert.Equal(png.Length, position);
        return chunks;
    }

    /// <summary>A reader for exactly what the fixture writes: little-endian, uncompressed 8-bit strips, rational resolution.</summary>
    private static List<GrayImage> ReadTiff(byte[] tiff)
    {
        Assert.Equal("II*\0", Encoding.ASCII.GetString(tiff, 0, 4));
        var pages = new List<GrayImage>();
        var ifd = BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan(4));
        while (ifd != 0)
        {
            var count = BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan((int)ifd));
            var tags = new Dictionary<ushort, (ushort Type, uint Count, uint Value)>();
            for (var i = 0; i < count; i++)
            {
                var entry = tiff.AsSpan((int)ifd + 2 + (i * 12), 12);
                var type = BinaryPrimitives.ReadUInt16LittleEndian(entry[2..]);
                var valueCount = BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]);
                var value = type == 3 && valueCount == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(entry[8..]) : BinaryPrimitives.ReadUInt32LittleEndian(entry[8..]);
                tags[BinaryPrimitives.ReadUInt16LittleEndian(entry)] = (type, valueCount, value);
            }

            Assert.Equal(1u, tags[259].Value); // no compression
            Assert.Equal(1u, tags[262].Value); // BlackIsZero
            Assert.Equal(8u, tags[258].Value);
            int width = (int)tags[256].Value, height = (int)tags[257].Value;
            var resolution = (int)tags[282].Value;
            var dpi = BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan(resolution)) / BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan(resolution + 4));
            var strips = (int)tags[273].Count;
            var pixels = new List<byte>();
            for (var s = 0; s < strips; s++)
            {
                var offset = strips == 1 ? tags[273].Value : BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan((int)tags[273].Value + (4 * s)));
                var length = strips == 1 ? tags[279].Value : BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan((int)tags[279].Value + (4 * s)));
                pixels.AddRange(tiff.AsSpan((int)offset, (int)length).ToArray());
            }

            pages.Add(new GrayImage(width, height, [.. pixels], (int)dpi));
            ifd = BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan((int)ifd + 2 + (count * 12)));
        }

        return pages;
    }

    private static int FindStartOfFrame(byte[] jpeg)
    {
        var position = 2;
        while (position < jpeg.Length - 4)
        {
            Assert.Equal(0xFF, jpeg[position]);
            var marker = jpeg[position + 1];
            if (marker is 0xC0 or 0xC1 or 0xC2)
            {
                return position;
            }

            position += 2 + BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(position + 2));
        }

        throw new InvalidOperationException("No start-of-frame marker.");
    }
}
