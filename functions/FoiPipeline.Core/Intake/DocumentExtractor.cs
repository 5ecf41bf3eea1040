using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using FoiPipeline.Intake.Email;
using FoiPipeline.Intake.Html;
using FoiPipeline.Intake.Images;
using FoiPipeline.Intake.Pdf;
using FoiPipeline.Intake.Word;
using FoiPipeline.Ocr;
using FoiPipeline.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Intake;

/// <summary>
/// Reads the text out of whatever a mailbox, a scanner or a web form delivers: plain text, email (with its
/// attachments, forwarded messages and inline images, each read in turn), HTML, Word, PDF (text layer
/// where a page has one, OCR where it is a scan) and images (OCR). The kind is decided from the bytes.
/// Anything unreadable comes back as an <see cref="ExtractionFailure"/> with a reason a person can act on;
/// the limits in <see cref="IntakeLimits"/> bound the time and memory any one letter can take.
/// Failures that are not the document's fault (OCR service down, a tool missing) are thrown, so the stage
/// is retried instead of the letter being quarantined.
/// </summary>
public sealed class DocumentExtractor
{
    private readonly IOcrEngine _ocr;
    private readonly Poppler _poppler;
    private readonly IntakeLimits _limits;
    private readonly OcrOptions _ocrOptions;
    private readonly ILogger<DocumentExtractor> _logger;
    private readonly PipelineMetrics? _metrics;

    /// <param name="ocr">The OCR engine for scans.</param>
    /// <param name="poppler">PDF text layers and page images.</param>
    /// <param name="options">The intake limits.</param>
    /// <param name="ocrOptions">OCR settings.</param>
    /// <param name="logger">Where warnings go.</param>
    /// <param name="metrics">Counts pages OCR'd per engine; none when null (tools and benchmarks).</param>
    public DocumentExtractor(
        IOcrEngine ocr, Poppler poppler, IOptions<PipelineOptions> options, IOptions<OcrOptions> ocrOptions, ILogger<DocumentExtractor> logger, PipelineMetrics? metrics = null)
    {
        _metrics = metrics;
        _ocr = ocr;
        _poppler = poppler;
        _limits = options.Value.Intake;
        _ocrOptions = ocrOptions.Value;
        _logger = logger;
    }

