namespace FoiPipeline.TestFixtures;

/// <summary>
/// An 8-bit greyscale raster (0 = black, 255 = white), row-major, with the resolution it was rendered at.
/// The one image type every builder here speaks, so a page can go from renderer to degrader to encoder
/// without an imaging library.
/// </summary>
public sealed record GrayImage
{
    /// <summary>Creates an image over <paramref name="pixels"/> (not copied).</summary>
    /// <exception cref="ArgumentException">The pixel count is not <paramref name="width"/> × <paramref name="height"/>.</exception>
    public GrayImage(int width, int height, byte[] pixels, int dpi)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dpi);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.LongLength != (long)width * height)
        {
            throw new ArgumentException($"Expected {width}×{height} = {(long)width * height} pixels, got {pixels.LongLength}.", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
        Dpi = dpi;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Row-major gray levels, <see cref="Width"/> bytes per row, no padding.</summary>
#pragma warning disable CA1819 // A raw buffer is the point: encoders and effects index it directly.
    public byte[] Pixels { get; }
#pragma warning restore CA1819

    /// <summary>Dots per inch; decides the physical page size when the image becomes a PDF page or a TIFF.</summary>
    public int Dpi { get; }

    /// <summary>The gray level at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public byte this[int x, int y] => Pixels[(y * Width) + x];

    /// <summary>An image of one flat gray level, white by default.</summary>
    public static GrayImage Blank(int width, int height, int dpi, byte level = 255)
    {
        var pixels = new byte[checked(width * height)];
        Array.Fill(pixels, level);
        return new GrayImage(width, height, pixels, dpi);
    }

    /// <summary>A copy of a rectangle of this image: handy for OCR tests that only need a few lines of a page.</summary>
    public GrayImage Crop(int x, int y, int width, int height)
    {
        if (x < 0 || y < 0 || width <= 0 || height <= 0 || x + width > Width || y + height > Height)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Rectangle ({x},{y}) {width}×{height} is not inside the {Width}×{Height} image.");
        }

        var pixels = new byte[width * height];
        for (var row = 0; row < height; row++)
        {
            Array.Copy(Pixels, ((y + row) * Width) + x, pixels, row * width, width);
        }

        return new GrayImage(width, height, pixels, Dpi);
    }
}
