using System.Text;
using System.Text.RegularExpressions;
using FoiPipeline.Intake;
using FoiPipeline.Intake.Pdf;
using FoiPipeline.Ocr;
using FoiPipeline.Ocr.Tesseract;
using FoiPipeline.Pipeline;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Benchmarks;

/// <summary>
/// The letters the analyzer benchmark reads, about 1 KB, 5 KB and 50 KB, composed the same way every time from
/// the gold set (tests/gold, copied beside the benchmark by its project file) so the figures can be compared
/// across runs. <see cref="HowComposed"/> says how, for the results file.
/// </summary>
internal static partial class AnalyzerLetters
{
    public const string OneKb = "1 KB";
    public const string FiveKb = "5 KB";
    public const string FiftyKb = "50 KB";

    public static readonly DateTimeOffset Received = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private const string Frame = "letters/001-ct-arrests-numbered.txt";
    private const int FiveKbChars = 5 * 1024;
    private const int FiftyKbChars = 50 * 1024;

    public static IReadOnlyList<string> Sizes { get; } = [OneKb, FiveKb, FiftyKb];

    /// <summary>A composed letter and the gold files its request bodies came from.</summary>
    public sealed record Composition(string Text, IReadOnlyList<string> Bodies, int QuotedSeeds);

    /// <summary>The letter's text as a person would upload it (LF line endings, UTF-8 plain text).</summary>
    public static string Text(string size) => Compose(size).Text;

    public static Composition Compose(string size) => size switch
    {
        OneKb => new Composition(Gold(Frame), [Path.GetFileName(Frame)], 0),
        FiveKb => Compose(FiveKbChars, GoldTextLetters().Where(letter => NumberedItem().IsMatch(letter.Body)), quoted: false),
        FiftyKb => Compose(FiftyKbChars, GoldTextLetters(), quoted: true),
        _ => throw new ArgumentOutOfRangeException(nameof(size), size, "Expected one of: " + string.Join(", ", Sizes)),
    };

    /// <summary>How a letter was made, for the results file.</summary>
    public static string HowComposed(string size)
    {
        var composition = Compose(size);
        var bodies = string.Join(", ", composition.Bodies.Select(b => b[..3]));
        return size switch
        {
            OneKb => "Gold letter `001-ct-arrests-numbered.txt` as it is: address block, salutation, title, lead-in, four numbered questions, a cost-limit fallback, sign-off and signature.",
            FiveKb => $"Letter 001's address block and salutation, then the request bodies (the lines between `Dear ...` and the sign-off) of the gold .txt letters with a numbered list, in file order, as many as fit in 5 KB ({composition.Bodies.Count}: {bodies}), then 001's sign-off and signature. A multi-part request: prose lead-ins, numbered and nested questions, timeframes and breakdowns.",
            _ => $"The same frame around the request bodies of every gold .txt letter with a salutation and a sign-off ({composition.Bodies.Count} letters, {bodies}: numbered, lettered, roman, bulleted, unmarked and prose requests), then a Gmail-style `On ... wrote:` line and the seed documents (real published force responses, web chrome included; {composition.QuotedSeeds} of them) quoted line by line with `> `, cut at 50 KB. A requester's reply that restates a long request above the quoted earlier correspondence.",
        };
    }

    /// <summary>The letter as ingest hands it to the analyzer: read by the real extractor, received on a fixed date.</summary>
    public static ExtractedDocument Document(string size)
    {
        var bytes = Encoding.UTF8.GetBytes(Text(size));
        var extractor = new DocumentExtractor(
            new TesseractCliEngine(new TesseractOptions(), NullLogger<TesseractCliEngine>.Instance),
            new Poppler(null, TimeSpan.FromSeconds(60)),
            Options.Create(new PipelineOptions()),
            Options.Create(new OcrOptions()),
            NullLogger<DocumentExtractor>.Instance);
        var outcome = extractor.ExtractAsync(bytes, $"letter-{size}.txt", CancellationToken.None).GetAwaiter().GetResult();
        var extraction = outcome.Extraction ?? throw new InvalidOperationException($"The {size} letter was refused: {outcome.Failure?.Reason}");
        var receipt = ReceiptDate.Decide(extraction, null, Received, Received);
        return ExtractedDocument.Create(DocId.Of(bytes), $"letter-{size}.txt", bytes.Length, extraction, receipt, Received);
    }

