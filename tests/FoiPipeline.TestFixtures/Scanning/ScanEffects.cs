namespace FoiPipeline.TestFixtures;

/// <summary>
/// Makes a clean render look like a page that went through an office scanner: skewed a little (bilinear
/// rotation), softened (gaussian blur), printed on grey, unevenly lit paper, with sensor noise and specks.
/// Deterministic for a seed, so a test's OCR result is repeatable.
/// </summary>
public static class ScanEffects
{
    private const double A4SquareInches = 8.27 * 11.69;

    /// <summary>A degraded copy of <paramref name="image"/>; the same seed and options always give the same pixels.</summary>
    public static GrayImage Degrade(GrayImage image, int seed, ScanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        options ??= ScanOptions.Office;
        options.Validate();
        var random = new Random(seed);
        var scale = image.Dpi / 300.0;

        var degrees = options.MinRotationDegrees + (random.NextDouble() * (options.MaxRotationDegrees - options.MinRotationDegrees));
        var angle = (random.Next(2) == 0 ? -degrees : degrees) * Math.PI / 180;
        var pixels = Rotate(image, angle);
        if (options.BlurSigma > 0)
        {
            Blur(pixels, image.Width, image.Height, options.BlurSigma * scale);
        }

        ToneNoiseAndShade(pixels, image.Width, image.Height, options, random);
        AddSpeckles(pixels, image, options, scale, random);
        return new GrayImage(image.Width, image.Height, pixels, image.Dpi);
    }

    /// <summary>Rotates about the centre by inverse mapping with bilinear interpolation; uncovered corners become white paper.</summary>
    private static byte[] Rotate(GrayImage image, double angle)
    {
        int width = image.Width, height = image.Height;
        var source = image.Pixels;
        var result = new byte[source.Length];
        var cos = Math.Cos(angle);
        var sin = Math.Sin(angle);
        var centreX = (width - 1) / 2.0;
        var centreY = (height - 1) / 2.0;
        for (var y = 0; y < height; y++)
        {
            var dy = y - centreY;

            // Source of output pixel (x, y) is R(-angle) applied to its offset from the centre; start at x = 0 and step.
            var sourceX = (-cos * centreX) + (sin * dy) + centreX;
            var sourceY = (sin * centreX) + (cos * dy) + centreY;
            var row = y * width;
            for (var x = 0; x < width; x++, sourceX += cos, sourceY -= sin)
            {
                var x0 = (int)Math.Floor(sourceX);
                var y0 = (int)Math.Floor(sourceY);
                if (x0 < 0 || y0 < 0 || x0 >= width - 1 || y0 >= height - 1)
                {
                    result[row + x] = 255;
                    continue;
                }

                var fx = sourceX - x0;
                var fy = sourceY - y0;
                var i = (y0 * width) + x0;
                var top = source[i] + ((source[i + 1] - source[i]) * fx);
                var bottom = source[i + width] + ((source[i + width + 1] - source[i + width]) * fx);
                result[row + x] = (byte)(top + ((bottom - top) * fy) + 0.5);
            }
        }

        return result;
    }

    /// <summary>Separable gaussian blur in place, edges clamped, fixed-point weights; each pass walks memory in order.</summary>
    private static void Blur(byte[] pixels, int width, int height, double sigma)
    {
        var radius = Math.Max(1, (int)Math.Ceiling(sigma * 3));
        var weights = new double[(2 * radius) + 1];
        for (var k = -radius; k <= radius; k++)
        {
            weights[k + radius] = Math.Exp(-(k * k) / (2 * sigma * sigma));
        }

        var total = weights.Sum();
        var kernel = weights.Select(w => (int)Math.Round(w / total * 65536)).ToArray();
        var buffer = new byte[pixels.Length];
        var sums = new int[width];
        var padded = new byte[width + (2 * radius)];

        for (var y = 0; y < height; y++)
        {
            // Copy the row with its edge pixels repeated, so the taps need no bounds logic.
            var row = pixels.AsSpan(y * width, width);
            row.CopyTo(padded.AsSpan(radius));
            padded.AsSpan(0, radius).Fill(row[0]);
            padded.AsSpan(radius + width).Fill(row[^1]);
            Array.Clear(sums);
            for (var k = 0; k < kernel.Length; k++)
            {
                Accumulate(sums, padded.AsSpan(k, width), kernel[k]);
            }

            Store(sums, buffer.AsSpan(y * width, width));
        }

        for (var y = 0; y < height; y++)
        {
            Array.Clear(sums);
            for (var k = -radius; k <= radius; k++)
            {
                var source = Math.Clamp(y + k, 0, height - 1) * width;
                Accumulate(sums, buffer.AsSpan(source, width), kernel[k + radius]);
            }

            Store(sums, pixels.AsSpan(y * width, width));
        }
    }

