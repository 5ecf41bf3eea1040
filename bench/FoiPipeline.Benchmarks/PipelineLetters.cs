using System.Globalization;
using System.Text;
using System.Text.Json;
using FoiPipeline.Pipeline;
using FoiPipeline.TestFixtures;

namespace FoiPipeline.Benchmarks;

/// <summary>How a benchmark letter reaches the authority.</summary>
internal enum LetterKind
{
    /// <summary>A plain-text letter (a web form's export, a pasted request).</summary>
    Text,

    /// <summary>An email to the FOI mailbox.</summary>
    Email,

    /// <summary>A printed letter scanned to an image-only PDF or a JPEG: only OCR can read it.</summary>
    Scan,
}

/// <summary>One letter of the end-to-end benchmark, written to disk, with the request id its bytes give.</summary>
internal sealed record PipelineLetter(string FileName, LetterKind Kind, string DocId);

/// <summary>
/// The end-to-end benchmark's letters, the same every run (fixed seed): for every ten, four plain-text
/// letters, five emails and one scan. Text and emails carry the request bodies of the gold set's .txt letters
/// (numbered, lettered, bulleted, prose, web-form requests) under a date line or mail headers that differ
/// from letter to letter; scans are the fixtures' one-page letters from varied requesters, rendered at
/// 300 dpi and degraded like an office scan, half as image-only PDFs and half as JPEGs. Every letter's bytes
/// differ, so each is its own request. Making the scans takes about a second each, so the letters are
/// kept in a folder named after their version and reused.
/// </summary>
internal static class PipelineLetters
{
    /// <summary>Change when the letters change, so a stale folder is not reused.</summary>
    private const string Version = "v1";

    private const int Seed = 20261122;

    private const string ManifestName = "manifest.json";

    private static readonly string[] GivenNames =
        ["Amara", "Ben", "Catrin", "Dev", "Eilidh", "Farah", "Gareth", "Hannah", "Ifeoma", "Jack", "Kiran", "Lowri", "Mohammed", "Niamh", "Oliver", "Priya", "Rhys", "Sofia", "Tomasz", "Yusuf"];

    private static readonly string[] FamilyNames =
        ["Adeyemi", "Bennett", "Chowdhury", "Davies", "Evans", "Fraser", "Green", "Hughes", "Iqbal", "Jones", "Kowalski", "Lewis", "McAllister", "Nowak", "O'Brien", "Patel", "Quinn", "Roberts", "Singh", "Taylor"];

    private static readonly string[] Mailboxes = ["foi@westmidlands.police.example", "foi@met.police.example", "freedomofinformation@force.police.example"];

    public static string DefaultFolder => Path.Combine(Path.GetTempPath(), "foipipeline-bench", $"pipeline-letters-{Version}");

