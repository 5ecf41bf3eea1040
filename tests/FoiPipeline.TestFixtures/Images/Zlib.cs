using System.IO.Compression;

namespace FoiPipeline.TestFixtures;

/// <summary>zlib-format compression (RFC 1950), as PDF's FlateDecode and PNG's IDAT both want.</summary>
internal static class Zlib
{
    public static byte[] Compress(ReadOnlySpan<byte> data, CompressionLevel level = CompressionLevel.Fastest)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, level, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }
}
