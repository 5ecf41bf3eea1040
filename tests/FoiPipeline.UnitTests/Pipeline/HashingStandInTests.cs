using System.IO.Hashing;

namespace FoiPipeline.UnitTests.Pipeline;

/// <summary>
/// The storage SDK derives its CRC-64 from System.IO.Hashing's base class; where the real package is not
/// served we build our own (build/shims). These prove the one the build resolved is complete.
/// </summary>
public class HashingStandInTests
{
    private sealed class Sum8() : NonCryptographicHashAlgorithm(1)
    {
        private byte _sum;

        public override void Append(ReadOnlySpan<byte> source)
        {
            foreach (var b in source)
            {
                _sum += b;
            }
        }

        public override void Reset() => _sum = 0;

        protected override void GetCurrentHashCore(Span<byte> destination) => destination[0] = _sum;
    }

    [Fact]
    public void The_resolved_assembly_has_the_identity_azure_storage_binds_to()
    {
        var name = typeof(NonCryptographicHashAlgorithm).Assembly.GetName();
        Assert.Equal("System.IO.Hashing", name.Name);
        Assert.Equal(new Version(6, 0, 0, 0), name.Version);
        Assert.Equal("cc7b13ffcd2ddd51", Convert.ToHexStringLower(name.GetPublicKeyToken()!));
    }

    [Fact]
    public void The_base_class_builds_every_entry_point_on_the_three_a_hash_provides()
    {
        var hash = new Sum8();
        hash.Append([1, 2]);
        hash.Append(new MemoryStream([3, 4]));
        Assert.Equal([10], hash.GetCurrentHash());

        Span<byte> tooSmall = [];
        Assert.False(hash.TryGetCurrentHash(tooSmall, out var written));
        Assert.Equal(0, written);

        Assert.Equal([10], hash.GetHashAndReset());
        Assert.Equal([0], hash.GetCurrentHash());
        Assert.Throws<ArgumentException>(() => hash.GetCurrentHash(Span<byte>.Empty));
    }

    [Fact]
    public async Task Streams_are_read_to_the_end_asynchronously()
    {
        var hash = new Sum8();
        await hash.AppendAsync(new MemoryStream(Enumerable.Repeat((byte)1, 10_000).ToArray()));
        Assert.Equal([unchecked((byte)10_000)], hash.GetCurrentHash());
    }
}
