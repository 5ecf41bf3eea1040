using System.Buffers.Binary;

namespace FoiPipeline.Intake.Images;

/// <summary>An image's size in pixels (of its largest page) and how many pages it has (a TIFF may have many).</summary>
public sealed record ImageSize(int Width, int Height, int Pages)
{
    public long Pixels => (long)Width * Height;
}

/// <summary>
/// Reads an image's dimensions from its header without decoding it, so an image bomb (a small file that
/// decodes to gigabytes) is refused before any decoder sees it.
/// </summary>
public static class ImageInfo
{
    /// <summary>The most TIFF pages (IFDs) followed; a longer or looping chain is treated as corrupt.</summary>
    public const int MaxTiffPages = 10_000;

    public static bool TryRead(ReadOnlySpan<byte> content, DocumentKind kind, out ImageSize size)
    {
        size = new ImageSize(0, 0, 0);
        try
        {
            size = kind switch
            {
                DocumentKind.Png => Png(content),
                DocumentKind.Jpeg => Jpeg(content),
                DocumentKind.Gif => new ImageSize(BinaryPrimitives.ReadUInt16LittleEndian(content[6..]), BinaryPrimitives.ReadUInt16LittleEndian(content[8..]), 1),
                DocumentKind.Bmp => new ImageSize(BmpSide(content[18..]), BmpSide(content[22..]), 1),
                DocumentKind.Tiff => Tiff(content),
                _ => size,
            };
        }
        catch (ArgumentOutOfRangeException)
        {
            return false; // the header is cut short
        }

        return size is { Width: > 0, Height: > 0, Pages: > 0 };
    }

    /// <summary>The number of pages (IFDs) in a TIFF; 0 when the structure is broken.</summary>
    public static int TiffPageCount(ReadOnlySpan<byte> content)
    {
        try
        {
            return Tiff(content).Pages;
        }
        catch (ArgumentOutOfRangeException)
        {
            return 0;
        }
    }

    // A negative height means the rows are stored top-down. Read wide, because -2^31 has no positive int and
    // Math.Abs(int.MinValue) throws; a side that large is capped, and refused as too many pixels.
    private static int BmpSide(ReadOnlySpan<byte> field) => (int)Math.Min(int.MaxValue, Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(field)));

    private static ImageSize Png(ReadOnlySpan<byte> content)
        => new((int)BinaryPrimitives.ReadUInt32BigEndian(content[16..]), (int)BinaryPrimitives.ReadUInt32BigEndian(content[20..]), 1);

    private static ImageSize Jpeg(ReadOnlySpan<byte> content)
    {
        var position = 2;
        while (position + 9 < content.Length)
        {
            if (content[position] != 0xFF)
            {
                position++;
                continue;
            }

            var marker = content[position + 1];
            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7) or 0xFF)
            {
                position += marker == 0xFF ? 1 : 2;
                continue;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(content[(position + 2)..]);
            // Start-of-frame markers carry the size; C4 (Huffman), C8 (reserved) and CC (arithmetic) do not.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                var height = BinaryPrimitives.ReadUInt16BigEndian(content[(position + 5)..]);
                var width = BinaryPrimitives.ReadUInt16BigEndian(content[(position + 7)..]);
                return new ImageSize(width, height, 1);
            }

            position += 2 + length;
        }

        return new ImageSize(0, 0, 0);
    }

    private static ImageSize Tiff(ReadOnlySpan<byte> content)
    {
        var little = content[0] == 'I';

        var seen = new HashSet<uint>();
        var offset = U32(content, 4, little);
        int pages = 0, width = 0, height = 0;
        while (offset != 0)
        {
            if (!seen.Add(offset) || pages >= MaxTiffPages || offset >= content.Length)
            {
                return new ImageSize(0, 0, 0); // a loop or a chain that runs off the file
            }

            var entries = U16(content, (int)offset, little);
            for (var i = 0; i < entries; i++)
            {
                var entry = (int)offset + 2 + (i * 12);
                var tag = U16(content, entry, little);
                if (tag is 256 or 257)
                {
                    var value = U16(content, entry + 2, little) == 3 ? U16(content, entry + 8, little) : (int)U32(content, entry + 8, little);
                    if (tag == 256)
                    {
                        width = Math.Max(width, value);
                    }
                    else
                    {
                        height = Math.Max(height, value);
                    }
                }
            }

            pages++;
            offset = U32(content, (int)offset + 2 + (entries * 12), little);
        }

        return new ImageSize(width, height, pages);
    }

    private static uint U32(ReadOnlySpan<byte> content, int at, bool little)
        => little ? BinaryPrimitives.ReadUInt32LittleEndian(content[at..]) : BinaryPrimitives.ReadUInt32BigEndian(content[at..]);

    private static ushort U16(ReadOnlySpan<byte> content, int at, bool little)
        => little ? BinaryPrimitives.ReadUInt16LittleEndian(content[at..]) : BinaryPrimitives.ReadUInt16BigEndian(content[at..]);
}
