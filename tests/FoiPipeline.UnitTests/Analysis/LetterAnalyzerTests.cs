using FoiPipeline.Analysis;
using FoiPipeline.Deadlines;
using FoiPipeline.Intake;
using FoiPipeline.Pipeline;
using FoiPipeline.UnitTests.Support;

namespace FoiPipeline.UnitTests.Analysis;

/// <summary>The analyzer over the sample letters shipped in the repository, as ingest would extract them.</summary>
public class LetterAnalyzerTests
{
    private static readonly LetterAnalyzer Analyzer = LetterAnalyzer.WithDefaults();
    private static readonly DateTimeOffset Uploaded = new(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);

    private static LetterAnalysis AnalyzeSample(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "samples", name));
        var extraction = Extractors.ReadAsync(bytes).GetAwaiter().GetResult();
        var receipt = ReceiptDate.Decide(extraction, null, Uploaded, Uploaded);
        return Analyzer.Analyze(ExtractedDocument.Create(DocId.Of(bytes), name, bytes.Length, extraction, receipt, Uploaded));
    }

    [Fact]
    public void An_email_request_in_paragraphs_has_its_three_asks_and_the_sender()
    {
        var analysis = AnalyzeSample("01-terror-arrests-social-media.eml");
        Assert.Equal(new Requester("Priya Shah", "priya.shah@example.org"), analysis.Requester);
        Assert.Equal(3, analysis.Questions.Count);
        Assert.StartsWith("Please provide the number of arrests", analysis.Questions[0].Text);
        Assert.Equal("Freedom of Information request - terrorism arrests and social media monitoring", analysis.Subject);
        // Received Mon 2 Nov 2026; Mon 30 Nov (St Andrew's Day) is skipped.
        Assert.Equal(new DateOnly(2026, 12, 1), analysis.DueAt);
    }

    [Fact]
    public void A_typed_letter_gets_its_requester_from_the_signature_and_its_subject_from_the_re_line()
    {
        var analysis = AnalyzeSample("02-ctsa-performance-indicators.txt");
        Assert.Equal(new Requester("Tom Whitfield", "tom.whitfield@example.com"), analysis.Requester);
        Assert.Equal("Counter Terrorism Security Advisors - performance indicators", analysis.Subject);
        Assert.Equal(["a", "b", "c"], analysis.Questions.Select(q => q.Label));
    }

    [Fact]
    public void A_quoted_printable_email_keeps_its_pound_sign_and_its_numbered_questions()
    {
        var analysis = AnalyzeSample("03-ct-command-eod-deployments.eml");
        Assert.Equal(2, analysis.Questions.Count);
        Assert.EndsWith("the total cost of those deployments in £.", analysis.Questions[1].Text);
    }

    [Fact]
    public void A_base64_multipart_email_with_an_encoded_sender_is_read()
    {
        var analysis = AnalyzeSample("06-firearms-licensing.eml");
        Assert.Equal("Siân Pritchard", analysis.Requester.Name);
        Assert.Equal("Firearms licensing – FOI request", analysis.Subject);
        Assert.Equal(["a", "b", "c"], analysis.Questions.Select(q => q.Label));
    }

    [Fact]
    public void A_bulleted_letter_takes_its_subject_from_its_heading()
    {
        var analysis = AnalyzeSample("05-facial-recognition.txt");
        Assert.Equal("live facial recognition", analysis.Subject);
        Assert.Equal(3, analysis.Questions.Count);
    }

    [Fact]
    public void A_due_date_beyond_a_gov_uk_holiday_file_is_left_empty_with_a_warning_not_guessed()
    {
        // The rule calendar has no last year; a gov.uk file does, and past it the analyzer must not guess.
        var analyzer = LetterAnalyzer.WithDefaults(new StatutoryClock(new WorkingDays(BankHolidayCalendar.EmbeddedGovUkCopy)));
        var document = new ExtractedDocument
        {
            DocId = new string('b', 64),
            SourceBlob = "late.txt",
            Kind = DocumentKind.PlainText,
            Length = 20,
            Method = "text",
            Text = "Please send the figures.",
            ReceivedAt = new DateTimeOffset(2027, 12, 20, 9, 0, 0, TimeSpan.Zero),
            ReceivedAtSource = ReceivedAtSource.BlobCreated,
            ExtractedAt = Uploaded,
            PipelineVersion = "test",
        };
        var analysis = analyzer.Analyze(document);
        Assert.Null(analysis.DueAt);
        Assert.Contains(analysis.Warnings, w => w.Contains("No due date", StringComparison.Ordinal));
    }
}