    /// <param name="content">The document's bytes.</param>
    /// <param name="name">A name for it in messages (the blob or file name).</param>
    /// <param name="cancellationToken">Cancelled when the host stops; that is rethrown, never reported as a failure.</param>
    /// <remarks>
    /// Returns within <see cref="IntakeLimits.MaxSeconds"/> whatever the file does. Most work stops when the
    /// time is up (external programs are killed, pages not yet started are skipped), but a parser busy in one
    /// call, or a page Tesseract has already begun, does not look at the token; the caller is not kept
    /// waiting for them, and they finish in the background within their own limits (the OCR page timeout).
    /// </remarks>
    public async Task<ExtractionOutcome> ExtractAsync(ReadOnlyMemory<byte> content, string name, CancellationToken cancellationToken)
    {
        var limit = TimeSpan.FromSeconds(_limits.MaxSeconds);
        var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(limit);

        // Off the caller's thread, so even a reader that never yields cannot hold the caller past the limit.
        var reading = Task.Run(() => ReadAsync(content, name, depth: 0, budget.Token), CancellationToken.None);

        // The budget lives until the reading stops, even when the caller has moved on; its failure is observed here.
        _ = reading.ContinueWith(
            static (task, state) =>
            {
                _ = task.Exception;
                ((CancellationTokenSource)state!).Dispose();
            },
            budget,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        try
        {
            return await reading.WaitAsync(limit, cancellationToken);
        }
        catch (Exception ex) when ((ex is TimeoutException && !reading.IsCompleted) || (ex is OperationCanceledException && budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested))
        {
            // The letter's own time ran out, not the host's: a host shutting down rethrows above and the letter is read again later.
            await CancelQuietlyAsync(budget);
            _logger.LogWarning("Reading {Blob} took longer than {Seconds} s; it is quarantined as timed out", name, _limits.MaxSeconds);
            return Fail(QuarantineCode.TimedOut, ContentSniffer.Sniff(content.Span),
                $"Reading the file took longer than the {_limits.MaxSeconds} s allowed for one letter, so it was stopped.",
                "If the letter is genuinely large (a long scan), raise FoiPipeline:Intake:MaxSeconds and replay it from quarantine; otherwise split it into the letters it holds.");
        }
        catch (OcrException ex) when (!ex.IsTransient)
        {
            var kind = ContentSniffer.Sniff(content.Span);
            return Fail(QuarantineCode.Corrupt, kind, $"The OCR engine cannot read the {Noun(kind)}: {ex.Message}", "Scan or save the letter again, then replay it from quarantine.");
        }
        catch (Exception ex) when (!IsOutsideTheDocument(ex))
        {
            // A reader threw on this file. Retrying cannot help (the bytes will not change), so the letter is kept in
            // quarantine with the error instead of going round the retries; the log has the stack for a bug report.
            var kind = ContentSniffer.Sniff(content.Span);
            _logger.LogError(ex, "FoiPipeline's reader failed on {Blob} ({Kind}); it is quarantined as reader-failed", name, kind);
            return Fail(QuarantineCode.ReaderFailed, kind,
                $"FoiPipeline could not read this {Noun(kind)}: its reader failed with {ex.GetType().Name}: {ex.Message}",
                "The file is probably damaged; check it opens in its usual program. Report the error with the file (it is a fault in FoiPipeline), and replay it from quarantine once fixed or repaired.");
        }
    }

    /// <summary>
    /// Errors that are not the letter's fault (a tool missing, the OCR service or the disk failing, memory
    /// short, the host stopping): the stage is retried, and after its retries the letter goes to quarantine as ingest-failed.
    /// </summary>
    internal static bool IsOutsideTheDocument(Exception ex) => ex is
        OperationCanceledException or OcrException { IsTransient: true } or ProgramNotFoundException or IOException or UnauthorizedAccessException
        or HttpRequestException or TimeoutException or Azure.RequestFailedException or OutOfMemoryException;

    private static async Task CancelQuietlyAsync(CancellationTokenSource budget)
    {
        try
        {
            await budget.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            // The reading finished between the time-out and here.
        }
    }

    private async Task<ExtractionOutcome> ReadAsync(ReadOnlyMemory<byte> content, string name, int depth, CancellationToken cancellationToken)
    {
        var kind = ContentSniffer.Sniff(content.Span);
        switch (kind)
        {
            case DocumentKind.Empty:
                return Fail(QuarantineCode.Empty, kind, "The file is empty (0 bytes).", "Check the scanner or mail rule that produced it and send the letter again.");

            case DocumentKind.PlainText:
                var decoded = TextDecoding.Decode(content.Span);
                return Whole(kind, decoded.Text, "text/plain", "text", decoded.EncodingName, "The file holds only whitespace.");

            case DocumentKind.Html:
                var html = TextDecoding.Decode(content.Span);
                var shown = HtmlText.ToText(html.Text, out var flattened);
                return Whole(kind, shown, "text/html", "html", html.EncodingName, "The HTML page has no visible text.",
                    flattened ? $"The HTML nests elements more than {HtmlText.MaxDepth} deep, far beyond any real page; its text was kept without its layout." : null);

            case DocumentKind.Email:
                return await EmailAsync(content, depth, cancellationToken);

            case DocumentKind.Pdf:
                return await PdfAsync(content, cancellationToken);

            case DocumentKind.Png or DocumentKind.Jpeg or DocumentKind.Tiff or DocumentKind.Bmp:
                return await ImageAsync(content, kind, cancellationToken);

            case DocumentKind.Zip:
                return Zip(content);

            default:
                return Fail(QuarantineCode.UnsupportedFormat, kind, $"The file is {Describe(kind)}, which FoiPipeline cannot read.", HintFor(kind));
        }
    }

    private static ExtractionOutcome Whole(DocumentKind kind, string text, string mediaType, string method, string? encoding, string whenBlank, string? warning = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Fail(QuarantineCode.NoText, kind, whenBlank, "Check the source and send the letter again.");
        }

        var assembly = new TextAssembly();
        assembly.Add(text, "body", mediaType, method);
        if (warning is not null)
        {
            assembly.Warn(warning);
        }

        return assembly.Build(kind, encoding);
    }

