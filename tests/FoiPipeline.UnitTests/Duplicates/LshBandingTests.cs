using FoiPipeline.Analysis.Duplicates;
using Xunit.Abstractions;

namespace FoiPipeline.UnitTests.Duplicates;

public class LshBandingTests(ITestOutputHelper output)
{
    // Words of police FOI letters, from which the recall trials build requests of 40 to 240 words.
    private static readonly string[] Vocabulary = """
        please provide the number of arrests stops searches officers staff complaints incidents reports
        made by force in each year from 2019 2020 2021 2022 2023 2024 under section 60 41 43 Terrorism Act
        Police and Criminal Evidence total cost spent on overtime training Taser firearms dogs drones body
        worn video cameras ANPR facial recognition custody suites detained held charged released without
        charge bail cautions penalty notices victims offenders aged under 18 ethnicity gender broken down
        by month quarter district borough ward neighbourhood team unit command counter covert human
        intelligence sources payments authorisations surveillance interception communications data
        requests refused granted copy policy guidance assessment equality impact protection what how many
        which whether when where who and or for to with at as a an any all each those these that this
        recorded held information Freedom Act 2000 I would like request following cost limit spreadsheet
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void The_default_banding_is_32_bands_of_4_rows_with_its_s_curve_below_the_match_threshold()
    {
        var banding = LshBanding.Default;

        Assert.Equal(MinHasher.HashCount, banding.Bands * banding.RowsPerBand);
        Assert.Equal(0.42, banding.Threshold, 2);
        Assert.True(banding.Threshold < DuplicateMatcher.DefaultThreshold);
        Assert.True(banding.CandidateProbability(DuplicateMatcher.DefaultThreshold) > 0.98);
        Assert.True(banding.CandidateProbability(0.2) < 0.06);
    }

    [Fact]
    public void A_signature_gives_one_key_per_band_carrying_its_band_number()
    {
        var keys = LshBanding.Default.Keys(MinHasher.Compute(Letters.TaserUse));

        Assert.Equal(Enumerable.Range(0, LshBanding.Default.Bands), keys.Select(k => k.Band));
        Assert.Equal(keys.Length, keys.Distinct().Count());
    }

    [Fact]
    public void Bands_holding_the_same_values_still_give_different_keys()
    {
        // Every slot 7: without the band number band 0 of one request could meet band 1 of another.
        var bytes = new byte[1 + 2 + 8 + (4 * 8)];
        bytes[0] = MinHashSignature.FormatVersion;
        bytes[1] = 8;
        bytes[3] = 1;
        for (var i = 11; i < bytes.Length; i += 4)
        {
            bytes[i] = 7;
        }

        var keys = new LshBanding(2, 4).Keys(MinHashSignature.FromBytes(bytes));

        Assert.Equal([0, 1], keys.Select(k => k.Band));
        Assert.NotEqual(keys[0].Value & BandKey.HashMask, keys[1].Value & BandKey.HashMask);
    }

    [Fact]
    public void A_banding_needing_more_slots_than_the_signature_has_is_refused()
        => Assert.Throws<ArgumentException>(() => new LshBanding(40, 4).Keys(MinHasher.Compute(Letters.TaserUse)));

    [Fact]
    public void Near_duplicate_letters_share_a_band_key_and_different_letters_on_one_topic_do_not()
    {
        var original = LshBanding.Default.Keys(MinHasher.Compute(Letters.TaserUse));
        var reordered = LshBanding.Default.Keys(MinHasher.Compute(Letters.TaserUseReordered));
        var cameras = LshBanding.Default.Keys(MinHasher.Compute(Letters.AnprCameras));
        var hotlists = LshBanding.Default.Keys(MinHasher.Compute(Letters.AnprHotlists));

        Assert.NotEmpty(original.Intersect(reordered));
        Assert.Empty(cameras.Intersect(hotlists));
    }

    [Fact]
    public void Pairs_above_the_match_threshold_share_a_band_key_in_nearly_all_trials()
    {
        // Observed with this seed: 344 of 344 pairs at or above 0.6 shared a band key (100%; the S-curve
        // predicts 99.9% for their similarities), 103 of 103 between 0.6 and 0.7; 55 of the 56 pairs below 0.6
        // were candidates too (the matcher then drops them). Estimates were off by 0.03 on average.
        const int Trials = 400;
        var random = new Random(20_260_401);
        int above = 0, foundAbove = 0, nearThreshold = 0, foundNearThreshold = 0, below = 0, foundBelow = 0;
        double predictedAbove = 0, totalError = 0, worstError = 0;
        for (var trial = 0; trial < Trials; trial++)
        {
            // Aim each pair at a similarity between 0.45 and 0.95: n words with m edits keep about
            // (n - 3m) / (n + 3m) of their three-word shingles.
            var words = RandomWords(random, random.Next(40, 241));
            var target = 0.45 + (0.5 * random.NextDouble());
            var edits = (int)Math.Round(words.Count * (1 - target) / (3 * (1 + target)));
            var (a, b) = (string.Join(' ', words), string.Join(' ', Edit(random, words, edits)));

            var exact = Shingles.Jaccard(a, b);
            var (first, second) = (MinHasher.Compute(a), MinHasher.Compute(b));
            var candidate = LshBanding.Default.Keys(first).Intersect(LshBanding.Default.Keys(second)).Any();
            var error = Math.Abs(first.Similarity(second) - exact);
            totalError += error;
            worstError = Math.Max(worstError, error);

            if (exact >= DuplicateMatcher.DefaultThreshold)
            {
                above++;
                foundAbove += candidate ? 1 : 0;
                predictedAbove += LshBanding.Default.CandidateProbability(exact);
                if (exact < DuplicateMatcher.DefaultThreshold + 0.1)
                {
                    nearThreshold++;
                    foundNearThreshold += candidate ? 1 : 0;
                }
            }
            else
            {
                below++;
                foundBelow += candidate ? 1 : 0;
            }
        }

        output.WriteLine($"At or above {DuplicateMatcher.DefaultThreshold}: {foundAbove}/{above} candidates ({(double)foundAbove / above:P1}), predicted {predictedAbove / above:P1}.");
        output.WriteLine($"Of those within 0.1 of the threshold: {foundNearThreshold}/{nearThreshold} ({(double)foundNearThreshold / nearThreshold:P1}).");
        output.WriteLine($"Below the threshold: {foundBelow}/{below} candidates ({(double)foundBelow / below:P1}); the matcher drops them.");
        output.WriteLine($"Estimate error: mean {totalError / Trials:0.000}, largest {worstError:0.000}.");

        Assert.True(above >= 200 && nearThreshold >= 50, $"{above} trials above the threshold, {nearThreshold} near it: aim the edits better.");
        Assert.True(foundAbove >= 0.97 * above, $"{foundAbove} of {above} pairs above the threshold shared a band key.");
        Assert.True(totalError / Trials < 0.05, $"Estimates were off by {totalError / Trials:0.000} on average.");
    }

    [Fact]
    public void A_band_key_reads_back_from_its_hex_and_integer_forms()
    {
        var key = BandKey.Create(31, 0xDEAD_BEEF_0123_4567UL);

        Assert.Equal(31, key.Band);
        Assert.Equal("1fadbeef01234567", key.ToString());
        Assert.Equal(key, BandKey.Parse(key.ToString()));
        Assert.Equal(key, BandKey.FromInt64(key.AsInt64));
        Assert.False(BandKey.TryParse("1fadbeef", out _));
        Assert.False(BandKey.TryParse("not a band key!!", out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => BandKey.Create(256, 0));
    }

    private static List<string> RandomWords(Random random, int count)
    {
        var words = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            words.Add(Vocabulary[random.Next(Vocabulary.Length)]);
        }

        return words;
    }

    // Substitutions, deletions and insertions at random places, as when a request is retyped or adapted.
    private static List<string> Edit(Random random, List<string> words, int edits)
    {
        var edited = new List<string>(words);
        for (var i = 0; i < edits && edited.Count > 1; i++)
        {
            var at = random.Next(edited.Count);
            switch (random.Next(3))
            {
                case 0:
                    edited[at] = Vocabulary[random.Next(Vocabulary.Length)];
                    break;
                case 1:
                    edited.RemoveAt(at);
                    break;
                default:
                    edited.Insert(at, Vocabulary[random.Next(Vocabulary.Length)]);
                    break;
            }
        }

        return edited;
    }
}
