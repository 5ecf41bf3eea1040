using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FoiPipeline.TestFixtures.Fuzzing;

/// <summary>
/// Makes hostile variants of well-formed letters: generic byte damage (flips, truncation, chunks duplicated,
/// removed or spliced in from another file, huge runs, boundary integers) and damage that knows the format
/// (MIME boundaries, charsets, base64, quoted-printable, encoded words, nesting, huge headers, thousands of
/// attachments; PDF cross-references, lengths, streams, filters, page trees; image headers, pixel data,
/// decompression bombs within the limits, giant declared sizes).
/// Pure and deterministic: input <c>i</c> of a run depends only on the seed list, the run's seed and
/// <c>i</c>, so one failing input can be made again without making the ones before it.
/// </summary>
public sealed partial class InputMutator
{
    /// <summary>No mutated file grows past this, so a run of thousands stays quick.</summary>
    public const int MaxOutputBytes = 1024 * 1024;

    private static readonly Encoding Bytes = Encoding.Latin1; // one char per byte, both ways

    private static readonly uint[] InterestingIntegers =
        [0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0xFFFF_FFFE, 65_535, 100_000, 1_000_000];

    private readonly IReadOnlyList<FuzzSeed> _seeds;

    public InputMutator(IReadOnlyList<FuzzSeed> seeds)
    {
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count == 0)
        {
            throw new ArgumentException("The mutator needs at least one seed file.", nameof(seeds));
        }

