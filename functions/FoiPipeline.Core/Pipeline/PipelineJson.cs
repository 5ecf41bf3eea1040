using System.Text.Json;
using System.Text.Json.Serialization;

namespace FoiPipeline.Pipeline;

/// <summary>The one JSON shape used for every blob and message the pipeline writes: camelCase, kebab-case enums.</summary>
public static class PipelineJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: false);

    /// <summary>For files a person reads: quarantine reasons, CLI output with <c>--pretty</c>.</summary>
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = indented,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
