using FoiPipeline.Local.Hosting;
using FoiPipeline.Pipeline;
using FoiPipeline.Triage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FoiPipeline.Local.Cli;

/// <summary>Configuration for the one-shot commands, from the same sources the local host uses.</summary>
internal static class LocalConfiguration
{
    public static IConfiguration Build(LocalPaths paths) => new ConfigurationBuilder().AddLocalSources(paths.LocalSettings).Build();

    /// <exception cref="OptionsValidationException">A name in the configuration is not valid; the failures say which.</exception>
    public static PipelineOptions PipelineOptions(IConfiguration configuration)
    {
        var options = configuration.GetSection(Pipeline.PipelineOptions.SectionName).Get<PipelineOptions>() ?? new PipelineOptions();
        var result = new PipelineOptionsValidator().Validate(null, options);
        return result.Failed ? throw new OptionsValidationException(Pipeline.PipelineOptions.SectionName, typeof(PipelineOptions), result.Failures) : options;
    }

    /// <summary>Every configuration problem at once, so a person can fix them in one go; empty when all is well.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        var pipeline = configuration.GetSection(Pipeline.PipelineOptions.SectionName).Get<PipelineOptions>() ?? new PipelineOptions();
        var index = configuration.GetSection(TriageIndexOptions.SectionName).Get<TriageIndexOptions>() ?? new TriageIndexOptions();
        return [
            .. new PipelineOptionsValidator().Validate(null, pipeline).Failures ?? [],
            .. new TriageIndexOptionsValidator().Validate(null, index).Failures ?? [],
        ];
    }

    public static string TriageDatabase(LocalPaths paths, IConfiguration configuration)
    {
        var options = configuration.GetSection(TriageIndexOptions.SectionName).Get<TriageIndexOptions>() ?? new TriageIndexOptions();
        return Path.Combine(paths.DataDirectory, options.SqlitePath);
    }
}
