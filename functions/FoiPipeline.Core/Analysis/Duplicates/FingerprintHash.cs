using System.Numerics;

namespace FoiPipeline.Analysis.Duplicates;

/// <summary>
/// The fixed, platform-independent 64-bit hashing the fingerprints are built from. Signatures are stored
/// in an index and compared across processes and machines, so nothing here may depend on a per-process
/// seed (<see cref="string.GetHashCode()"/>) or on the platform's byte order.
/// </summary>
internal static class FingerprintHash
{
    // FNV-1a (Fowler, Noll, Vo), 64-bit parameters, applied per Unicode scalar value rather than per byte.
    public const ulong FnvOffsetBasis = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    public static ulong FoldFnv(ulong hash, int value) => (hash ^ (uint)value) * FnvPrime;

    /// <summary>
    /// The 64-bit finaliser of MurmurHash3: every input bit flips about half the output bits. FNV-1a alone
    /// leaves the high bits of short inputs poorly mixed, and MinHash orders values by their high bits.
    /// </summary>
    public static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xFF51AFD7ED558CCDUL;
        x ^= x >> 33;
        x *= 0xC4CEB9FE1A85EC53UL;
        x ^= x >> 33;
        return x;
    }

    /// <summary>Order-sensitive combination of word hashes into one shingle hash ("a b c" differs from "c b a").</summary>
    public static ulong Combine(ReadOnlySpan<ulong> words)
    {
        // Seeded with the length so a short text's only shingle never equals a longer shingle by construction.
        var hash = 0x9E3779B97F4A7C15UL * (ulong)(words.Length + 1);
        foreach (var word in words)
        {
            hash = BitOperations.RotateLeft(hash, 27) ^ word;
        }

        return Mix(hash);
    }

    /// <summary>
    /// SplitMix64 (Steele, Lea and Flood): a fixed stream of well-spread constants from a fixed seed, used to
    /// make the permutation parameters instead of pasting 256 literals into the source.
    /// </summary>
    public static ulong NextSplitMix(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
