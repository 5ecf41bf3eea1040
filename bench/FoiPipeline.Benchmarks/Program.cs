using BenchmarkDotNet.Running;
using FoiPipeline.Benchmarks;

// dotnet run -c Release -- ocr             pages per second, in-process Tesseract against the CLI (BenchmarkDotNet)
// dotnet run -c Release -- scanned-pdf     a 50-page scanned PDF through the extractor: time and peak memory
// dotnet run -c Release -- analyzer [--out FILE]   letters analyzed per second per core, 1 KB to 50 KB, stage by stage
// dotnet run -c Release -- analyzer-letters DIR    writes the analyzer benchmark's three letters, to read them
// dotnet run -c Release -- pipeline --host foi.dll [--faults] [--letters N] [--out FILE] [--keep]
//                                          1,000 letters end to end through Azurite and the local host (scripts/bench-pipeline.sh,
//                                          scripts/bench-faults.sh): letters/s, upload-to-searchable latency, host peak memory
// dotnet run -c Release -- make-pdf FILE   (used by scanned-pdf) writes the 50-page scan in a separate process
return args.FirstOrDefault() switch
{
    "ocr" => RunOcr(args[1..]),
    "analyzer" => AnalyzerRun.Run(args[1..]),
    "analyzer-letters" => AnalyzerRun.WriteLetters(args[1]),
    "scanned-pdf" => await ScannedPdfRun.RunAsync(args[1..]),
    "pipeline" => await PipelineRun.RunAsync(args[1..]),
    "make-pdf" => await ScannedPdfRun.MakePdfAsync(args[1]),
    _ => Usage(),
};

static int RunOcr(string[] rest)
{
    BenchmarkRunner.Run<OcrEngineBenchmarks>(args: rest);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: FoiPipeline.Benchmarks ocr | analyzer [--out FILE] | analyzer-letters DIR | scanned-pdf [--engine tesseract|tesseract-cli] [--out FILE] | make-pdf FILE | pipeline --host foi.dll [--faults] [--letters N] [--out FILE] [--keep]");
    return 2;
}
