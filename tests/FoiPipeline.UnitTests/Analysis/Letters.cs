using System.Text;
using FoiPipeline.Analysis;
using FoiPipeline.Analysis.Layout;
using FoiPipeline.Analysis.Questions;
using FoiPipeline.Intake;
using FoiPipeline.Intake.Email;

namespace FoiPipeline.UnitTests.Analysis;

/// <summary>Letters built in a test, as ingest would hand them to the analyzer, and the checks every analysis test makes of them.</summary>
internal static class Letters
{
    public static readonly DateTimeOffset Received = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A typed letter: the body between a salutation and a signed sign-off.</summary>
    public static string Letter(string body) => $"Dear Sir or Madam,\n\n{body}\n\nYours faithfully,\nJane Smith\n";

    public static ExtractedDocument PlainText(string text) => new()
    {
        DocId = new string('a', 64),
        SourceBlob = "letter.txt",
        Kind = DocumentKind.PlainText,
        Length = text.Length,
        Method = "text",
        Text = text,
        ReceivedAt = Received,
        ReceivedAtSource = ReceivedAtSource.BlobCreated,
        ExtractedAt = Received,
        PipelineVersion = "test",
    };

    /// <summary>A single-part email as the extractor makes it: the body is the text, and its quotes and disclaimers are marked.</summary>
    public static ExtractedDocument Email(string body, string subject, string? fromName = "Jane Smith", string? fromAddress = "jane.smith@example.org") => new()
    {
        DocId = new string('e', 64),
        SourceBlob = "letter.eml",
        Kind = DocumentKind.Email,
        Length = body.Length,
        Method = "mime",
        Text = body,
        Parts = [new DocumentPart { Name = "body", MediaType = "text/plain", Start = 0, End = body.Length, Method = "mime" }],
        Marks = ReplyMarks.Find(body),
        Email = new EmailHeaders { FromName = fromName, FromAddress = fromAddress, Subject = subject },
        ReceivedAt = Received,
        ReceivedAtSource = ReceivedAtSource.EmailReceivedHeader,
        ExtractedAt = Received,
        PipelineVersion = "test",
    };

    /// <summary>The questions of a plain-text letter, split as the analyzer splits them: over the request the layout finds.</summary>
    public static QuestionSplit Split(string text) => QuestionSplitter.Split(text, LetterLayout.Of(text).RequestSpans);

    /// <summary>The text of every request span of a plain-text letter, joined.</summary>
    public static string RequestText(string text, LetterLayout layout) => string.Join("\n", layout.RequestSpans.Select(s => text[s.Start..s.End]));

    /// <summary>Each question's span slices the letter to exactly the question: its text with line breaks and runs of spaces made single spaces.</summary>
    public static void AssertSpansSliceTheQuestions(string text, IEnumerable<Question> questions)
    {
        foreach (var question in questions)
        {
            Assert.InRange(question.Start, 0, question.End);
            Assert.InRange(question.End, question.Start, text.Length);
            Assert.Equal(question.Text, Collapse(text[question.Start..question.End]));
        }
    }

    private static string Collapse(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            result.Append(result.Length > 0 ? " " : string.Empty).Append(word);
        }

        return result.ToString();
    }
}
