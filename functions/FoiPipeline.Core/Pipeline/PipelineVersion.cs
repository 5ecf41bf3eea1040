using System.Reflection;

namespace FoiPipeline.Pipeline;

/// <summary>The version stamped on every output, so a reviewer can tell which build produced a request.</summary>
public static class PipelineVersion
{
    public static string Current { get; } =
        typeof(PipelineVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