    private async Task<ExtractionOutcome> EmailAsync(ReadOnlyMemory<byte> content, int depth, CancellationToken cancellationToken)
    {
        EmailMessage email;
        try
        {
            email = EmailReader.Read(content);
        }
        catch (Exception ex) when (ex is EmailFormatException or FormatException or System.Text.DecoderFallbackException)
        {
            return Fail(QuarantineCode.MalformedEmail, DocumentKind.Email, $"The email cannot be read: {ex.Message}", "Open it in a mail client; if it reads there, save it again as .eml and replay it.");
        }

        if (email.Attachments.Count > _limits.MaxAttachments)
        {
            return Fail(QuarantineCode.TooManyAttachments, DocumentKind.Email,
                $"The email has {email.Attachments.Count} attachments; the limit for one letter is {_limits.MaxAttachments}.",
                "Ask the sender which attachments make up the request, or raise FoiPipeline:Intake:MaxAttachments and replay it.");
        }

        var assembly = new TextAssembly();
        if (!string.IsNullOrWhiteSpace(email.Body))
        {
            var start = assembly.Add(email.Body, "body", email.BodyMediaType, email.BodyMediaType == "text/html" ? "html" : "mime");
            foreach (var mark in ReplyMarks.Find(email.Body))
            {
                assembly.Mark(mark, start);
            }

            if (email.BodyMediaType == "text/html")
            {
                assembly.Warn("The email had no plain-text body; its HTML body was turned into text.");
            }
        }

        var logos = 0;
        foreach (var attachment in email.Attachments)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var bytes = attachment.Entity.DecodedBody();
            if (attachment.Inline && attachment.MediaType.StartsWith("image/", StringComparison.Ordinal) && bytes.Length < _limits.MinInlineImageBytes)
            {
                logos++;
                continue;
            }

            var label = attachment.Entity.Message is { } forwarded
                ? $"forwarded message: {forwarded.Headers["Subject"] ?? attachment.Name}"
                : $"attachment {attachment.Name}";
            if (depth + 1 > _limits.MaxNesting)
            {
                assembly.Warn($"{label} was not read: attachments are nested more than {_limits.MaxNesting} deep.");
                continue;
            }

            var inner = await ReadAsync(bytes, attachment.Name, depth + 1, cancellationToken);
            if (inner.Extraction is { } read)
            {
                assembly.AddNested($"[{char.ToUpperInvariant(label[0])}{label[1..]}]", label, read);
            }
            else
            {
                assembly.Warn($"{label} could not be read: {inner.Failure!.Reason} It is kept in the original email.");
            }
        }

        if (logos > 0)
        {
            assembly.Warn($"{logos} small inline image{(logos == 1 ? " was" : "s were")} skipped as logos or signatures.");
        }

        if (assembly.IsEmpty)
        {
            return Fail(QuarantineCode.NoText, DocumentKind.Email, "The email has no body text, and none of its attachments could be read.",
                "If the request is in an attachment of a kind FoiPipeline cannot read, save it as PDF, Word or text and send it again.");
        }

