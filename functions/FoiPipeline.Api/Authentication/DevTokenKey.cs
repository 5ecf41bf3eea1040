using System.Security.Cryptography;

namespace FoiPipeline.Api.Authentication;

/// <summary>
/// The key that signs development tokens: 32 random bytes, base64, in a file in the local data folder, so
/// the host and <c>foi token</c> share it and each data folder has its own. Created on first use, readable
/// by its owner only.
/// </summary>
public static class DevTokenKey
{
    /// <summary>HS256 wants a key at least as long as its 32-byte output (RFC 7518 §3.2).</summary>
    public const int Length = 32;

    public const string DefaultFileName = "dev-token.key";

    /// <summary>The key in <paramref name="path"/>, creating the file first if there is none.</summary>
    /// <exception cref="InvalidOperationException">The file cannot be read or written, or does not hold a usable key.</exception>
    public static byte[] LoadOrCreate(string path)
    {
        path = Path.GetFullPath(path);
        if (!File.Exists(path))
        {
            TryCreate(path);
        }

        // A file another process created a moment ago may not hold its key yet: give it a moment before calling it broken.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return Load(path);
            }
            catch (InvalidOperationException) when (attempt < 100 && DateTime.UtcNow - File.GetLastWriteTimeUtc(path) < TimeSpan.FromSeconds(5))
            {
                Thread.Sleep(20);
            }
        }
    }

    /// <summary>The key in an existing file.</summary>
    /// <exception cref="InvalidOperationException">The file is missing or unreadable, is not base64, or is shorter than <see cref="Length"/> bytes.</exception>
    public static byte[] Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException(
                $"Cannot read the development token key {path}: {ex.Message} Fix its permissions, or delete it to make a new key (tokens already issued stop working).", ex);
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException(
                $"The development token key {path} is not base64. Delete it to make a new key (tokens already issued stop working).", ex);
        }

        if (key.Length < Length)
        {
            throw new InvalidOperationException(
                $"The development token key {path} holds {key.Length} bytes; at least {Length} are needed. Delete it to make a new key (tokens already issued stop working).");
        }

        return key;
    }

    /// <summary>
    /// Creates the key file exclusively (O_CREAT|O_EXCL, atomic on every file system, unlike a rename without
    /// overwrite, which .NET cannot make atomic where hard links are missing), so when processes race exactly one
    /// writes a key and the others read it.
    /// </summary>
    private static void TryCreate(string path)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.Read };
            if (!OperatingSystem.IsWindows())
            {
                // Set at creation, so the key is never readable by others, not even for a moment.
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using var stream = new FileStream(path, options);
            stream.Write(System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(Length)) + "\n"));
            stream.Flush(flushToDisk: true);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created the key first; LoadOrCreate reads theirs.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"Cannot create the development token key {path}: {ex.Message}", ex);
        }
    }
}
