namespace FoiPipeline.Ocr;

/// <summary>Which OCR engine reads scans, bound from <c>FoiPipeline:Ocr</c>.</summary>
public sealed class OcrOptions
{
    public const string SectionName = "FoiPipeline:Ocr";

    /// <summary><c>tesseract</c> (libtesseract in-process, the default), <c>tesseract-cli</c> (a process per image) or <c>document-intelligence</c>.</summary>
    public string Engine { get; set; } = OcrEngines.Tesseract;

    /// <summary>Pages rasterised from PDFs for OCR are rendered at this resolution (capped so no page passes <see cref="MaxPagePixels"/>).</summary>
    public int RenderDpi { get; set; } = 300;

    /// <summary>The largest page image OCR is asked to read, in pixels (width x height); bigger pages are rendered at a lower resolution.</summary>
    public long MaxPagePixels { get; set; } = 40_000_000;

    public TesseractOptions Tesseract { get; set; } = new();

    public DocumentIntelligenceOptions DocumentIntelligence { get; set; } = new();
}

public static class OcrEngines
{
    public const string Tesseract = "tesseract";
    public const string TesseractCli = "tesseract-cli";
    public const string DocumentIntelligence = "document-intelligence";
}

/// <summary>Local OCR with Tesseract 5 (Debian's tesseract-ocr and tesseract-ocr-eng).</summary>
public sealed class TesseractOptions
{
    /// <summary>Tesseract language(s), e.g. <c>eng</c> or <c>eng+cym</c> for English and Welsh.</summary>
    public string Language { get; set; } = "eng";

    /// <summary>Folder of the .traineddata files; null for Tesseract's built-in default.</summary>
    public string? DataPath { get; set; }

    /// <summary>
    /// Page segmentation mode. 6 ("a single uniform block of text") keeps a numbered question on one line
    /// with its number; 3 (fully automatic) copes better with multi-column pages but splits "1." into a
    /// column of its own on plain letters.
    /// </summary>
    public int PageSegmentationMode { get; set; } = 6;

    /// <summary>Pages recognised at once; each uses one core.</summary>
    public int MaxConcurrency { get; set; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>The tesseract executable, for the <c>tesseract-cli</c> engine.</summary>
    public string Executable { get; set; } = "tesseract";

    /// <summary>How long one page may take before it is abandoned.</summary>
    public TimeSpan PageTimeout { get; set; } = TimeSpan.FromSeconds(120);
}

/// <summary>Azure AI Document Intelligence (prebuilt-read) over REST.</summary>
public sealed class DocumentIntelligenceOptions
{
    /// <summary>The resource endpoint, e.g. https://my-resource.cognitiveservices.azure.com/. Required when this engine is chosen.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary><c>2024-11-30</c> (Document Intelligence v4.0, under /documentintelligence) or <c>2023-07-31</c> (Form Recognizer v3.1, under /formrecognizer).</summary>
    public string ApiVersion { get; set; } = "2024-11-30";

    public string ModelId { get; set; } = "prebuilt-read";

    /// <summary>An API key; leave empty to use Entra ID (managed identity) instead, which needs an https endpoint with a custom subdomain.</summary>
    public string? Key { get; set; }

    /// <summary>Analyze requests per second the resource allows: 15 on S0, 1 on F0 (service limits).</summary>
    public double RequestsPerSecond { get; set; } = 15;

    /// <summary>Documents in analysis at once, from this instance.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>How long one document may take, submission to result, before it is given up (and retried later).</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often to poll when the service sends no Retry-After.</summary>
    public TimeSpan DefaultPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Retries of a throttled (429) or unavailable (5xx) request, with jittered back-off that honours Retry-After.</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>The first back-off of a retry when the service sends no Retry-After; it doubles with each retry, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
