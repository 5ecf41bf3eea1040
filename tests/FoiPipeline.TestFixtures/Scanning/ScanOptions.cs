namespace FoiPipeline.TestFixtures;

/// <summary>
/// How hard <see cref="ScanEffects.Degrade"/> treats a clean render. Sizes in pixels are for 300 dpi and
/// scale with the image's DPI. <see cref="Office"/> is a decent office scanner (Tesseract reads it with a
/// character error rate around 1%); <see cref="Heavy"/> is a tired copier (around 10%).
/// </summary>
/// <remarks>
/// Keep paper noise and shading small. Tesseract binarises with one global Otsu threshold; on a page with
/// little ink, a wide spread of paper grey levels pulls that threshold into the paper, and Tesseract then
/// "reads" thousands of lines of noise for a minute. With these presets even a one-line page stays readable;
/// make scans harder with skew, blur, contrast and specks instead.
/// </remarks>
public sealed record ScanOptions
{
    /// <summary>A decent office scan: under a degree of skew, slight blur, light noise, grey paper. The default.</summary>
    public static ScanOptions Office { get; } = new();

    /// <summary>A hard scan: 1.5-2.5 degrees of skew, soft strokes, greyer paper, weaker ink and many specks.</summary>
    public static ScanOptions Heavy { get; } = new()
    {
        MinRotationDegrees = 1.5,
        MaxRotationDegrees = 2.5,
        BlurSigma = 1.4,
        Paper = 225,
        Ink = 60,
        Shading = 4,
        NoiseSigma = 3,
        Speckles = 500,
    };

    /// <summary>Least skew; the seed picks an angle between this and <see cref="MaxRotationDegrees"/> and a direction.</summary>
    public double MinRotationDegrees { get; init; } = 0.5;

    /// <summary>Most skew, in degrees.</summary>
    public double MaxRotationDegrees { get; init; } = 1.0;

    /// <summary>Gaussian blur standard deviation, in pixels at 300 dpi; 0 for none.</summary>
    public double BlurSigma { get; init; } = 0.7;

    /// <summary>Gray level of blank paper (255 is white).</summary>
    public byte Paper { get; init; } = 236;

    /// <summary>Gray level of solid ink (0 is black).</summary>
    public byte Ink { get; init; } = 30;

    /// <summary>How many gray levels darker the paper gets from one side of the page to the other (uneven lighting).</summary>
    public double Shading { get; init; } = 4;

    /// <summary>Standard deviation of the per-pixel gaussian noise, in gray levels.</summary>
    public double NoiseSigma { get; init; } = 3;

    /// <summary>Dark specks (dust, toner) on an A4-sized area; scaled to the image's area.</summary>
    public int Speckles { get; init; } = 60;

    internal void Validate()
    {
        if (MinRotationDegrees < 0 || MaxRotationDegrees < MinRotationDegrees || BlurSigma < 0 || NoiseSigma < 0 || Shading < 0 || Speckles < 0 || Ink >= Paper)
        {
            throw new ArgumentException("Scan options are inconsistent: rotations, blur, noise, shading and speckles must be non-negative, max rotation at least min rotation, and ink darker than paper.");
        }
    }
}
