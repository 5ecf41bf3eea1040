namespace FoiPipeline.Local;

/// <summary>
/// Where the local host finds things: the repository (package.json for Azurite, host.json, the sample
/// letters) and its data folder (Azurite's files, the triage index), <c>.foi/</c> by default.
/// </summary>
public sealed record LocalPaths(string RepoRoot, string DataDirectory)
{
    public const string DataDirectoryVariable = "FOI_DATA_DIR";

    public string SampleLetters => Path.Combine(RepoRoot, "samples", "letters");

    public string AzuriteLocation => Path.Combine(DataDirectory, "azurite");

    public string StateFile => Path.Combine(DataDirectory, "local-host.json");

    /// <summary>host.json from the repository, or the copy beside the executable when run outside it.</summary>
    public string HostJson => File.Exists(Path.Combine(RepoRoot, "host.json"))
        ? Path.Combine(RepoRoot, "host.json")
        : Path.Combine(AppContext.BaseDirectory, "host.json");

    public string LocalSettings => Path.Combine(RepoRoot, "local.settings.json");

    public static LocalPaths Discover(string? dataDirectory = null)
    {
        var root = FindRepoRoot(Environment.CurrentDirectory) ?? FindRepoRoot(AppContext.BaseDirectory) ?? Environment.CurrentDirectory;
        var data = dataDirectory ?? Environment.GetEnvironmentVariable(DataDirectoryVariable) ?? Path.Combine(root, ".foi");
        return new LocalPaths(root, Path.GetFullPath(data));
    }

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds FoiPipeline.sln.</summary>
    public static string? FindRepoRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "FoiPipeline.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
