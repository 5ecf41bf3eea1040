using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Pipeline;

/// <summary>
/// Names and limits of the pipeline, bound from the <c>FoiPipeline</c> configuration section
/// (environment variables <c>FoiPipeline__Containers__Intake</c> and so on). The Functions
/// trigger attributes read the same keys, so one setting moves both hosts.
/// </summary>
public sealed class PipelineOptions
{
    public const string SectionName = "FoiPipeline";

    public ContainerNames Containers { get; set; } = new();

    public QueueNames Queues { get; set; } = new();

    public IntakeLimits Intake { get; set; } = new();
}

/// <summary>Blob containers, one per stage output (DESIGN.md, "Flow").</summary>
public sealed class ContainerNames
{
    /// <summary>Where letters arrive: mailbox automation, scanners and <c>foi ingest</c> write here.</summary>
    public string Intake { get; set; } = "intake";

    /// <summary>Extracted text with provenance, <c>{docId}.json</c>.</summary>
    public string Extracted { get; set; } = "extracted";

    /// <summary>Analysed requests, <c>{docId}.json</c>.</summary>
    public string Requests { get; set; } = "requests";

    /// <summary>Input that could not be read, each beside a <c>.reason.json</c>.</summary>
    public string Quarantine { get; set; } = "quarantine";

    /// <summary>
    /// Mail that is not a new request: auto-replies and bounces held out of the queue (<c>held/</c>), replies
    /// linked to the requests they answer (<c>replies/</c>), and the thread keys that find them (<c>threads/</c>).
    /// </summary>
    public string Correspondence { get; set; } = "correspondence";

    public IEnumerable<string> All => [Intake, Extracted, Requests, Quarantine, Correspondence];
}

/// <summary>Storage queues between stages; each has a <c>{name}-poison</c> twin.</summary>
public sealed class QueueNames
{
    public string Analyze { get; set; } = "analyze";

    public string Index { get; set; } = "index";

    public IEnumerable<string> All => [Analyze, Index];

    public static string PoisonOf(string queue) => queue + PoisonSuffix;

    public const string PoisonSuffix = "-poison";
}

/// <summary>
/// What ingest will take on for one letter. Anything beyond is quarantined with a reason naming the limit,
/// so hostile or broken input costs bounded time and memory and is still kept.
/// </summary>
public sealed class IntakeLimits
{
    /// <summary>Blobs larger than this are quarantined unread. 50 MB is far above any real letter.</summary>
    public long MaxBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Pages in one PDF or TIFF. A long letter is ten pages; a few hundred is a bundle or a PDF bomb.</summary>
    public int MaxPages { get; set; } = 200;

    /// <summary>Attachments (and inline images) in one email.</summary>
    public int MaxAttachments { get; set; } = 50;

    /// <summary>How deep attachments may nest (an email forwarding an email with a PDF is depth 2).</summary>
    public int MaxNesting { get; set; } = 4;

    /// <summary>How long reading one letter may take, OCR included.</summary>
    public int MaxSeconds { get; set; } = 600;

    /// <summary>The largest image accepted, in pixels; a photo from a phone is about 12 million.</summary>
    public long MaxImagePixels { get; set; } = 100_000_000;

    /// <summary>How large a Word file may become when decompressed (a zip bomb is tiny and expands without limit).</summary>
    public long MaxExpandedBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>A PDF page with fewer visible characters in its text layer is treated as a scan and OCR'd.</summary>
    public int MinTextLayerCharacters { get; set; } = 25;

    /// <summary>Inline images smaller than this in an email (logos, signatures) are skipped rather than OCR'd.</summary>
    public int MinInlineImageBytes { get; set; } = 16 * 1024;

    /// <summary>Where poppler's pdfinfo, pdftotext and pdftoppm are; empty to use PATH.</summary>
    public string? PopplerDirectory { get; set; }

    /// <summary>How long one poppler run may take.</summary>
    public int PopplerTimeoutSeconds { get; set; } = 120;
}

/// <summary>Fails start-up with a message that names the setting, rather than failing at the first letter.</summary>
public sealed partial class PipelineOptionsValidator : IValidateOptions<PipelineOptions>
{
    public ValidateOptionsResult Validate(string? name, PipelineOptions options)
    {
        var errors = new List<string>();
        var containers = options.Containers;
        CheckContainer(errors, "Containers:Intake", containers.Intake);
        CheckContainer(errors, "Containers:Extracted", containers.Extracted);
        CheckContainer(errors, "Containers:Requests", containers.Requests);
        CheckContainer(errors, "Containers:Quarantine", containers.Quarantine);
        CheckContainer(errors, "Containers:Correspondence", containers.Correspondence);
        if (containers.All.Distinct(StringComparer.Ordinal).Count() != containers.All.Count())
        {
            errors.Add("FoiPipeline:Containers: each stage needs its own container; two settings name the same one.");
        }

        CheckQueue(errors, "Queues:Analyze", options.Queues.Analyze);
        CheckQueue(errors, "Queues:Index", options.Queues.Index);
        if (options.Queues.Analyze == options.Queues.Index)
        {
            errors.Add("FoiPipeline:Queues: Analyze and Index must be different queues.");
        }

        var limits = options.Intake;
        foreach (var (key, value) in new (string, long)[]
        {
            ("MaxBytes", limits.MaxBytes), ("MaxPages", limits.MaxPages), ("MaxAttachments", limits.MaxAttachments), ("MaxNesting", limits.MaxNesting),
            ("MaxSeconds", limits.MaxSeconds), ("MaxImagePixels", limits.MaxImagePixels), ("MaxExpandedBytes", limits.MaxExpandedBytes),
            ("PopplerTimeoutSeconds", limits.PopplerTimeoutSeconds),
        })
        {
            if (value <= 0)
            {
                errors.Add($"FoiPipeline:Intake:{key} must be positive (got {value}).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    // Azure container and queue names: 3-63 characters, lowercase letters, digits and single hyphens,
    // starting and ending with a letter or digit.
    [GeneratedRegex("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$")]
    internal static partial Regex StorageName();

    private static void CheckContainer(List<string> errors, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || !StorageName().IsMatch(value))
        {
            errors.Add($"FoiPipeline:{key} = '{value}' is not a valid container name: use 3-63 lowercase letters, digits and single hyphens.");
        }
    }

    private static void CheckQueue(List<string> errors, string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || !StorageName().IsMatch(value))
        {
            errors.Add($"FoiPipeline:{key} = '{value}' is not a valid queue name: use 3-63 lowercase letters, digits and single hyphens.");
        }
        else if (value.Length + QueueNames.PoisonSuffix.Length > 63)
        {
            errors.Add($"FoiPipeline:{key} = '{value}' is too long to have a poison queue ('{value}{QueueNames.PoisonSuffix}' would pass 63 characters).");
        }
        else if (value.EndsWith(QueueNames.PoisonSuffix, StringComparison.Ordinal))
        {
            errors.Add($"FoiPipeline:{key} = '{value}' ends in '{QueueNames.PoisonSuffix}', which is reserved for poison queues.");
        }
    }
}
