namespace FoiPipeline.Pipeline;

/// <summary>Reads an authority's own copy of a data file (taxonomy, referral table, holiday tables).</summary>
internal static class DataFile
{
    /// <summary>
    /// Opens <paramref name="path"/> and reads it with <paramref name="read"/>; a file that cannot be opened
    /// (missing, unreadable, no permission) becomes one message naming what it was and where.
    /// </summary>
    /// <exception cref="InvalidOperationException">The file cannot be read, or <paramref name="read"/> refused it.</exception>
    public static T Read<T>(string path, string what, Func<Stream, string, T> read)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return read(stream, path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Cannot read the {what} '{path}': {ex.Message}", ex);
        }
    }
}
