using System.Text;

namespace FoiPipeline.TestFixtures;

/// <summary>
/// How far extracted text is from the known text: character and word error rates (edit distance over
/// the expected length) after collapsing whitespace, so line wrapping and page layout do not count as errors.
/// </summary>
public static class TextMetrics
{
    /// <summary>
    /// Levenshtein distance between the whitespace-normalised texts divided by the normalised expected
    /// length: 0 is perfect; can exceed 1 when the actual text has much more in it. An empty expected text
    /// gives 0 when the actual text is empty too, else 1.
    /// </summary>
    public static double CharacterErrorRate(string expected, string actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var reference = NormalizeWhitespace(expected);
        var hypothesis = NormalizeWhitespace(actual);
        return Rate(LevenshteinDistance(reference.AsSpan(), hypothesis.AsSpan()), reference.Length, hypothesis.Length);
    }

    /// <summary>Like <see cref="CharacterErrorRate"/> but over words (whitespace-separated, compared exactly).</summary>
    public static double WordErrorRate(string expected, string actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        var reference = Words(expected);
        var hypothesis = Words(actual);
        return Rate(LevenshteinDistance<string>(reference, hypothesis), reference.Length, hypothesis.Length);
    }

    /// <summary>Collapses every run of whitespace (spaces, tabs, line and page breaks) to one space and trims the ends.</summary>
    public static string NormalizeWhitespace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = result.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                result.Append(' ');
                pendingSpace = false;
            }

            result.Append(c);
        }

        return result.ToString();
    }

    /// <summary>The least number of single-character insertions, deletions and substitutions turning one text into the other.</summary>
    public static int LevenshteinDistance(ReadOnlySpan<char> first, ReadOnlySpan<char> second)
        => LevenshteinDistance<char>(first, second);

    /// <summary>
    /// Edit distance over any sequence (characters, words). After skipping the common prefix and suffix it
    /// runs Myers' bit-parallel algorithm in Hyyrö's blocked form: 64 cells of the dynamic-programming table
    /// per machine word, so two 10,000-character pages compare in milliseconds even in a Debug build.
    /// </summary>
    public static int LevenshteinDistance<T>(ReadOnlySpan<T> first, ReadOnlySpan<T> second)
        where T : IEquatable<T>
    {
        var prefix = first.CommonPrefixLength(second);
        first = first[prefix..];
        second = second[prefix..];
        var suffix = 0;
        while (suffix < first.Length && suffix < second.Length && first[^(suffix + 1)].Equals(second[^(suffix + 1)]))
        {
            suffix++;
        }

        first = first[..^suffix];
        second = second[..^suffix];
        if (first.Length == 0 || second.Length == 0)
        {
            return first.Length + second.Length;
        }

        // The shorter sequence is the "pattern" held in bit vectors; the longer one is scanned.
        return first.Length <= second.Length ? BitParallelDistance(first, second) : BitParallelDistance(second, first);
    }

    private static int BitParallelDistance<T>(ReadOnlySpan<T> pattern, ReadOnlySpan<T> text)
        where T : IEquatable<T>
    {
        var blocks = (pattern.Length + 63) / 64;

        // For each distinct item, a bit mask of where it occurs in the pattern.
        var occurrences = new Dictionary<T, ulong[]>();
        for (var i = 0; i < pattern.Length; i++)
        {
            if (!occurrences.TryGetValue(pattern[i], out var mask))
            {
                mask = new ulong[blocks];
                occurrences[pattern[i]] = mask;
            }

            mask[i / 64] |= 1UL << (i % 64);
        }

        var none = new ulong[blocks];
        var positive = new ulong[blocks];
        var negative = new ulong[blocks];
        Array.Fill(positive, ulong.MaxValue);
        var lastBit = 1UL << ((pattern.Length - 1) % 64);
        var score = pattern.Length;

        foreach (var item in text)
        {
            var equal = occurrences.TryGetValue(item, out var found) ? found : none;

            // Each column of the table starts one higher than the last (row 0 is j), hence a carry of +1.
            var carry = 1;
            for (var b = 0; b < blocks; b++)
            {
                var top = b == blocks - 1 ? lastBit : 1UL << 63;
                var pv = positive[b];
                var mv = negative[b];
                var eq = equal[b];
                var xv = eq | mv;
                if (carry < 0)
                {
                    eq |= 1;
                }

                var xh = (((eq & pv) + pv) ^ pv) | eq;
                var ph = mv | ~(xh | pv);
                var mh = pv & xh;
                var carryOut = (ph & top) != 0 ? 1 : (mh & top) != 0 ? -1 : 0;
                ph <<= 1;
                mh <<= 1;
                if (carry < 0)
                {
                    mh |= 1;
                }
                else if (carry > 0)
                {
                    ph |= 1;
                }

                positive[b] = mh | ~(xv | ph);
                negative[b] = ph & xv;
                carry = carryOut;
            }

            score += carry;
        }

        return score;
    }

    private static string[] Words(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static double Rate(int distance, int expectedLength, int actualLength)
    {
        if (expectedLength == 0)
        {
            return actualLength == 0 ? 0 : 1;
        }

        return (double)distance / expectedLength;
    }
}
