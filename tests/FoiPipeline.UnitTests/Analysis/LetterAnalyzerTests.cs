using FoiPipeline.Analysis;
using FoiPipeline.Analysis.Flags;
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

    [Fact]
    public void Each_question_carries_the_themes_of_the_lead_in_that_introduces_it()
    {
        var text = Letters.Letter("In relation to your Counter Terrorism Security Advisors:\n\n1. How many are employed?\n2. How many sites did they visit in 2024?\n\nCould you also tell me how many police dogs the force has?");

        var analysis = Analyzer.Analyze(Letters.PlainText(text));

        Assert.Equal(["counter-terrorism"], analysis.Questions[0].Themes);
        Assert.Equal(["counter-terrorism"], analysis.Questions[1].Themes);
        Assert.Empty(analysis.Questions[2].Themes);
    }

    [Fact]
    public void A_question_that_refers_back_carries_the_themes_of_the_question_before_it()
    {
        var text = Letters.Letter("1. How many firearms were surrendered in 2024?\n2. How many of these were later linked to crimes?\n3. How many police dogs does the force have?");

        var analysis = Analyzer.Analyze(Letters.PlainText(text));

        Assert.Equal(["firearms"], analysis.Questions[1].Themes);
        Assert.Empty(analysis.Questions[2].Themes);
    }

    [Fact]
    public void A_web_form_submission_is_from_the_person_named_in_its_fields_and_keeps_its_reference()
    {
        var text = "Skip to main content\nMake a freedom of information request\nReference: WEB-58120\nFirst name: Rajesh\nSurname: Nair\nEmail address: r.nair@example.com\n"
            + "Details of your request: How many dangerous dogs were seized in 2024?\nHow would you like to receive the information: Email\n";

        var analysis = Analyzer.Analyze(Letters.PlainText(text));

        Assert.Equal(new Requester("Rajesh Nair", "r.nair@example.com"), analysis.Requester);
        Assert.Equal("WEB-58120", analysis.Reference);
        Assert.Equal("How many dangerous dogs were seized in 2024?", Assert.Single(analysis.Questions).Text);
    }

    [Fact]
    public void An_internal_forward_is_from_the_sender_of_the_forwarded_message_not_the_colleague()
    {
        var body = "Hi FOI team,\n\nThis came into the press office inbox yesterday; I think it is an FOI request, so I am passing it to you.\n\nThanks,\nGary\n\n"
            + "From: Rosa Lindgren <rosa.lindgren@example.com>\nSent: 02 June 2025 10:52\nTo: Press Office <press@example.police.uk>\nSubject: Question about the summit\n\n"
            + "Hello,\n\nPlease could you tell me the total cost to the force of policing the summit?\n\nMany thanks,\nRosa Lindgren\n";

        var analysis = Analyzer.Analyze(Letters.Email(body, "FW: Question about the summit", "Gary Nolan", "gary.nolan@example.police.uk"));

        Assert.Equal(new Requester("Rosa Lindgren", "rosa.lindgren@example.com"), analysis.Requester);
        Assert.Equal("Question about the summit", analysis.Subject);
        Assert.Equal("Please could you tell me the total cost to the force of policing the summit?", Assert.Single(analysis.Questions).Text);
    }

    [Fact]
    public void The_words_of_a_filed_response_do_not_tag_the_request()
    {
        var text = "Police dogs (0412_25)\n\nHow many police dogs does the force have?\n\nResponse\n\nWe hold 24 dogs. Disclosing their deployment could assist terrorists and would reveal covert tactics.\n";

        var analysis = Analyzer.Analyze(Letters.PlainText(text));

        Assert.Empty(analysis.Themes);
        Assert.Equal(Sensitivity.Standard, analysis.Sensitivity);
        Assert.Equal("0412_25", analysis.Reference);
    }

    [Fact]
    public void A_filed_response_with_no_request_is_tagged_by_what_it_says_the_information_is_about_not_by_its_harm_arguments()
    {
        var text = "Response\n\nWe can confirm that Northvale Police holds information relating to the use of facial recognition. Disclosure would assist those planning terrorism.\n";

        var analysis = Analyzer.Analyze(Letters.PlainText(text));

        Assert.Equal(["facial-recognition"], analysis.Themes.Select(t => t.Id));
        Assert.Empty(analysis.Questions);
        Assert.Contains(analysis.Flags, f => f.Id == FlagIds.NeedsClarification);
    }

    [Fact]
    public void A_round_robin_duplicate_raises_a_request_on_a_sensitive_theme_to_restricted()
    {
        var reading = Analyzer.Read(Letters.PlainText(Letters.Letter("How many ANPR cameras does the force operate?")));
        Assert.Equal(Sensitivity.Standard, Analyzer.Conclude(reading, []).Sensitivity);

        var analysis = Analyzer.Conclude(reading, [new DuplicateLink(new string('c', 64), DuplicateKinds.RoundRobin, 0.93)]);

        Assert.Equal(Sensitivity.Restricted, analysis.Sensitivity);
        Assert.Contains(analysis.Flags, f => f.Id == FlagIds.RoundRobin && f.Reason.Contains("cccccccccccc, 93% alike", StringComparison.Ordinal));
        Assert.Contains(analysis.SensitivityReasons, r => r.Contains("mosaic harm", StringComparison.Ordinal));
    }

    [Fact]
    public void A_repeat_from_the_same_requester_is_flagged_and_suggests_section_14()
    {
        var reading = Analyzer.Read(Letters.PlainText(Letters.Letter("How many police dogs does the force have?")));

        var analysis = Analyzer.Conclude(reading, [new DuplicateLink(new string('d', 64), DuplicateKinds.Repeat, 1.0) { ExactCopy = true }]);

        Assert.Contains(analysis.Flags, f => f.Id == FlagIds.RepeatRequest);
        Assert.DoesNotContain(analysis.Flags, f => f.Id == FlagIds.RoundRobin);
        Assert.Contains("s14", analysis.SuggestedExemptions);
        Assert.Equal(Sensitivity.Standard, analysis.Sensitivity);
    }

    [Fact]
    public void A_counter_terrorism_letter_is_restricted_and_referred_without_the_requesters_identity()
    {
        var analysis = Analyzer.Analyze(Letters.PlainText(Letters.Letter("How many arrests were made under the Terrorism Act in 2024?")));

        Assert.Equal(Sensitivity.Restricted, analysis.Sensitivity);
        Assert.True(analysis.Referral);
        var referral = Assert.Single(analysis.Referrals);
        Assert.Equal("counter-terrorism", referral.Rule);
        Assert.False(referral.IncludeRequesterIdentity);
    }
}