    /// <summary>Describes the letters for the results file.</summary>
    public static string Description(IReadOnlyList<PipelineLetter> letters)
    {
        var scans = letters.Where(l => l.Kind == LetterKind.Scan).ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"{letters.Count} distinct letters (fixed seed): {letters.Count(l => l.Kind == LetterKind.Text)} plain-text letters and "
            + $"{letters.Count(l => l.Kind == LetterKind.Email)} emails (.eml) carrying the request bodies of the gold set's .txt letters "
            + $"under a varied date line or mail headers, and {scans.Count} scans of one-page letters (300 dpi, office-scan degradation: "
            + $"{scans.Count(l => l.FileName.EndsWith(".pdf", StringComparison.Ordinal))} image-only PDFs, "
            + $"{scans.Count(l => l.FileName.EndsWith(".jpg", StringComparison.Ordinal))} JPEGs), so Tesseract reads every tenth letter.");
    }

    /// <summary>The letters in <paramref name="folder"/>, made there first if they are not.</summary>
    public static async Task<IReadOnlyList<PipelineLetter>> EnsureAsync(string folder, int count, string goldLetters, CancellationToken cancellationToken)
    {
        var manifest = Path.Combine(folder, ManifestName);
        if (File.Exists(manifest)
            && JsonSerializer.Deserialize<List<PipelineLetter>>(await File.ReadAllTextAsync(manifest, cancellationToken)) is { } existing
            && existing.Count >= count
            && existing.All(l => File.Exists(Path.Combine(folder, l.FileName))))
        {
            return existing[..count];
        }

        Directory.CreateDirectory(folder);
        var bodies = GoldBodies(goldLetters);
        var random = new Random(Seed);
        var letters = new List<PipelineLetter>(count);
        for (var i = 0; i < count; i++)
        {
            // Letters of one kind take the bodies in turn, and each round of them a later week, so no two are the same.
            var (name, bytes, kind) = (i % 10) switch
            {
                9 => await ScanAsync(i, random, cancellationToken),
                < 4 => TextLetter(i, (i / 10 * 4) + (i % 10), random, bodies),
                _ => Email(i, (i / 10 * 5) + (i % 10) - 4, random, bodies),
            };
            await File.WriteAllBytesAsync(Path.Combine(folder, name), bytes, cancellationToken);
            letters.Add(new PipelineLetter(name, kind, DocId.Of(bytes)));
            if ((i + 1) % 100 == 0)
            {
                Console.Error.WriteLine($"Made {i + 1} of {count} letters in {folder}");
            }
        }

        if (letters.Select(l => l.DocId).Distinct(StringComparer.Ordinal).Count() != letters.Count)
        {
            throw new InvalidOperationException("Two benchmark letters have the same bytes; each must be its own request.");
        }

        await File.WriteAllTextAsync(manifest, JsonSerializer.Serialize(letters), cancellationToken);
        return letters;
    }

    /// <summary>The gold .txt letters' text, with the file's topic ("overtime") for a subject line.</summary>
    private static List<(string Topic, string Text)> GoldBodies(string folder) =>
    [
        .. Directory.EnumerateFiles(folder, "*.txt").Order(StringComparer.Ordinal)
            .Select(path => (Topic: Path.GetFileNameWithoutExtension(path).Split('-')[1], Text: File.ReadAllText(path).ReplaceLineEndings("\n").Trim())),
    ];

    private static (string Name, string Address) Person(Random random)
    {
        var given = GivenNames[random.Next(GivenNames.Length)];
        var family = FamilyNames[random.Next(FamilyNames.Length)];
        var address = $"{given}.{family.Replace("'", string.Empty, StringComparison.Ordinal)}{random.Next(10, 99)}@example.org".ToLowerInvariant();
        return ($"{given} {family}", address);
    }

    /// <summary>A day in the <paramref name="round"/>th week of 2026 (from 5 January), in office hours.</summary>
    private static DateTimeOffset Sent(int round, Random random) =>
        new DateTimeOffset(2026, 1, 5, 8, 0, 0, TimeSpan.Zero).AddDays((round * 7) + random.Next(0, 7)).AddMinutes(random.Next(0, 10 * 60));

    private static (string, byte[], LetterKind) TextLetter(int index, int slot, Random random, List<(string Topic, string Text)> bodies)
    {
        var (_, text) = bodies[slot % bodies.Count];
        var dated = $"{Sent(slot / bodies.Count, random).ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}\n\n{text}\n";
        return ($"letter-{index:0000}.txt", Encoding.UTF8.GetBytes(dated), LetterKind.Text);
    }

    private static (string, byte[], LetterKind) Email(int index, int slot, Random random, List<(string Topic, string Text)> bodies)
    {
        var (topic, text) = bodies[slot % bodies.Count];
        var (name, address) = Person(random);
        var sent = Sent(slot / bodies.Count, random);
        var mailbox = Mailboxes[random.Next(Mailboxes.Length)];
        var message = new EmailBuilder()
            .From(address, name)
            .To(mailbox)
            .Subject($"Freedom of Information request - {topic}")
            .Date(sent)
            .Received("mail.example.org", mailbox.Split('@')[1], sent.AddSeconds(random.Next(2, 90)))
            .Text(text)
            .Build();
        return ($"letter-{index:0000}.eml", message, LetterKind.Email);
    }

    private static async Task<(string, byte[], LetterKind)> ScanAsync(int index, Random random, CancellationToken cancellationToken)
    {
        var (name, address) = Person(random);
        var letter = Letters.All[random.Next(Letters.All.Count)] with { RequesterName = name, RequesterEmail = address };
        var pageTexts = PdfFixtures.Paginate(letter.Text);
        var clean = await Raster.RenderAsync(PdfFixtures.TextPdf(pageTexts), 300, cancellationToken: cancellationToken);
        var pages = clean.Select((page, i) => ScanEffects.Degrade(page, seed: random.Next(1, 1_000_000) + i)).ToList();
        return index % 20 == 9
            ? ($"letter-{index:0000}.pdf", await PdfFixtures.JpegImagePdfAsync(pages, cancellationToken: cancellationToken), LetterKind.Scan)
            : ($"letter-{index:0000}.jpg", await ImageFiles.JpegAsync(pages[0], cancellationToken: cancellationToken), LetterKind.Scan);
    }
}