    private static void Accumulate(Span<int> sums, ReadOnlySpan<byte> source, int weight)
    {
        for (var x = 0; x < sums.Length; x++)
        {
            sums[x] += weight * source[x];
        }
    }

    private static void Store(ReadOnlySpan<int> sums, Span<byte> target)
    {
        for (var x = 0; x < target.Length; x++)
        {
            target[x] = (byte)Math.Clamp((sums[x] + 32768) >> 16, 0, 255);
        }
    }

    /// <summary>Maps white to paper and black to ink, darkens the paper along a random direction, adds gaussian noise.</summary>
    private static void ToneNoiseAndShade(byte[] pixels, int width, int height, ScanOptions options, Random random)
    {
        var direction = random.NextDouble() * 2 * Math.PI;
        var shadeX = Math.Cos(direction) / width;
        var shadeY = Math.Sin(direction) / height;
        var ink = (double)options.Ink;
        var noise = new NoiseSource(random);
        for (var y = 0; y < height; y++)
        {
            var row = y * width;
            for (var x = 0; x < width; x++)
            {
                // 0 at one side of the page, 1 at the other.
                var along = 0.5 + (((x - (width / 2.0)) * shadeX) + ((y - (height / 2.0)) * shadeY));
                var paper = options.Paper - (options.Shading * along);
                var value = ink + ((paper - ink) * pixels[row + x] / 255.0);
                if (options.NoiseSigma > 0)
                {
                    value += options.NoiseSigma * noise.Next();
                }

                pixels[row + x] = (byte)Math.Clamp(Math.Round(value), 0, 255);
            }
        }
    }

    private static void AddSpeckles(byte[] pixels, GrayImage image, ScanOptions options, double scale, Random random)
    {
        var area = (double)image.Width / image.Dpi * image.Height / image.Dpi;
        var count = (int)Math.Round(options.Speckles * area / A4SquareInches);
        for (var i = 0; i < count; i++)
        {
            var centreX = random.Next(image.Width);
            var centreY = random.Next(image.Height);
            var radius = (0.6 + random.NextDouble()) * scale;
            var level = options.Ink + random.Next(60);
            var reach = (int)Math.Ceiling(radius);
            for (var y = Math.Max(0, centreY - reach); y <= Math.Min(image.Height - 1, centreY + reach); y++)
            {
                for (var x = Math.Max(0, centreX - reach); x <= Math.Min(image.Width - 1, centreX + reach); x++)
                {
                    var dx = x - centreX;
                    var dy = y - centreY;
                    if ((dx * dx) + (dy * dy) <= radius * radius)
                    {
                        var index = (y * image.Width) + x;
                        pixels[index] = (byte)Math.Min(pixels[index], level);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Fast standard-normal noise: a table of Box–Muller samples drawn from the seed, indexed by an
    /// xorshift generator. A page needs millions of samples; computing each one costs more than the rest
    /// of the degradation put together.
    /// </summary>
    private sealed class NoiseSource
    {
        private const int TableSize = 1 << 16;
        private readonly double[] _table = new double[TableSize];
        private ulong _state;

        public NoiseSource(Random random)
        {
            for (var i = 0; i < TableSize; i += 2)
            {
                var radius = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble()));
                var theta = 2.0 * Math.PI * random.NextDouble();
                _table[i] = radius * Math.Cos(theta);
                _table[i + 1] = radius * Math.Sin(theta);
            }

            _state = (ulong)random.NextInt64() | 1;
        }

        public double Next()
        {
            _state ^= _state << 13;
            _state ^= _state >> 7;
            _state ^= _state << 17;
            return _table[(int)(_state >> 48)];
        }
    }
}
