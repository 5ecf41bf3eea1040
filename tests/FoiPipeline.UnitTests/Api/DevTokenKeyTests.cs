using FoiPipeline.Api.Authentication;

namespace FoiPipeline.UnitTests.Api;

public sealed class DevTokenKeyTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "foi-key-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private string KeyPath => Path.Combine(_directory, "nested", "dev-token.key");

    [Fact]
    public void The_key_is_created_on_first_use_readable_by_its_owner_only_and_reused_after()
    {
        var first = DevTokenKey.LoadOrCreate(KeyPath);
        var written = File.GetLastWriteTimeUtc(KeyPath);
        var second = DevTokenKey.LoadOrCreate(KeyPath);

        Assert.Equal(DevTokenKey.Length, first.Length);
        Assert.Equal(first, second);
        Assert.Equal(written, File.GetLastWriteTimeUtc(KeyPath));
        Assert.Equal(Convert.ToBase64String(first), File.ReadAllText(KeyPath).Trim());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
        }
    }

    [Fact]
    public void Two_data_folders_get_different_keys()
    {
        var one = DevTokenKey.LoadOrCreate(Path.Combine(_directory, "one", "dev-token.key"));
        var two = DevTokenKey.LoadOrCreate(Path.Combine(_directory, "two", "dev-token.key"));

        Assert.NotEqual(one, two);
    }

    [Fact]
    public async Task Processes_creating_the_key_at_once_all_end_up_with_one_key_and_no_leftover_files()
    {
        using var start = new Barrier(16);
        var keys = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                return Convert.ToBase64String(DevTokenKey.LoadOrCreate(KeyPath));
            },
            TaskCreationOptions.LongRunning)));

        Assert.Single(keys.Distinct());
        Assert.Equal(keys[0], File.ReadAllText(KeyPath).Trim());
        Assert.Equal([KeyPath], Directory.GetFiles(Path.GetDirectoryName(KeyPath)!));
    }

    [Fact]
    public void A_key_file_that_is_too_short_is_a_clear_error()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(KeyPath)!);
        File.WriteAllText(KeyPath, Convert.ToBase64String(new byte[16]));

        var ex = Assert.Throws<InvalidOperationException>(() => DevTokenKey.LoadOrCreate(KeyPath));

        Assert.Contains(KeyPath, ex.Message, StringComparison.Ordinal);
        Assert.Contains("holds 16 bytes; at least 32", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Delete it", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_file_that_is_not_base64_is_a_clear_error()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(KeyPath)!);
        File.WriteAllText(KeyPath, "this is not a key");

        var ex = Assert.Throws<InvalidOperationException>(() => DevTokenKey.LoadOrCreate(KeyPath));

        Assert.Contains("is not base64", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_path_that_cannot_be_read_is_a_clear_error()
    {
        // A folder where the file should be: unreadable as a file, whoever runs the test (root ignores file modes).
        Directory.CreateDirectory(KeyPath);

        var ex = Assert.Throws<InvalidOperationException>(() => DevTokenKey.LoadOrCreate(KeyPath));

        Assert.Contains(KeyPath, ex.Message, StringComparison.Ordinal);
    }
}
