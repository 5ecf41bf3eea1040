using System.Text.RegularExpressions;
using FoiPipeline.Deadlines;
using FoiPipeline.Intake;

namespace FoiPipeline.Analysis;

/// <summary>
/// Turns an extracted letter into a structured request: requester, subject, questions and the statutory
/// due date. Pure and fast: no I/O, the same for the analyze stage and <c>foi analyze</c>.
/// </summary>
public sealed partial class LetterAnalyzer
{
    private const int SubjectLength = 90;

    private readonly StatutoryClock _clock;

    public LetterAnalyzer(StatutoryClock clock) => _clock = clock;

    public LetterAnalysis Analyze(ExtractedDocument document)
    {
        var text = document.Text;
        var structure = LetterStructure.Of(text);
        var questions = QuestionSplitter.Split(text, structure);
        var warnings = new List<string>();

        DateOnly? due = null;
        try
        {
            due = _clock.FoiaDueDate(document.ReceivedAt);
        }
        catch (CalendarNotCoveredException ex)
        {
            warnings.Add($"No due date: {ex.Message}");
        }

        if (questions.Count == 0)
        {
            warnings.Add("No question was found in the letter; a reviewer needs to read it.");
        }

        return new LetterAnalysis
        {
            Requester = RequesterFinder.Find(text, structure, document.Email),
            Subject = SubjectOf(document, text, questions),
            ReceivedAt = document.ReceivedAt,
            DueAt = due,
            Questions = questions,
            Warnings = warnings,
        };
    }

    [GeneratedRegex(@"^\s*(?:subject|re|ref|title)\s*:\s*(?<subject>\S.{2,})$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex SubjectLine();

    // A heading such as "Freedom of Information Act 2000 request: live facial recognition".
    [GeneratedRegex(@"^\s*(?:freedom of information|foi)\b[^:\n]{0,60}?(?:request|act(?: 2000)?)\s*[:\-\u2013]\s*(?<subject>\S.{2,})$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex FoiHeading();

    [GeneratedRegex(@"^\s*(?:RE|FW|FWD|AW)\s*:\s*", RegexOptions.IgnoreCase)]
    private static partial Regex ReplyPrefix();

    private static string? SubjectOf(ExtractedDocument document, string text, IReadOnlyList<Question> questions)
    {
        if (!string.IsNullOrWhiteSpace(document.Email?.Subject))
        {
            return ReplyPrefix().Replace(document.Email.Subject, string.Empty).Trim();
        }

        // A typed letter's "Re:" or "Subject:" line within its first few lines.
        var head = text.Length > 600 ? text[..600] : text;
        var line = SubjectLine().Match(head);
        if (line.Success)
        {
            return line.Groups["subject"].Value.Trim();
        }

        var heading = FoiHeading().Match(head);
        if (heading.Success)
        {
            return heading.Groups["subject"].Value.Trim();
        }

        if (questions.Count > 0)
        {
            var first = questions[0].Text;
            return first.Length <= SubjectLength ? first : first[..SubjectLength].TrimEnd() + "…";
        }

        return null;
    }
}
