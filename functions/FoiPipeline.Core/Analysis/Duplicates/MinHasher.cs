namespace FoiPipeline.Analysis.Duplicates;

/// <summary>
/// Computes a text's <see cref="MinHashSignature"/> (Broder, "On the resemblance and containment of
/// documents", 1997): each shingle is hashed once to 64 bits, then put through <see cref="HashCount"/>
/// fixed permutations x -> a*x + b (mod 2^64, a odd, so each is a bijection) and the minimum per permutation
/// is kept. Deterministic across processes and machines: the parameters come from a fixed seed.
/// </summary>
public static class MinHasher
{
    /// <summary>
    /// 128 slots: the estimate's standard error is about 0.04 near the match threshold, enough to tell a
    /// re-sent request (0.6 and up) from a different letter on the same topic (under 0.15 in the tests), and 128
    /// splits into the LSH bands of <see cref="LshBanding.Default"/>. More slots cost time and index space
    /// (4 bytes each) and sharpen an estimate that a reviewer reads as a percentage anyway.
    /// </summary>
    public const int HashCount = 128;

    // "FOIPipe1" in ASCII. Changing it (or the hashing in FingerprintHash and Shingles) changes every
    // signature: bump MinHashSignature.FormatVersion and recompute the stored ones.
    private const ulong PermutationSeed = 0x464F_4950_6970_6531UL;

    private static readonly ulong[] Multipliers = Parameters(odd: true);
    private static readonly ulong[] Increments = Parameters(odd: false);

    /// <summary>
    /// The signature of a letter's request: the words of <paramref name="spans"/> read as one text, or of the
    /// whole text when there are none. Greetings, sign-offs (with the requester's name) and quoted earlier
    /// correspondence say nothing about what is asked, and in a short letter they would outweigh a real
    /// difference in the questions; without them a round-robin request sent with different greetings and
    /// signatures is an exact copy.
    /// </summary>
    public static MinHashSignature ComputeForRequest(string text, IReadOnlyList<(int Start, int End)> spans)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(spans);
        if (spans.Count == 0)
        {
            return Compute(text);
        }

        // Spans are joined with a line break so the last word of one and the first of the next stay two words.
        var joined = string.Join('\n', spans.Select(span =>
        {
            var start = Math.Clamp(span.Start, 0, text.Length);
            return text[start..Math.Clamp(span.End, start, text.Length)];
        }));
        var request = Compute(joined);
        return request.IsEmpty ? Compute(text) : request;
    }

    /// <summary>The signature of a text; <see cref="MinHashSignature.Empty"/> when it has no words.</summary>
    public static MinHashSignature Compute(ReadOnlySpan<char> text)
    {
        Span<ulong> minimums = stackalloc ulong[HashCount];
        minimums.Fill(ulong.MaxValue);

        // Slicing all three to one length lets the JIT drop the bounds checks in the inner loop.
        ReadOnlySpan<ulong> multipliers = Multipliers.AsSpan(0, minimums.Length);
        ReadOnlySpan<ulong> increments = Increments.AsSpan(0, minimums.Length);

        var reader = new ShingleReader(text);
        var any = false;
        while (reader.TryRead(out var shingle))
        {
            any = true;
            for (var i = 0; i < minimums.Length; i++)
            {
                var permuted = (multipliers[i] * shingle) + increments[i];
                if (permuted < minimums[i])
                {
                    minimums[i] = permuted;
                }
            }
        }

        if (!any)
        {
            return MinHashSignature.Empty;
        }

        // Keeping the high 32 bits halves the stored size. Two different minima share them with probability
        // about n / 2^32 for a text of n shingles, far below the estimate's own error.
        var values = new uint[HashCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (uint)(minimums[i] >> 32);
        }

        return MinHashSignature.FromOwnedValues(values, reader.ContentHash);
    }

    // Multipliers and increments come from two separate fixed streams; a multiplier must be odd to be invertible.
    private static ulong[] Parameters(bool odd)
    {
        var state = odd ? PermutationSeed : ~PermutationSeed;
        var parameters = new ulong[HashCount];
        for (var i = 0; i < parameters.Length; i++)
        {
            parameters[i] = odd ? FingerprintHash.NextSplitMix(ref state) | 1UL : FingerprintHash.NextSplitMix(ref state);
        }

        return parameters;
    }
}
