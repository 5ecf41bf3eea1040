using System.Numerics;

namespace FoiPipeline.Analysis.Duplicates;

/// <summary>
/// Locality-sensitive hashing by banding (Leskovec, Rajaraman and Ullman, "Mining of Massive Datasets",
/// ch. 3): the signature is cut into <see cref="Bands"/> bands of <see cref="RowsPerBand"/> slots, and each
/// band becomes one <see cref="BandKey"/>. Two texts of Jaccard similarity s share at least one key with
/// probability 1 - (1 - s^r)^b, an S-curve, so an index lookup on the keys finds likely duplicates without
/// comparing the new request against every stored one.
/// </summary>
public sealed class LshBanding
{
    // Keys of different bands already differ in their top byte; the seed only keeps band hashes unrelated
    // to any other use of the same mixing function.
    private const ulong BandSeed = 0x4241_4E44_4B45_5931UL;

    public LshBanding(int bands, int rowsPerBand)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bands, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bands, byte.MaxValue + 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rowsPerBand, 1);
        Bands = bands;
        RowsPerBand = rowsPerBand;
    }

    /// <summary>
    /// 32 bands of 4 rows over the 128 slots. The S-curve's threshold (1/b)^(1/r) = (1/32)^(1/4) = 0.42, its
    /// steepest point, sits below <see cref="DuplicateMatcher.DefaultThreshold"/> (0.6) on purpose: a pair at
    /// the match threshold must already be a near-certain candidate, because one the index never returns is
    /// a repeat nobody sees. Candidate probability 1 - (1 - s^4)^32: 0.05 at s = 0.2 (different letters on
    /// one topic), 0.23 at 0.3, 0.87 at 0.5, 0.988 at 0.6, 0.9998 at 0.7. 16 x 8 would put the threshold at
    /// 0.71 and miss four in ten pairs at 0.7; the extra candidates of 32 x 4 cost a 128-slot comparison each.
    /// </summary>
    public static LshBanding Default { get; } = new(32, 4);

    public int Bands { get; }

    public int RowsPerBand { get; }

    /// <summary>The similarity where the S-curve is steepest, (1/b)^(1/r): pairs above it are likely candidates, pairs below it unlikely.</summary>
    public double Threshold => Math.Pow(1.0 / Bands, 1.0 / RowsPerBand);

    /// <summary>The probability that two texts of Jaccard similarity <paramref name="similarity"/> share at least one band key.</summary>
    public double CandidateProbability(double similarity)
        => 1 - Math.Pow(1 - Math.Pow(similarity, RowsPerBand), Bands);

    /// <summary>One key per band; none for an empty signature, which matches nothing.</summary>
    /// <exception cref="ArgumentException">The signature has fewer slots than bands x rows.</exception>
    public BandKey[] Keys(MinHashSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (signature.IsEmpty)
        {
            return [];
        }

        if (signature.Length < Bands * RowsPerBand)
        {
            throw new ArgumentException(
                $"A signature of {signature.Length} slots cannot fill {Bands} bands of {RowsPerBand} rows.", nameof(signature));
        }

        var values = signature.Values;
        var keys = new BandKey[Bands];
        for (var band = 0; band < keys.Length; band++)
        {
            var hash = FingerprintHash.Mix(BandSeed ^ (ulong)band);
            foreach (var value in values.Slice(band * RowsPerBand, RowsPerBand))
            {
                hash = FingerprintHash.Mix(BitOperations.RotateLeft(hash, 32) ^ value);
            }

            keys[band] = BandKey.Create(band, hash);
        }

        return keys;
    }

    public override string ToString() => $"{Bands} bands x {RowsPerBand} rows (threshold {Threshold:0.00})";
}