        return assembly.Build(DocumentKind.Email, email.BodyCharset, email);
    }

    private async Task<ExtractionOutcome> PdfAsync(ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (!_poppler.IsInstalled)
        {
            if (_ocr.AcceptsPdf)
            {
                // No poppler (Azure Functions): the OCR service reads the whole PDF, text layer and scans alike.
                return FromOcr(await RecognizeAsync(new OcrInput(content, OcrInputFormat.Pdf), DocumentKind.Pdf, cancellationToken), DocumentKind.Pdf, "application/pdf");
            }

            throw new ProgramNotFoundException("pdftotext", "poppler-utils", new FileNotFoundException("pdftotext"));
        }

        var folder = Directory.CreateTempSubdirectory("foi-pdf-");
        try
        {
            var path = Path.Combine(folder.FullName, "letter.pdf");
            await using (var file = File.Create(path))
            {
                await file.WriteAsync(content, cancellationToken);
            }

            PdfInfo info;
            try
            {
                info = await _poppler.InfoAsync(path, _limits.MaxPages, cancellationToken);
            }
            catch (PdfPasswordException)
            {
                return Fail(QuarantineCode.PasswordProtected, DocumentKind.Pdf, "The PDF is protected by a password, so it cannot be opened.",
                    "Ask the sender for a copy without a password (or the password, to save an unprotected copy), then replay it.");
            }
            catch (PdfUnreadableException ex)
            {
                return Fail(QuarantineCode.Corrupt, DocumentKind.Pdf, $"The PDF is damaged and cannot be read ({ex.Message}).", "Ask the sender to send it again; it may have been cut short in transit.");
            }

            if (info.Pages < 1)
            {
                return Fail(QuarantineCode.Corrupt, DocumentKind.Pdf, "The PDF has no pages.", "Ask the sender to send it again.");
            }

            if (info.Pages > _limits.MaxPages)
            {
                return Fail(QuarantineCode.TooManyPages, DocumentKind.Pdf, $"The PDF has {info.Pages:N0} pages; the limit for one letter is {_limits.MaxPages}.",
                    "If it really is one request, raise FoiPipeline:Intake:MaxPages and replay it; otherwise split it into its letters.");
            }

            IReadOnlyList<string> layer;
            try
            {
                layer = await _poppler.TextAsync(path, info.Pages, maxBytes: 64L * 1024 * 1024, cancellationToken);
            }
            catch (PdfUnreadableException ex)
            {
                return Fail(QuarantineCode.Corrupt, DocumentKind.Pdf, $"The PDF's text cannot be read ({ex.Message}).", "Ask the sender to send it again.");
            }

            // Pages are rendered and OCR'd a few at a time, so a long scan holds a bounded number of page images.
            using var slots = new SemaphoreSlim(Math.Max(1, Environment.ProcessorCount));
            var pages = await Task.WhenAll(Enumerable.Range(1, info.Pages).Select(async page =>
            {
                await slots.WaitAsync(cancellationToken);
                try
                {
                    return await PdfPageAsync(path, page, layer[page - 1], info, folder.FullName, cancellationToken);
                }
                finally
                {
                    slots.Release();
                }
            }));
            var assembly = new TextAssembly();
            foreach (var page in pages)
            {
                if (page.Warning is { } warning)
                {
                    assembly.Warn(warning);
                }

                if (!string.IsNullOrWhiteSpace(page.Text))
                {
                    assembly.Add(page.Text, $"page {page.Number}", "application/pdf", page.Method, page.Number, page.Confidence, page.Handwritten);
                }
            }

            if (assembly.IsEmpty)
            {
                return Fail(QuarantineCode.NoText, DocumentKind.Pdf, "No text was found: the PDF has no text layer and OCR found no words on its pages.",
                    "Check the scan is of the letter and not blank; rescan at 300 dpi if it is faint, then replay it.");
            }

            return assembly.Build(DocumentKind.Pdf);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private sealed record PageText(int Number, string Text, string Method, double? Confidence = null, bool Handwritten = false, string? Warning = null);

    private async Task<PageText> PdfPageAsync(string path, int page, string layerText, PdfInfo info, string folder, CancellationToken cancellationToken)
    {
        var text = layerText.Trim('\n', ' ', '\t');
        if (text.Count(c => !char.IsWhiteSpace(c)) >= _limits.MinTextLayerCharacters)
        {
            return new PageText(page, text, "text-layer");
        }

        // A scanned page: render it at a resolution that keeps it within the pixel budget, then OCR it.
        var (width, height) = page <= info.PageSizes.Count ? info.PageSizes[page - 1] : (595, 842);
        var dpi = RenderDpi(width, height);
        string image;
        try
        {
            image = await _poppler.RenderToFileAsync(path, page, dpi, _ocr.PageFormat, folder, cancellationToken);
        }
        catch (PdfUnreadableException ex)
        {
            return new PageText(page, text, "text-layer", Warning: $"Page {page}: {ex.Message}");
        }

        try
        {
            var result = await _ocr.RecognizeAsync(OcrInput.FromFile(image, _ocr.PageFormat, page), cancellationToken);
            _metrics?.PagesRecognised(result.Method, result.Pages.Count);
            var ocrPage = result.Pages.Count > 0 ? result.Pages[0] : null;
            return ocrPage is null
                ? new PageText(page, text, result.Method)
                : new PageText(page, ocrPage.Text.Trim('\n'), result.Method, ocrPage.MeanConfidence, ocrPage.HasHandwriting);
        }
        catch (OcrException ex) when (!ex.IsTransient)
        {
            return new PageText(page, text, _ocr.Method, Warning: $"Page {page} could not be OCR'd: {ex.Message}");
        }
        finally
        {
            File.Delete(image);
        }
    }

    /// <summary>The configured OCR resolution, lowered for oversized pages so no render passes MaxPagePixels.</summary>
    private int RenderDpi(double widthPoints, double heightPoints)
    {
        var squareInches = Math.Max(1e-3, widthPoints / 72 * (heightPoints / 72));
        var cap = Math.Sqrt(_ocrOptions.MaxPagePixels / squareInches);
        return (int)Math.Clamp(Math.Min(_ocrOptions.RenderDpi, cap), 10, 1200);
    }

    private async Task<ExtractionOutcome> ImageAsync(ReadOnlyMemory<byte> content, DocumentKind kind, CancellationToken cancellationToken)
    {
        if (!ImageInfo.TryRead(content.Span, kind, out var size))
        {
            return Fail(QuarantineCode.Corrupt, kind, $"The {kind.ToString().ToUpperInvariant()} image's header cannot be read; the file is damaged or cut short.", "Scan or save the letter again.");
        }

        if (size.Pixels > _limits.MaxImagePixels)
        {
            return Fail(QuarantineCode.ImageTooLarge, kind, $"The image is {size.Width:N0} x {size.Height:N0} pixels, over the {_limits.MaxImagePixels:N0}-pixel limit.",
                "Scan the letter again at 300 dpi, which is plenty for OCR.");
        }

        if (size.Pages > _limits.MaxPages)
        {
            return Fail(QuarantineCode.TooManyPages, kind, $"The image has {size.Pages:N0} pages; the limit for one letter is {_limits.MaxPages}.",
                "Split it into the letters it holds, or raise FoiPipeline:Intake:MaxPages and replay it.");
        }

        var format = kind switch
        {
            DocumentKind.Png => OcrInputFormat.Png,
            DocumentKind.Jpeg => OcrInputFormat.Jpeg,
            DocumentKind.Tiff => OcrInputFormat.Tiff,
            _ => OcrInputFormat.Bmp,
        };
        var mediaType = $"image/{format.ToString().ToLowerInvariant()}";
        OcrResult result;
        try
        {
            result = await RecognizeAsync(new OcrInput(content, format), kind, cancellationToken);
        }
        catch (OcrException ex) when (!ex.IsTransient)
        {
            return Fail(QuarantineCode.Corrupt, kind, $"The image cannot be read: {ex.Message}", "Scan or save the letter again.");
        }

        return FromOcr(result, kind, mediaType);
    }

    private async Task<OcrResult> RecognizeAsync(OcrInput input, DocumentKind kind, CancellationToken cancellationToken)
    {
        var result = await _ocr.RecognizeAsync(input, cancellationToken);
        _metrics?.PagesRecognised(result.Method, result.Pages.Count);
        _logger.LogDebug("OCR ({Method}) read {Pages} page(s) of a {Kind}", result.Method, result.Pages.Count, kind);
        return result;
    }

    private static ExtractionOutcome FromOcr(OcrResult result, DocumentKind kind, string mediaType)
    {
        var assembly = new TextAssembly();
        foreach (var page in result.Pages)
        {
            var text = page.Text.Trim('\n');
            if (text.Length > 0)
            {
                var name = result.Pages.Count == 1 && kind != DocumentKind.Pdf ? "image" : $"page {page.PageNumber}";
                assembly.Add(text, name, mediaType, result.Method, page.PageNumber, page.MeanConfidence, page.HasHandwriting);
            }
        }

        return assembly.IsEmpty
            ? Fail(QuarantineCode.NoText, kind, "OCR found no text in the image.", "Check the scan is of the letter and not blank; rescan at 300 dpi if it is faint, then replay it.")
            : assembly.Build(kind);
    }

    private ExtractionOutcome Zip(ReadOnlyMemory<byte> content)
    {
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        try
        {
            switch (DocxText.Classify(stream))
            {
                case ZipContent.SpreadsheetOrPresentation:
                    return Fail(QuarantineCode.UnsupportedFormat, DocumentKind.Zip, "The file is an Excel workbook or a PowerPoint presentation, which FoiPipeline cannot read.",
                        "Ask the sender for the request as an email, a Word document or a PDF.");
                case ZipContent.OtherArchive:
                    return Fail(QuarantineCode.UnsupportedFormat, DocumentKind.Zip, "The file is a ZIP archive, not a letter.",
                        "Open the archive and put the letters it holds into intake one by one.");
            }

            stream.Position = 0;
            if (!DocxText.FitsExpanded(stream, _limits.MaxExpandedBytes, maxEntries: 10_000))
            {
                return Fail(QuarantineCode.TooLarge, DocumentKind.Zip, $"The Word file expands to more than {_limits.MaxExpandedBytes / (1024 * 1024)} MB, far beyond any letter (it may be a zip bomb).",
                    "Do not open it; ask the sender for the request as plain text or PDF.");
            }

            stream.Position = 0;
            return Whole(DocumentKind.Zip, DocxText.ToText(stream), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", null, "The Word document has no text.");
        }
        catch (Exception ex) when (ex is InvalidDataException or OpenXmlPackageException or XmlException or IOException)
        {
            return Fail(QuarantineCode.Corrupt, DocumentKind.Zip, $"The Word file is damaged and cannot be read ({ex.Message}).", "Ask the sender to send it again, or to save it as PDF.");
        }
    }

    private static ExtractionFailure Fail(QuarantineCode code, DocumentKind kind, string reason, string hint) => new(code, kind, reason, hint);

    /// <summary>"email", "PDF", "PNG image": the kind in a sentence about the file.</summary>
    private static string Noun(DocumentKind kind) => kind switch
    {
        DocumentKind.Email => "email",
        DocumentKind.Pdf => "PDF",
        DocumentKind.Png or DocumentKind.Jpeg or DocumentKind.Tiff or DocumentKind.Bmp => $"{kind.ToString().ToUpperInvariant()} image",
        DocumentKind.Zip => "Word file",
        DocumentKind.PlainText => "text file",
        DocumentKind.Html => "HTML page",
        _ => "file",
    };

    private static string Describe(DocumentKind kind) => kind switch
    {
        DocumentKind.Gif => "a GIF image",
        DocumentKind.OleCompound => "a legacy Office file (.doc, .xls) or an Outlook .msg",
        DocumentKind.Rtf => "an RTF document",
        _ => "binary data of no known kind (a program, an archive or a damaged file)",
    };

    private static string HintFor(DocumentKind kind) => kind switch
    {
        DocumentKind.Gif => "Save the image as PNG or scan it again, then put it in intake.",
        DocumentKind.OleCompound => "Save it as .docx or PDF (or, for a .msg, drag the email out of Outlook as .eml), then put it in intake.",
        DocumentKind.Rtf => "Save it as .docx or PDF, then put it in intake.",
        _ => "Check what the file is; if it holds a letter, save the letter as PDF, Word or text.",
    };
}