    // The frame's opening (through its salutation), then whole request bodies while they fit, then the frame's
    // sign-off and signature; for the quoted letter, the seeds quoted below it up to the size.
    private static Composition Compose(int size, IEnumerable<(string Name, string Body)> letters, bool quoted)
    {
        var frame = Lines(Gold(Frame));
        var salutation = frame.FindIndex(l => Salutation().IsMatch(l));
        var signOff = frame.FindIndex(l => SignOff().IsMatch(l));
        var opening = string.Join('\n', frame[..(salutation + 1)]) + "\n\n";
        var closing = string.Join('\n', frame[signOff..]).TrimEnd() + "\n";

        var letter = new StringBuilder(opening);
        var used = new List<string>();
        foreach (var (name, body) in letters)
        {
            if (!quoted && letter.Length + body.Length + 2 + closing.Length > size)
            {
                break;
            }

            letter.Append(body).Append("\n\n");
            used.Add(name);
        }

        letter.Append(closing);
        if (!quoted)
        {
            return new Composition(letter.ToString(), used, 0);
        }

        letter.Append("\nOn Mon, 14 Apr 2025 at 16:40, Freedom of Information Unit <foi@example.police.uk> wrote:\n");
        var seeds = 0;
        foreach (var seed in Seeds())
        {
            seeds++;
            foreach (var line in Lines(seed))
            {
                var next = line.Length == 0 ? ">\n" : $"> {line}\n";
                if (letter.Length + next.Length > size)
                {
                    return new Composition(letter.ToString(), used, seeds);
                }

                letter.Append(next);
            }
        }

        return new Composition(letter.ToString(), used, seeds);
    }

    // What each gold .txt letter asks, without its own salutation, sign-off and signature; in file order.
    private static IEnumerable<(string Name, string Body)> GoldTextLetters()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(GoldDirectory, "letters"), "*.txt").Order(StringComparer.Ordinal))
        {
            var lines = Lines(File.ReadAllText(file));
            var salutation = lines.FindIndex(l => Salutation().IsMatch(l));
            var signOff = lines.FindIndex(l => SignOff().IsMatch(l));
            if (salutation >= 0 && signOff > salutation)
            {
                var body = string.Join('\n', lines[(salutation + 1)..signOff]).Trim('\n', ' ');
                if (body.Length > 0)
                {
                    yield return (Path.GetFileName(file), body);
                }
            }
        }
    }

    private static IEnumerable<string> Seeds() => Directory.GetFiles(Path.Combine(GoldDirectory, "seeds"), "*.txt").Order(StringComparer.Ordinal).Select(File.ReadAllText);

    private static string Gold(string relative) => File.ReadAllText(Path.Combine(GoldDirectory, relative)).Replace("\r\n", "\n", StringComparison.Ordinal);

    private static List<string> Lines(string text) => [.. text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')];

    private static string GoldDirectory => Path.Combine(AppContext.BaseDirectory, "gold");

    [GeneratedRegex(@"^(?:Dear |To whom)")]
    private static partial Regex Salutation();

    [GeneratedRegex(@"^(?:Yours|Kind regards|Regards|Many thanks|Best wishes|Thank you|Thanks|With (?:kind )?(?:regards|thanks))")]
    private static partial Regex SignOff();

    [GeneratedRegex(@"^\d{1,2}[.)]\s", RegexOptions.Multiline)]
    private static partial Regex NumberedItem();
}
