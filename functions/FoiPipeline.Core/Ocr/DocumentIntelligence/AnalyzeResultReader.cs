using System.Text;
using System.Text.Json;

namespace FoiPipeline.Ocr.DocumentIntelligence;

/// <summary>Where a long-running analysis stands, as one poll reported it.</summary>
internal enum AnalyzeStatus
{
    Unknown,
    NotStarted,
    Running,
    Succeeded,
    Failed,
    Canceled,
    Skipped,
}

/// <summary>A poll answer: the status, the service's error when it failed, and the pages when it succeeded.</summary>
internal sealed record AnalyzeOperationState(AnalyzeStatus Status, string RawStatus, ServiceError? Error, IReadOnlyList<OcrPage>? Pages);

/// <summary>The service's <c>{"error": {code, message, innererror, details}}</c>, flattened for a message.</summary>
/// <remarks><paramref name="InnermostCode"/> is the most specific one: <c>InvalidContent</c> under <c>InvalidRequest</c>.</remarks>
internal sealed record ServiceError(string Code, string InnermostCode, string Description);

/// <summary>
/// Reads Document Intelligence's JSON (2024-11-30 and 2023-07-31 share these parts) and maps an analyze
/// result onto <see cref="OcrPage"/>. Spans are UTF-16 offsets into <c>content</c>, because the engine asks
/// for <c>stringIndexType=utf16CodeUnit</c>.
/// </summary>
internal static class AnalyzeResultReader
{
    private const int MaxErrorDepth = 4;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Dictionary<string, AnalyzeStatus> Statuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["notStarted"] = AnalyzeStatus.NotStarted,
        ["running"] = AnalyzeStatus.Running,
        ["succeeded"] = AnalyzeStatus.Succeeded,
        ["failed"] = AnalyzeStatus.Failed,
        ["canceled"] = AnalyzeStatus.Canceled,
        ["skipped"] = AnalyzeStatus.Skipped,
    };

    /// <exception cref="JsonException">The body is not a poll answer.</exception>
    public static AnalyzeOperationState ReadOperation(BinaryData body, int firstPageNumber)
    {
        var operation = body.ToObjectFromJson<OperationJson>(Json)
            ?? throw new JsonException("The poll answer was empty.");
        var rawStatus = operation.Status ?? "";
        var status = ParseStatus(rawStatus);
        var pages = status == AnalyzeStatus.Succeeded && operation.AnalyzeResult is { } result
            ? ToPages(result, firstPageNumber)
            : null;
        return new AnalyzeOperationState(status, rawStatus, ToServiceError(operation.Error), pages);
    }

    /// <summary>The error in a 4xx/5xx body, or null when the body is not the service's error shape.</summary>
    public static ServiceError? ReadError(BinaryData body)
    {
        if (body.ToMemory().IsEmpty)
        {
            return null;
        }

        try
        {
            return ToServiceError(body.ToObjectFromJson<ErrorResponseJson>(Json)?.Error);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static AnalyzeStatus ParseStatus(string status) =>
        Statuses.TryGetValue(status, out var parsed) ? parsed : AnalyzeStatus.Unknown;

    private static List<OcrPage> ToPages(ResultJson result, int firstPageNumber)
    {
        var content = result.Content ?? "";
        var handwriting = SpanSet.From((result.Styles ?? [])
            .Where(style => style.IsHandwritten == true)
            .SelectMany(style => style.Spans ?? []));

        var pages = new List<OcrPage>();
        var position = 0;
        foreach (var page in result.Pages ?? [])
        {
            position++;
            var pageNumber = page.PageNumber > 0 ? page.PageNumber : position;
            pages.Add(ToPage(page, firstPageNumber - 1 + pageNumber, content, handwriting));
        }

        return pages;
    }

    private static OcrPage ToPage(PageJson page, int pageNumber, string content, SpanSet handwriting)
    {
        var words = (page.Words ?? [])
            .Where(word => word.Span is not null)
            .OrderBy(word => word.Span!.Offset)
            .ToArray();
        var wordStarts = words.Select(word => word.Span!.Offset).ToArray();

        var lines = new List<OcrLine>();
        foreach (var (text, spans) in LinesOf(page, content))
        {
            double sum = 0;
            var count = 0;
            foreach (var span in spans)
            {
                for (var i = SpanSet.LowerBound(wordStarts, span.Offset); i < words.Length && words[i].Span!.Offset < span.End; i++)
                {
                    if (words[i].Span!.End <= span.End && words[i].Confidence is { } confidence)
                    {
                        sum += confidence;
                        count++;
                    }
                }
            }

            lines.Add(new OcrLine(text, count > 0 ? sum / count : null, spans.Any(handwriting.Overlaps)));
        }

        var confidences = words.Where(word => word.Confidence is not null).Select(word => word.Confidence!.Value).ToArray();
        return new OcrPage
        {
            PageNumber = pageNumber,
            Lines = lines,
            MeanConfidence = confidences.Length > 0 ? confidences.Average() : null,
            WordCount = words.Length,
            HasHandwriting = lines.Any(line => line.Handwritten),
        };
    }

    /// <summary>
    /// The page's lines with their spans. Results for DOCX and HTML have no <c>lines</c>; then the page's own
    /// spans of <c>content</c> are cut at newlines instead.
    /// </summary>
    private static IEnumerable<(string Text, IReadOnlyList<SpanJson> Spans)> LinesOf(PageJson page, string content)
    {
        if (page.Lines is { } lines)
        {
            foreach (var line in lines)
            {
                yield return (line.Content ?? "", line.Spans ?? []);
            }

            yield break;
        }

        foreach (var pageSpan in page.Spans ?? [])
        {
            var start = Math.Clamp(pageSpan.Offset, 0, content.Length);
            var end = Math.Clamp(pageSpan.End, start, content.Length);
            while (start < end)
            {
                var newline = content.IndexOf('\n', start, end - start);
                var lineEnd = newline < 0 ? end : newline;
                var text = content[start..lineEnd].TrimEnd('\r');
                if (!string.IsNullOrWhiteSpace(text))
                {
                    yield return (text, [new SpanJson(start, lineEnd - start)]);
                }

                start = lineEnd + 1;
            }
        }
    }

    private static ServiceError? ToServiceError(ErrorJson? error)
    {
        if (error is null)
        {
            return null;
        }

        var description = new StringBuilder();
        Describe(error, description, depth: 0);
        if (error.Details is { Length: > 0 } details)
        {
            description.Append("; details: ");
            description.AppendJoin("; ", details.Select(detail =>
            {
                var text = new StringBuilder();
                Describe(detail, text, depth: 1);
                return text.ToString();
            }));
        }

        var innermost = error;
        for (var depth = 0; innermost.Innererror is { } inner && depth < MaxErrorDepth; depth++)
        {
            innermost = inner;
        }

        return new ServiceError(error.Code ?? "unknown", innermost.Code ?? error.Code ?? "unknown", description.ToString());
    }

    private static void Describe(ErrorJson error, StringBuilder into, int depth)
    {
        into.Append(error.Code ?? "unknown");
        if (!string.IsNullOrEmpty(error.Target))
        {
            into.Append(" (target ").Append(error.Target).Append(')');
        }

        if (!string.IsNullOrEmpty(error.Message))
        {
            into.Append(": ").Append(error.Message);
        }

        if (error.Innererror is { } inner && depth < MaxErrorDepth)
        {
            into.Append(" [");
            Describe(inner, into, depth + 1);
            into.Append(']');
        }
    }

    /// <summary>Sorted, merged spans (here: the handwritten ones), so a line's overlap is one binary search.</summary>
    private sealed class SpanSet
    {
        private readonly int[] _starts;
        private readonly int[] _ends;

        private SpanSet(int[] starts, int[] ends)
        {
            _starts = starts;
            _ends = ends;
        }

        public static SpanSet From(IEnumerable<SpanJson> spans)
        {
            var starts = new List<int>();
            var ends = new List<int>();
            foreach (var span in spans.Where(span => span.Length > 0).OrderBy(span => span.Offset))
            {
                if (ends.Count > 0 && span.Offset <= ends[^1])
                {
                    ends[^1] = Math.Max(ends[^1], span.End);
                }
                else
                {
                    starts.Add(span.Offset);
                    ends.Add(span.End);
                }
            }

            return new SpanSet([.. starts], [.. ends]);
        }

        public bool Overlaps(SpanJson span)
        {
            // The first merged span that ends after this one starts is the only candidate.
            var i = LowerBound(_ends, span.Offset + 1);
            return span.Length > 0 && i < _ends.Length && _starts[i] < span.End;
        }

        /// <summary>The first index whose value is at least <paramref name="value"/> in an ascending array.</summary>
        public static int LowerBound(int[] sorted, int value)
        {
            int low = 0, high = sorted.Length;
            while (low < high)
            {
                var middle = low + ((high - low) / 2);
                if (sorted[middle] < value)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
        }
    }

    // The response shape, as far as OCR needs it; everything else (polygons, paragraphs, tables) is skipped.
    private sealed record OperationJson(string? Status, ErrorJson? Error, ResultJson? AnalyzeResult);

    private sealed record ErrorResponseJson(ErrorJson? Error);

    private sealed record ErrorJson(string? Code, string? Message, string? Target, ErrorJson[]? Details, ErrorJson? Innererror);

    private sealed record ResultJson(string? Content, PageJson[]? Pages, StyleJson[]? Styles);

    private sealed record PageJson(int PageNumber, SpanJson[]? Spans, WordJson[]? Words, LineJson[]? Lines);

    private sealed record WordJson(string? Content, SpanJson? Span, double? Confidence);

    private sealed record LineJson(string? Content, SpanJson[]? Spans);

    private sealed record StyleJson(bool? IsHandwritten, SpanJson[]? Spans);

    private sealed record SpanJson(int Offset, int Length)
    {
        public int End => Offset + Length;
    }
}
