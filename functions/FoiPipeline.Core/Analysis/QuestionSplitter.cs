using System.Text.RegularExpressions;

namespace FoiPipeline.Analysis;

/// <summary>
/// Splits the body of a letter into its questions. This first version knows two shapes: a list of
/// numbered, lettered or bulleted items (the first list is the questions; later lists, such as a list
/// of timeframes, are context), or plain paragraphs, of which those that ask for something are questions.
/// </summary>
public static partial class QuestionSplitter
{
    public static IReadOnlyList<Question> Split(string text, LetterStructure structure)
    {
        var items = ListItems(text, structure);
        if (items.Count > 0)
        {
            return [.. items.Where(i => i.ListIndex == 0).Select(i => ToQuestion(text, i.Label, i.Start, i.End))];
        }

        return AskingParagraphs(text, structure);
    }

    private sealed record Item(string Label, int Start, int End, int ListIndex);

    // A list item: "1." "1)" "(1)" "(a)" "a.)" "a)" "a." "i." "Q1:" "Question 1." or a bullet, then the text.
    [GeneratedRegex(
        @"^[ \t]*(?:\((?<label>\d{1,2}|[a-zA-Z]|[ivxIVX]{1,4})\)|(?<label>\d{1,2})[.)]|(?<label>[a-zA-Z])\.\)|(?<label>[ivx]{2,4})[.)]|(?<label>[a-zA-Z])[.)]|Q(?:uestion)?[ \t]*(?<label>\d{1,2})[ \t]*[:.)\-]|(?<bullet>[-*\u2022\u00B7\u2013]))[ \t]+(?<text>\S)")]
    private static partial Regex ItemStart();

    private static List<Item> ListItems(string text, LetterStructure structure)
    {
        var items = new List<Item>();
        var listIndex = 0;
        var bullets = 0;
        Item? open = null;
        var sawParagraphSinceItem = false;

        foreach (var (start, end) in LetterStructure.Lines(text))
        {
            if (start < structure.BodyStart || start >= structure.BodyEnd)
            {
                continue;
            }

            var line = text[start..end];
            var match = ItemStart().Match(line);
            if (match.Success)
            {
                if (open is not null)
                {
                    items.Add(open);
                }

                if (sawParagraphSinceItem && items.Count > 0)
                {
                    listIndex++; // prose between items: a new list begins
                }

                sawParagraphSinceItem = false;
                var label = match.Groups["bullet"].Success ? (++bullets).ToString(System.Globalization.CultureInfo.InvariantCulture) : match.Groups["label"].Value;
                open = new Item(label, start + match.Groups["text"].Index, end, listIndex);
            }
            else if (string.IsNullOrWhiteSpace(line))
            {
                if (open is not null)
                {
                    items.Add(open);
                    open = null;
                }
            }
            else if (open is not null)
            {
                open = open with { End = end }; // a wrapped line of the same item
            }
            else if (items.Count > 0)
            {
                sawParagraphSinceItem = true;
            }
        }

        if (open is not null)
        {
            items.Add(open);
        }

        return items;
    }

    /// <summary>A question over a span of the text; its text is the span with runs of whitespace made single spaces.</summary>
    private static Question ToQuestion(string text, string label, int start, int end)
    {
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return new Question { Label = label, Text = Whitespace().Replace(text[start..end], " "), Start = start, End = end };
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(
        @"\?|\b(I would like|I'd like|I wish to (know|request|receive|obtain)|I (am requesting|request|want to know|would be grateful)|please (provide|send|supply|tell|confirm|disclose|give|let me know|advise)|(could|can|would) you (please )?(provide|tell|confirm|send|supply|disclose|advise|let me know)|how many|what (is|are|was|were) the|the number of)\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex Ask();

    private static List<Question> AskingParagraphs(string text, LetterStructure structure)
    {
        var paragraphs = Paragraphs(text, structure.BodyStart, structure.BodyEnd);
        var asking = paragraphs.Where(p => Ask().IsMatch(text.AsSpan(p.Start, p.End - p.Start))).ToList();
        if (asking.Count == 0 && paragraphs.Count > 0)
        {
            // No recognisable ask: the whole body is the request, for a reviewer to split.
            asking = [(paragraphs[0].Start, paragraphs[^1].End)];
        }

        return [.. asking.Select((p, i) => ToQuestion(text, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), p.Start, p.End))];
    }

    private static List<(int Start, int End)> Paragraphs(string text, int from, int to)
    {
        var paragraphs = new List<(int, int)>();
        int? start = null;
        var end = from;
        foreach (var (lineStart, lineEnd) in LetterStructure.Lines(text))
        {
            if (lineStart < from || lineStart >= to)
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(text[lineStart..lineEnd]))
            {
                if (start is { } s)
                {
                    paragraphs.Add((s, end));
                    start = null;
                }

                continue;
            }

            start ??= lineStart + LeadingSpace(text, lineStart, lineEnd);
            end = Math.Min(lineEnd, to);
        }

        if (start is { } last)
        {
            paragraphs.Add((last, end));
        }

        return paragraphs;
    }

    private static int LeadingSpace(string text, int start, int end)
    {
        var i = start;
        while (i < end && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i - start;
    }
}
