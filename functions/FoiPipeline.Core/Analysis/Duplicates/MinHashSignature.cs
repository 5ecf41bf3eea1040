using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace FoiPipeline.Analysis.Duplicates;

/// <summary>
/// A text's MinHash signature: for each of <see cref="MinHasher.HashCount"/> fixed hash functions, the smallest
/// hash over the text's shingles. Two signatures agree in a slot with probability equal to the Jaccard
/// similarity of the two shingle sets, so the share of equal slots estimates it. Immutable and compact
/// (about 0.5 KB) so it can be kept in an index beside the request and compared without the text.
/// </summary>
public sealed class MinHashSignature : IEquatable<MinHashSignature>
{
    /// <summary>The serialised format's version: bump it whenever normalisation, shingling or hashing changes, since old signatures then no longer compare.</summary>
    public const byte FormatVersion = 1;

    private const int HeaderLength = 1 + sizeof(ushort) + sizeof(ulong);

    private readonly uint[] _values;

    private MinHashSignature(uint[] values, ulong contentHash)
    {
        _values = values;
        ContentHash = contentHash;
    }

    /// <summary>The signature of a text with no words: it matches nothing, not even another empty text.</summary>
    public static MinHashSignature Empty { get; } = new([], 0);

    /// <summary>A hash of the whole normalised word sequence: equal for texts that differ only in case, spacing and punctuation.</summary>
    public ulong ContentHash { get; }

    /// <summary>The number of slots (hash functions); 0 when the text had no words.</summary>
    public int Length => _values.Length;

    public bool IsEmpty => _values.Length == 0;

    public ReadOnlySpan<uint> Values => _values;

    public uint this[int index] => _values[index];

    /// <summary>
    /// The estimated Jaccard similarity of the two texts' shingle sets, from 0 to 1: the share of slots where
    /// the signatures agree. Its standard error is sqrt(s(1-s)/n), about 0.04 at s = 0.6 with 128 slots.
    /// An empty signature is 0 against anything.
    /// </summary>
    public double Similarity(MinHashSignature other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (IsEmpty || other.IsEmpty)
        {
            return 0;
        }

        if (other.Length != Length)
        {
            throw new ArgumentException($"Signatures of {Length} and {other.Length} slots come from different schemes and do not compare.", nameof(other));
        }

        var a = _values.AsSpan();
        var b = other._values.AsSpan();
        var equal = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] == b[i])
            {
                equal++;
            }
        }

        return (double)equal / a.Length;
    }

    /// <summary>True when both texts have the same normalised words in the same order.</summary>
    public bool IsSameText(MinHashSignature other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return !IsEmpty && !other.IsEmpty && ContentHash == other.ContentHash && Length == other.Length;
    }

    /// <summary>
    /// The signature as bytes, little-endian on every platform: version (1 byte), slot count (2), content
    /// hash (8), then each slot (4). 523 bytes for 128 slots.
    /// </summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[HeaderLength + (sizeof(uint) * _values.Length)];
        bytes[0] = FormatVersion;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(1), (ushort)_values.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(3), ContentHash);
        for (var i = 0; i < _values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(HeaderLength + (sizeof(uint) * i)), _values[i]);
        }

        return bytes;
    }

    public string ToBase64() => Convert.ToBase64String(ToBytes());

    /// <summary>Reads a signature written by <see cref="ToBytes"/>; false for another format version or a damaged value.</summary>
    public static bool TryFromBytes(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out MinHashSignature? signature)
    {
        signature = null;
        if (bytes.Length < HeaderLength || bytes[0] != FormatVersion)
        {
            return false;
        }

        int count = BinaryPrimitives.ReadUInt16LittleEndian(bytes[1..]);
        if (bytes.Length != HeaderLength + (sizeof(uint) * count))
        {
            return false;
        }

        var contentHash = BinaryPrimitives.ReadUInt64LittleEndian(bytes[3..]);
        if (count == 0)
        {
            signature = Empty;
            return contentHash == 0;
        }

        var values = new uint[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(HeaderLength + (sizeof(uint) * i))..]);
        }

        signature = new MinHashSignature(values, contentHash);
        return true;
    }

    /// <summary>Reads a signature written by <see cref="ToBytes"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a signature of this format version.</exception>
    public static MinHashSignature FromBytes(ReadOnlySpan<byte> bytes)
        => TryFromBytes(bytes, out var signature)
            ? signature
            : throw new FormatException($"Not a version {FormatVersion} MinHash signature; recompute it from the text.");

    public static bool TryFromBase64(string? base64, [NotNullWhen(true)] out MinHashSignature? signature)
    {
        signature = null;
        if (base64 is null)
        {
            return false;
        }

        var buffer = new byte[(base64.Length * 3 / 4) + 3];
        return Convert.TryFromBase64String(base64, buffer, out var written)
            && TryFromBytes(buffer.AsSpan(0, written), out signature);
    }

    /// <exception cref="FormatException">The text is not a base64 signature of this format version.</exception>
    public static MinHashSignature FromBase64(string base64)
        => TryFromBase64(base64, out var signature)
            ? signature
            : throw new FormatException($"Not a base64 version {FormatVersion} MinHash signature; recompute it from the text.");

    public bool Equals(MinHashSignature? other)
        => other is not null && ContentHash == other.ContentHash && _values.AsSpan().SequenceEqual(other._values);

    public override bool Equals(object? obj) => Equals(obj as MinHashSignature);

    public override int GetHashCode() => HashCode.Combine(ContentHash, _values.Length, _values.Length > 0 ? _values[0] : 0);

    public override string ToString() => IsEmpty ? "MinHash(empty)" : $"MinHash({Length} slots, {_values[0]:x8}...)";

    /// <summary>Wraps slot values computed by <see cref="MinHasher"/>; takes ownership of the array.</summary>
    internal static MinHashSignature FromOwnedValues(uint[] values, ulong contentHash) => new(values, contentHash);
}
