namespace FoiPipeline.TestFixtures;

/// <summary>Reads the files shipped inside this assembly (Files/*), which were made once with tools CI does not have.</summary>
internal static class FixtureResources
{
    public static byte[] Read(string fileName)
    {
        var name = $"FoiPipeline.TestFixtures.Files.{fileName}";
        using var stream = typeof(FixtureResources).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded resource {name} is missing from the fixture assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