        _seeds = seeds;
    }

    /// <summary>Input <paramref name="index"/> of the run with <paramref name="runSeed"/>.</summary>
    public FuzzInput Create(int runSeed, int index)
    {
        var random = new Random(Mix(runSeed, index));
        var seed = _seeds[random.Next(_seeds.Count)];
        var content = seed.Content;
        var mutations = new List<string>();
        var rounds = 1 + random.Next(3);
        for (var round = 0; round < rounds; round++)
        {
            var (name, mutated) = MutateOnce(random, seed.Format, content);
            mutations.Add(name);
            content = mutated.Length <= MaxOutputBytes ? mutated : mutated[..MaxOutputBytes];
        }

        return new FuzzInput(index, seed, mutations, content);
    }

    /// <summary>A 32-bit seed for one input from the run's seed and its index (SplitMix64 finaliser).</summary>
    public static int Mix(int runSeed, int index)
    {
        var z = ((ulong)(uint)runSeed << 32) | (uint)index;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (int)(z ^ (z >> 31));
    }

    private (string Name, byte[] Content) MutateOnce(Random random, FuzzFormat format, byte[] content)
    {
        // Half the time damage that knows the format, which gets past the first parser; otherwise raw bytes.
        if (format != FuzzFormat.Other && random.Next(2) == 0)
        {
            return format switch
            {
                FuzzFormat.Email => EmailMutation(random, content),
                FuzzFormat.Pdf => PdfMutation(random, content),
                _ => ImageMutation(random, content),
            };
        }

        return ByteMutation(random, content);
    }

    private (string, byte[]) ByteMutation(Random random, byte[] content)
    {
        switch (random.Next(8))
        {
            case 0:
                return ("flip-bits", FlipBits(random, content, 1 + random.Next(32)));
            case 1:
                return ("truncate", content[..random.Next(content.Length + 1)]);
            case 2:
                return ("duplicate-chunk", DuplicateChunk(random, content));
            case 3:
                return ("remove-chunk", RemoveChunk(random, content));
            case 4:
                var other = _seeds[random.Next(_seeds.Count)].Content;
                return ("splice", Splice(random, content, other));
            case 5:
                return ("huge-run", Insert(random, content, HugeRun(random)));
            case 6:
                return ("interesting-integer", OverwriteInteger(random, content, random.Next(Math.Max(1, content.Length - 4))));
            default:
                return ("zero-chunk", ZeroChunk(random, content));
        }
    }

    // ---------------------------------------------------------------- email

    private static (string, byte[]) EmailMutation(Random random, byte[] content)
    {
        var text = Bytes.GetString(content);
        switch (random.Next(12))
        {
            case 0:
                return ("remove-boundaries", Latin1(BoundaryLine().Replace(text, string.Empty)));
            case 1:
                return ("duplicate-boundary", Latin1(BoundaryLine().Replace(text, m => string.Concat(Enumerable.Repeat(m.Value, 1 + random.Next(2000))), 1)));
            case 2:
                string[] charsets = ["x-no-such-charset", "utf-7", "utf-32", "\"\"", "utf-16", "iso-2022-jp", "\u00ff\u00fe", "unicode-1-1-utf-7", "ibm037", new string('a', 5000)];
                var charset = charsets[random.Next(charsets.Length)];
                return ($"bogus-charset({Short(charset)})", Latin1(CharsetParameter().Replace(text, "charset=" + charset)));
            case 3:
                return ("broken-base64", Latin1(InsertInBody(random, TransferEncodingHeader().Replace(text, "Content-Transfer-Encoding: base64"), RandomOf(random, "=!@#$%^&*\u0080\u00ff====", 1 + random.Next(400)))));
            case 4:
                return ("broken-quoted-printable", Latin1(InsertInBody(random, TransferEncodingHeader().Replace(text, "Content-Transfer-Encoding: quoted-printable"), RandomOf(random, "=\r\n=ZZ=0=\t \u00e9=3D==", 1 + random.Next(400)))));
            case 5:
                return ("encoded-word-garbage", Latin1(SubjectLine().Replace(text, "Subject: " + EncodedWordGarbage(random), 1)));
            case 6:
                return ("nested-rfc822", Latin1(NestMessage(text, 1 + random.Next(60), random.Next(2) == 0)));
            case 7:
                return ("nested-multipart", Latin1(NestMultipart(text, 1 + random.Next(200))));
            case 8:
                return ("huge-header-line", Latin1("X-Huge: " + new string('x', 100_000 + random.Next(MaxOutputBytes / 2)) + "\r\n" + text));
            case 9:
                return ("many-attachments", Latin1(ManyAttachments(text, 500 + random.Next(5000))));
            case 10:
                return ("many-headers", Latin1(string.Concat(Enumerable.Repeat("Received: from a by b; Mon, 1 Jan 2024 00:00:00 +0000\r\n", 1 + random.Next(10_000))) + text));
            default:
                return ("folded-header-storm", Latin1(SubjectLine().Replace(text, "Subject: x" + string.Concat(Enumerable.Repeat("\r\n =?utf-8?Q?=E2=80=9C?=", 1 + random.Next(10_000))), 1)));
        }
    }

    private static string EncodedWordGarbage(Random random)
    {
        string[] words =
        [
            "=?utf-8?B?@@@@?=", "=?utf-8?Q?=ZZ=?=", "=?x-nope?B?SGVsbG8=?=", "=?utf-8*en?Q?caf=C3=A9?=", "=??Q??=", "=?utf-8?B?" + new string('A', 3001) + "?=",
            "=?utf-16?B?2D3eAA==?=", "=?utf-8?Q?=C3?=", "=?iso-8859-1?q?=E9?=", "=?utf-7?Q?+AGEAYgBj-?=",
        ];
        var builder = new StringBuilder();
        for (var i = 1 + random.Next(500); i > 0; i--)
        {
            builder.Append(words[random.Next(words.Length)]).Append(random.Next(3) == 0 ? " " : string.Empty);
        }

        return builder.ToString();
    }

    private static string NestMessage(string message, int depth, bool base64)
    {
        for (var i = 0; i < depth; i++)
        {
            var body = base64 ? Convert.ToBase64String(Bytes.GetBytes(message), Base64FormattingOptions.InsertLineBreaks) : message;
            message = $"From: a@example.org\r\nSubject: Fwd {i}\r\nMIME-Version: 1.0\r\nContent-Type: message/rfc822\r\n"
                + (base64 ? "Content-Transfer-Encoding: base64\r\n" : string.Empty) + "\r\n" + body;
            if (message.Length > MaxOutputBytes / 2)
            {
                break;
            }
        }

        return message;
    }

    private static string NestMultipart(string message, int depth)
    {
        var builder = new StringBuilder("From: a@example.org\r\nSubject: nested\r\nMIME-Version: 1.0\r\n");
        for (var i = 0; i < depth; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"Content-Type: multipart/mixed; boundary=\"b{i}\"\r\n\r\n--b{i}\r\n");
        }

        builder.Append("Content-Type: message/rfc822\r\n\r\n").Append(message);
        for (var i = depth - 1; i >= 0; i--)
        {
            builder.Append(CultureInfo.InvariantCulture, $"\r\n--b{i}--\r\n");
        }

        return builder.ToString();
    }

    private static string ManyAttachments(string message, int count)
    {
        var builder = new StringBuilder("From: a@example.org\r\nSubject: many\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"m\"\r\n\r\n");
        builder.Append("--m\r\nContent-Type: message/rfc822\r\n\r\n").Append(message).Append("\r\n");
        for (var i = 0; i < count; i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"--m\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"a{i}.bin\"\r\nContent-Transfer-Encoding: base64\r\n\r\nQUJD\r\n");
        }

        return builder.Append("--m--\r\n").ToString();
    }

    // ---------------------------------------------------------------- PDF

    private static (string, byte[]) PdfMutation(Random random, byte[] content)
    {
        var text = Bytes.GetString(content);
        switch (random.Next(10))
        {
            case 0:
                return ("broken-xref", Latin1(XrefEntry().Replace(text, _ => random.NextInt64(10_000_000_000).ToString("D10", CultureInfo.InvariantCulture) + " 00000 n")));
            case 1:
                return ("wrong-startxref", Latin1(StartXref().Replace(text, "startxref\n" + Pick(random, "0", "-1", "99999999999", "12", (text.Length * 2).ToString(CultureInfo.InvariantCulture)))));
            case 2:
                return ("wrong-lengths", Latin1(LengthEntry().Replace(text, _ => "/Length " + Pick(random, "0", "-5", "1", "999999999", random.Next(100_000).ToString(CultureInfo.InvariantCulture), "9 0 R"))));
            case 3:
                return ("truncated-stream", Latin1(StreamBody().Replace(text, m => m.Groups[1].Value + m.Groups[2].Value[..random.Next(m.Groups[2].Value.Length + 1)] + m.Groups[3].Value)));
            case 4:
                var filter = Pick(random, "/LZWDecode", "/JBIG2Decode", "/CCITTFaxDecode", "/NoSuchDecode", "[/FlateDecode /FlateDecode /ASCIIHexDecode]", "/ASCII85Decode", "/RunLengthDecode", "/JPXDecode");
                var withFilter = text.Contains("/Filter", StringComparison.Ordinal)
                    ? FilterEntry().Replace(text, "/Filter " + filter)
                    : LengthEntry().Replace(text, m => m.Value + " /Filter " + filter);
                return ($"bogus-filter({filter})", Latin1(withFilter));
            case 5:
                return ("huge-page-count", Latin1(CountEntry().Replace(text, "/Count " + Pick(random, "5000000", "-1", "0", "2147483648", "150"))));
            case 6:
                var depth = 1000 + random.Next(200_000);
                var deep = string.Concat(Enumerable.Repeat(Pick(random, "[", "<<", "(", "{"), depth));
                return ("deep-nesting", Latin1(text.Insert(ObjPosition(random, text), deep)));
            case 7:
                return ("huge-mediabox", Latin1(MediaBox().Replace(text, "/MediaBox [0 0 " + Pick(random, "14400 14400", "1e9 1e9", "-1 -1", "0 0", "99999999 3") + "]")));
            case 8:
                return ("page-tree-loop", Latin1(KidsEntry().Replace(text, m => "/Kids [" + m.Groups[1].Value + " " + m.Groups[1].Value + " 1 0 R 2 0 R 3 0 R]", 1)));
            default:
                return ("trailer-garbage", Latin1(text.Replace("trailer", "trailer\n<< /Root 999 0 R /Size -4 /Encrypt 3 0 R /Prev 1 >>\n", StringComparison.Ordinal)));
        }
    }

    // ---------------------------------------------------------------- images

    private static (string, byte[]) ImageMutation(Random random, byte[] content)
    {
        var copy = (byte[])content.Clone();
        if (copy.Length > 24 && copy.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47]))
        {
            return PngMutation(random, copy);
        }

        if (copy.Length > 8 && (copy.AsSpan().StartsWith("II*\0"u8) || copy.AsSpan().StartsWith("MM\0*"u8)))
        {
            return TiffMutation(random, copy);
        }

        if (copy.Length > 30 && copy.AsSpan().StartsWith("BM"u8))
        {
            var at = random.Next(2) == 0 ? 18 : 22;
            BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at), InterestingIntegers[random.Next(InterestingIntegers.Length)]);
            return ("bmp-wrong-dimensions", copy);
        }

        if (copy.Length > 4 && copy[0] == 0xFF && copy[1] == 0xD8)
        {
            return JpegMutation(random, copy);
        }

        return ("flip-bits", FlipBits(random, copy, 8));
    }

    private static (string, byte[]) PngMutation(Random random, byte[] png)
    {
        switch (random.Next(5))
        {
            case 0:
                // Within the pixel limit but far from the real size; the CRC is made right so decoders read on.
                BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), (uint)(1 + random.Next(5000)));
                BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), (uint)(1 + random.Next(5000)));
                FixChunkCrc(png, 8);
                return ("png-wrong-dimensions", png);
            case 1:
                BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), Pick(random, 0u, 0x7FFF_FFFFu, 0xFFFF_FFFFu, 60_000u, 2_000_000u));
                BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), Pick(random, 0u, 0x7FFF_FFFFu, 0xFFFF_FFFFu, 60_000u, 1u));
                FixChunkCrc(png, 8);
                return ("png-giant-declared-size", png);
            case 2:
                var idat = png.AsSpan().IndexOf("IDAT"u8);
                return ("png-truncated-idat", idat < 0 ? png[..(png.Length / 2)] : png[..(idat + 4 + random.Next(Math.Max(1, png.Length - idat - 4)))]);
            case 3:
                return ("png-bomb-within-limits", PngBomb(2000 + random.Next(3000), 2000 + random.Next(3000)));
            default:
                png[24] = Pick(random, (byte)0, (byte)3, (byte)7, (byte)16, (byte)255); // bit depth
                png[25] = Pick(random, (byte)0, (byte)2, (byte)3, (byte)5, (byte)6);    // colour type
                FixChunkCrc(png, 8);
                return ("png-bogus-bit-depth", png);
        }
    }

    /// <summary>A valid white PNG of the given size: a few kilobytes that decode to millions of pixels.</summary>
    public static byte[] PngBomb(int width, int height)
    {
        return ImageFiles.Png(GrayImage.Blank(width, height, 300));
    }

    private static (string, byte[]) TiffMutation(Random random, byte[] tiff)
    {
        var little = tiff[0] == 'I';
        var first = (int)Math.Min(int.MaxValue, little ? BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan(4)) : BinaryPrimitives.ReadUInt32BigEndian(tiff.AsSpan(4)));
        switch (random.Next(3))
        {
            case 0 when first + 2 <= tiff.Length:
                // Point the chain of pages back at the first page: a loop.
                var entries = little ? BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan(first)) : BinaryPrimitives.ReadUInt16BigEndian(tiff.AsSpan(first));
                var next = first + 2 + (entries * 12);
                if (next + 4 <= tiff.Length)
                {
                    WriteU32(tiff, next, (uint)first, little);
                }

                return ("tiff-ifd-loop", tiff);
            case 1 when first + 2 <= tiff.Length:
                var count = little ? BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan(first)) : BinaryPrimitives.ReadUInt16BigEndian(tiff.AsSpan(first));
                for (var i = 0; i < count && first + 2 + (i * 12) + 12 <= tiff.Length; i++)
                {
                    var entry = first + 2 + (i * 12);
                    var tag = little ? BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan(entry)) : BinaryPrimitives.ReadUInt16BigEndian(tiff.AsSpan(entry));
                    if (tag is 256 or 257 or 273 or 279)
                    {
                        // Width, height, strip offsets, strip byte counts.
                        WriteU32(tiff, entry + 8, InterestingIntegers[random.Next(InterestingIntegers.Length)], little);
                    }
                }

                return ("tiff-wrong-fields", tiff);
            default:
                return ("tiff-truncated-strips", tiff[..(tiff.Length - random.Next(tiff.Length / 2))]);
        }
    }

    private static (string, byte[]) JpegMutation(Random random, byte[] jpeg)
    {
        var sof = jpeg.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0xC0]);
        if (sof >= 0 && sof + 9 <= jpeg.Length && random.Next(2) == 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 5), (ushort)InterestingIntegers[random.Next(InterestingIntegers.Length)]);
            BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(sof + 7), (ushort)InterestingIntegers[random.Next(InterestingIntegers.Length)]);
            return ("jpeg-wrong-dimensions", jpeg);
        }

        var scan = jpeg.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0xDA]);
        return ("jpeg-truncated-scan", jpeg[..(scan < 0 ? jpeg.Length / 2 : scan + random.Next(Math.Max(1, jpeg.Length - scan)))]);
    }

    // ---------------------------------------------------------------- generic helpers

    private static byte[] FlipBits(Random random, byte[] content, int count)
    {
        var copy = (byte[])content.Clone();
        for (var i = 0; i < count && copy.Length > 0; i++)
        {
            copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
        }

        return copy;
    }

    private static (int Start, int Length) Chunk(Random random, int length)
    {
        var start = random.Next(length + 1);
        return (start, random.Next(Math.Min(64 * 1024, length - start) + 1));
    }

    private static byte[] DuplicateChunk(Random random, byte[] content)
    {
        var (start, length) = Chunk(random, content.Length);
        var chunk = content.AsSpan(start, length).ToArray();
        var times = 1 + random.Next(Math.Max(1, Math.Min(200, MaxOutputBytes / Math.Max(1, length) / 2)));
        return Insert(random, content, [.. Enumerable.Repeat(chunk, times).SelectMany(c => c)]);
    }

    private static byte[] RemoveChunk(Random random, byte[] content)
    {
        var (start, length) = Chunk(random, content.Length);
        return [.. content.AsSpan(0, start), .. content.AsSpan(start + length)];
    }

    private static byte[] ZeroChunk(Random random, byte[] content)
    {
        var copy = (byte[])content.Clone();
        var (start, length) = Chunk(random, copy.Length);
        copy.AsSpan(start, length).Clear();
        return copy;
    }

    private static byte[] Splice(Random random, byte[] content, byte[] other)
    {
        var (from, length) = Chunk(random, other.Length);
        var at = random.Next(content.Length + 1);
        var replaced = Math.Min(content.Length - at, random.Next(length + 1));
        return [.. content.AsSpan(0, at), .. other.AsSpan(from, length), .. content.AsSpan(at + replaced)];
    }

    private static byte[] Insert(Random random, byte[] content, byte[] insert)
    {
        var at = random.Next(content.Length + 1);
        return [.. content.AsSpan(0, at), .. insert, .. content.AsSpan(at)];
    }

    private static byte[] HugeRun(Random random)
    {
        string[] tokens = ["A", "\0", "\n", "\r\n", "<", "(", "[", "=", "<div>", "<li>", "<b><i>", "--", "\xff", " ", "=?utf-8?B?", "<<"];
        var token = tokens[random.Next(tokens.Length)];
        var bytes = 32 * 1024 + random.Next(MaxOutputBytes / 4);
        var builder = new StringBuilder(bytes);
        while (builder.Length < bytes)
        {
            builder.Append(token);
        }

        return Bytes.GetBytes(builder.ToString());
    }

    private static byte[] OverwriteInteger(Random random, byte[] content, int at)
    {
        var copy = (byte[])content.Clone();
        if (copy.Length >= at + 4)
        {
            var value = InterestingIntegers[random.Next(InterestingIntegers.Length)];
            if (random.Next(2) == 0)
            {
                BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(at), value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(at), value);
            }
        }

        return copy;
    }

    private static void WriteU32(byte[] data, int at, uint value, bool little)
    {
        if (little)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(at), value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(at), value);
        }
    }

    /// <summary>Recomputes the CRC of the PNG chunk whose length field is at <paramref name="chunk"/>.</summary>
    private static void FixChunkCrc(byte[] png, int chunk)
    {
        var length = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(chunk)), (uint)(png.Length - chunk - 12));
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(chunk + 8 + length), Crc32.Compute(png.AsSpan(chunk + 4, 4 + length)));
    }

    private static string InsertInBody(Random random, string text, string insert)
    {
        var body = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var start = body < 0 ? 0 : body + 4;
        return text.Insert(start + random.Next(text.Length - start + 1), insert);
    }

    private static int ObjPosition(Random random, string text)
    {
        var objects = ObjStart().Matches(text);
        return objects.Count == 0 ? random.Next(text.Length + 1) : objects[random.Next(objects.Count)].Index + objects[0].Length;
    }

    private static string RandomOf(Random random, string alphabet, int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = alphabet[random.Next(alphabet.Length)];
        }

        return new string(chars);
    }

    private static T Pick<T>(Random random, params T[] choices) => choices[random.Next(choices.Length)];

    private static string Short(string value) => value.Length > 20 ? value[..20] + "..." : value;

    private static byte[] Latin1(string text) => Bytes.GetBytes(text);

    [GeneratedRegex(@"^--[^\r\n]*\r?\n", RegexOptions.Multiline)]
    private static partial Regex BoundaryLine();

    [GeneratedRegex(@"charset=(""[^""]*""|[^\s;]+)", RegexOptions.IgnoreCase)]
    private static partial Regex CharsetParameter();

    [GeneratedRegex(@"Content-Transfer-Encoding:[^\r\n]*", RegexOptions.IgnoreCase)]
    private static partial Regex TransferEncodingHeader();

    [GeneratedRegex(@"^Subject:[^\r\n]*", RegexOptions.Multiline)]
    private static partial Regex SubjectLine();

    [GeneratedRegex(@"\d{10} \d{5} n")]
    private static partial Regex XrefEntry();

    [GeneratedRegex(@"startxref\s+\d+")]
    private static partial Regex StartXref();

    [GeneratedRegex(@"/Length \d+")]
    private static partial Regex LengthEntry();

    [GeneratedRegex(@"(stream\r?\n)(.*?)(\r?\nendstream)", RegexOptions.Singleline)]
    private static partial Regex StreamBody();

    [GeneratedRegex(@"/Filter\s*(/\w+|\[[^\]]*\])")]
    private static partial Regex FilterEntry();

    [GeneratedRegex(@"/Count \d+")]
    private static partial Regex CountEntry();

    [GeneratedRegex(@"/MediaBox\s*\[[^\]]*\]")]
    private static partial Regex MediaBox();

    [GeneratedRegex(@"/Kids \[(\d+ \d+ R)[^\]]*\]")]
    private static partial Regex KidsEntry();

    [GeneratedRegex(@"\d+ \d+ obj\s*")]
    private static partial Regex ObjStart();
}
