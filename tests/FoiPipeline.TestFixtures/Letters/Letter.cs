using System.Text;

namespace FoiPipeline.TestFixtures;

/// <summary>
/// A Freedom of Information request letter with its parts kept apart, so a test knows exactly which
/// questions the pipeline should find, and every builder (PDF, scan, Word, email) can lay the same
/// letter out its own way. Text is British English and uses only characters WinAnsiEncoding can show.
/// </summary>
public sealed record Letter
{
    /// <summary>A short kebab-case name, usable in file names ("taser-use").</summary>
    public required string Id { get; init; }

    /// <summary>What the request is about; the "Re:" line and the email subject.</summary>
    public required string Subject { get; init; }

    public required string RequesterName { get; init; }

    public required string RequesterEmail { get; init; }

    public string Salutation { get; init; } = "Dear FOI Officer,";

    /// <summary>Paragraphs between the salutation and the questions.</summary>
    public required IReadOnlyList<string> Introduction { get; init; }

    /// <summary>The separate questions, in order, without their numbers: what a correct split returns.</summary>
    public required IReadOnlyList<string> Questions { get; init; }

    /// <summary>Paragraphs after the questions (cost limit, format, thanks).</summary>
    public IReadOnlyList<string> Closing { get; init; } = [];

    public string SignOff { get; init; } = "Yours faithfully,";

    /// <summary>The heading lines: "Freedom of Information request" and the "Re:" line.</summary>
    public IReadOnlyList<string> Heading => ["Freedom of Information request", $"Re: {Subject}"];

    /// <summary>The questions as written in <see cref="Text"/>: "1. ...", "2. ...".</summary>
    public IReadOnlyList<string> NumberedQuestions => [.. Questions.Select((question, index) => $"{index + 1}. {question}")];

    /// <summary>
    /// Every paragraph of the letter in order (heading, salutation, introduction, numbered questions,
    /// closing, sign-off, name, email); each is one line, however long.
    /// </summary>
    public IReadOnlyList<string> Paragraphs =>
    [
        .. Heading, Salutation, .. Introduction, .. NumberedQuestions, .. Closing, SignOff, RequesterName, RequesterEmail,
    ];

    /// <summary>The whole letter as plain text: the heading lines together, then paragraphs separated by a blank line.</summary>
    public string Text
    {
        get
        {
            var text = new StringBuilder();
            text.Append(Heading[0]).Append('\n').Append(Heading[1]).Append("\n\n");
            foreach (var paragraph in (IEnumerable<string>)[Salutation, .. Introduction, .. NumberedQuestions, .. Closing, SignOff])
            {
                text.Append(paragraph).Append("\n\n");
            }

            text.Append(RequesterName).Append('\n').Append(RequesterEmail);
            return text.ToString();
        }
    }
}
