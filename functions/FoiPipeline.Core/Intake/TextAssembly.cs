using System.Text;

namespace FoiPipeline.Intake;

/// <summary>
/// Builds a document's text from its pieces (an email body, each attachment, each page) and keeps a part
/// record of where every piece sits and how it was read, so later stages can cite spans of the text and
/// reviewers can see which text came from OCR and how confident it was.
/// </summary>
internal sealed class TextAssembly
{
    private readonly StringBuilder _text = new();
    private readonly List<DocumentPart> _parts = [];
    private readonly List<TextMark> _marks = [];
    private readonly List<string> _warnings = [];

    public bool IsEmpty => _text.ToString().Trim().Length == 0;

    public IReadOnlyList<string> Warnings => _warnings;

    public void Warn(string warning) => _warnings.Add(warning);

    /// <summary>OCR'd text below this mean confidence gets a warning: at that level whole words are usually wrong.</summary>
    public const double LowConfidence = 0.6;

    /// <summary>Appends a piece of text, after a blank line when there is text before it.</summary>
    /// <returns>Where the piece starts in the whole text.</returns>
    public int Add(string text, string name, string mediaType, string method, int? page = null, double? confidence = null, bool handwritten = false)
    {
        Separate();
        var start = _text.Length;
        _text.Append(text);
        _parts.Add(new DocumentPart
        {
            Name = name,
            MediaType = mediaType,
            Start = start,
            End = _text.Length,
            Method = method,
            Page = page,
            Confidence = confidence,
            Handwritten = handwritten,
        });
        if (confidence < LowConfidence)
        {
            _warnings.Add($"{char.ToUpperInvariant(name[0])}{name[1..]} was read by OCR with low confidence ({confidence:P0}); check its text against the original.");
        }

        if (handwritten)
        {
            _warnings.Add($"{char.ToUpperInvariant(name[0])}{name[1..]} contains handwriting; OCR of handwriting is less reliable.");
        }

        return start;
    }

    public void Mark(TextMark mark, int offset) => _marks.Add(mark with { Start = mark.Start + offset, End = mark.End + offset });

    /// <summary>Appends another document's whole extraction (an attachment) under a heading line.</summary>
    public void AddNested(string heading, string name, Extraction inner)
    {
        Separate();
        _text.Append(heading).Append("\n\n");
        var offset = _text.Length;
        _text.Append(inner.Text);
        foreach (var part in inner.Parts)
        {
            _parts.Add(part with
            {
                Name = inner.Parts.Count == 1 ? name : $"{name}, {part.Name}",
                Start = part.Start + offset,
                End = part.End + offset,
            });
        }

        foreach (var mark in inner.Marks)
        {
            Mark(mark, offset);
        }

        _warnings.AddRange(inner.Warnings.Select(w => $"{name}: {w}"));
    }

    public Extraction Build(DocumentKind kind, string? encoding = null, Email.EmailMessage? email = null)
    {
        var methods = _parts.Select(p => p.Method).Distinct(StringComparer.Ordinal).ToList();
        var ocr = _parts.Where(p => p.Confidence is not null && p.End > p.Start).ToList();
        return new Extraction
        {
            Kind = kind,
            Method = methods.Count == 1 ? methods[0] : "mixed",
            Text = _text.ToString(),
            Encoding = encoding,
            Parts = [.. _parts],
            Marks = [.. _marks.OrderBy(m => m.Start)],
            OcrConfidence = ocr.Count == 0 ? null : ocr.Sum(p => p.Confidence!.Value * (p.End - p.Start)) / ocr.Sum(p => p.End - p.Start),
            Email = email,
            Warnings = [.. _warnings],
        };
    }

    private void Separate()
    {
        if (_text.Length > 0)
        {
            _text.Append("\n\n");
        }
    }
}
