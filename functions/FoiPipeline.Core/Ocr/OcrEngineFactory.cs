using Azure.Core;
using FoiPipeline.Ocr.DocumentIntelligence;
using FoiPipeline.Ocr.Tesseract;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Ocr;

/// <summary>
/// Builds the OCR engine that configuration names (<c>FoiPipeline:Ocr:Engine</c>). Document Intelligence
/// uses its key when one is set, otherwise the host's registered <see cref="TokenCredential"/> (the Functions
/// app registers its managed identity).
/// </summary>
public static class OcrEngineFactory
{
    public static IOcrEngine Create(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<OcrOptions>>().Value;
        var loggers = services.GetRequiredService<ILoggerFactory>();
        return options.Engine switch
        {
            OcrEngines.TesseractCli => new TesseractCliEngine(options.Tesseract, loggers.CreateLogger<TesseractCliEngine>()),
            OcrEngines.DocumentIntelligence => new DocumentIntelligenceOcrEngine(
                options.DocumentIntelligence, loggers.CreateLogger<DocumentIntelligenceOcrEngine>(), services.GetService<TokenCredential>()),
            _ => new TesseractLibraryEngine(options.Tesseract, loggers.CreateLogger<TesseractLibraryEngine>()),
        };
    }
}

/// <summary>Fails start-up when the OCR configuration cannot work, naming the setting.</summary>
public sealed class OcrOptionsValidator : IValidateOptions<OcrOptions>
{
    public ValidateOptionsResult Validate(string? name, OcrOptions options)
    {
        var errors = new List<string>();
        if (options.Engine is not (OcrEngines.Tesseract or OcrEngines.TesseractCli or OcrEngines.DocumentIntelligence))
        {
            errors.Add($"FoiPipeline:Ocr:Engine = '{options.Engine}' is not an OCR engine; use {OcrEngines.Tesseract}, {OcrEngines.TesseractCli} or {OcrEngines.DocumentIntelligence}.");
        }

        if (options.Engine == OcrEngines.DocumentIntelligence && options.DocumentIntelligence.Endpoint is null)
        {
            errors.Add("FoiPipeline__Ocr__DocumentIntelligence__Endpoint (FoiPipeline:Ocr:DocumentIntelligence:Endpoint in JSON settings) is required " +
                "when the OCR engine is document-intelligence, as it is in Azure unless FoiPipeline__Ocr__Engine says otherwise: " +
                "set it to the resource's https URL, e.g. https://my-resource.cognitiveservices.azure.com/.");
        }

        if (options.RenderDpi is < 72 or > 1200)
        {
            errors.Add($"FoiPipeline:Ocr:RenderDpi must be between 72 and 1200 (got {options.RenderDpi}); 300 is right for OCR.");
        }

        if (options.Tesseract.MaxConcurrency < 1)
        {
            errors.Add("FoiPipeline:Ocr:Tesseract:MaxConcurrency must be 1 or more.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
