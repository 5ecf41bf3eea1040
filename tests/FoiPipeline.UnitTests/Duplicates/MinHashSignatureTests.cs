using FoiPipeline.Analysis;
using FoiPipeline.Analysis.Duplicates;

namespace FoiPipeline.UnitTests.Duplicates;

public class MinHashSignatureTests
{
    private const string KnownText = "Please provide the number of Taser discharges by West Midlands Police in 2023.";

    [Fact]
    public void The_same_text_always_gives_the_same_signature()
    {
        var first = MinHasher.Compute(Letters.TaserUse);
        var second = MinHasher.Compute(new string(Letters.TaserUse.AsSpan()));

        Assert.Equal(first, second);
        Assert.Equal(first.ToBytes(), second.ToBytes());
        Assert.Equal(MinHasher.HashCount, first.Length);
    }

    [Fact]
    public void A_known_text_has_a_fixed_signature_so_a_change_of_hashing_is_caught()
    {
        // If this fails, stored signatures no longer compare with new ones: bump
        // MinHashSignature.FormatVersion, recompute what is stored, then update these values.
        var signature = MinHasher.Compute(KnownText);

        Assert.Equal(new uint[] { 631505500, 702517538, 1264900105, 144441152 }, signature.Values[..4].ToArray());
        Assert.Equal(4742437601111126450UL, signature.ContentHash);
        Assert.Equal("00c332167ca848ac", LshBanding.Default.Keys(signature)[0].ToString());
    }

    [Fact]
    public void Identical_texts_estimate_a_similarity_of_one()
        => Assert.Equal(1.0, MinHasher.Compute(Letters.AnprCameras).Similarity(MinHasher.Compute(Letters.AnprCameras)));

    [Fact]
    public void Texts_that_differ_only_in_layout_are_the_same_text()
    {
        var a = MinHasher.Compute("How many officers are trained to carry Taser?");
        var b = MinHasher.Compute("how many officers  are trained\nto carry TASER");
        var c = MinHasher.Compute("How many officers are trained to carry Taser in 2024?");

        Assert.True(a.IsSameText(b));
        Assert.False(a.IsSameText(c));
    }

    [Fact]
    public void The_estimate_is_close_to_the_exact_similarity_of_real_letters()
    {
        string[] letters = [Letters.TaserUse, Letters.TaserUseNewGreetingAndYears, Letters.TaserUseReordered,
            Letters.TaserUseReworded, Letters.AnprCameras, Letters.AnprHotlists, Letters.CounterTerrorismArrests];
        foreach (var a in letters)
        {
            foreach (var b in letters)
            {
                var estimate = MinHasher.Compute(a).Similarity(MinHasher.Compute(b));
                Assert.InRange(estimate - Shingles.Jaccard(a, b), -0.12, 0.12);
            }
        }
    }

    [Fact]
    public void A_letter_is_fingerprinted_on_its_body_without_greeting_or_sign_off()
    {
        var first = Letters.FacialRecognitionCampaign("Dear FOI Officer,", "Yours faithfully,\nJane Holt");
        var second = Letters.FacialRecognitionCampaign("To whom it may concern,", "Kind regards,\n\nMohammed Rahman\nmrahman@example.org");

        var a = MinHasher.ComputeForRequest(first, Letters.RequestSpans(first));
        var b = MinHasher.ComputeForRequest(second, Letters.RequestSpans(second));

        Assert.True(a.IsSameText(b));
        Assert.Equal(MinHasher.Compute(Letters.FacialRecognitionCampaignBody), a);
    }

    [Fact]
    public void A_letter_with_no_recognisable_body_is_fingerprinted_whole()
    {
        const string text = "Dear team,\n\nYours sincerely,\nJo Bloggs\n";

        Assert.Equal(MinHasher.Compute(text), MinHasher.ComputeForRequest(text, Letters.RequestSpans(text)));
    }

    [Theory]
    [InlineData("Taser")]
    [InlineData("Taser figures")]
    [InlineData("How many Tasers?")]
    public void A_very_short_text_still_has_a_signature_that_matches_itself(string text)
    {
        var signature = MinHasher.Compute(text);

        Assert.False(signature.IsEmpty);
        Assert.Equal(1.0, signature.Similarity(MinHasher.Compute(text)));
        Assert.Equal(LshBanding.Default.Bands, LshBanding.Default.Keys(signature).Length);
    }

    [Fact]
    public void Two_different_short_requests_share_nothing()
        => Assert.True(MinHasher.Compute("How many Tasers?").Similarity(MinHasher.Compute("How many police dogs?")) < 0.1);

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t")]
    [InlineData("-- ?! ... ()")]
    public void A_text_without_words_is_empty_and_matches_nothing_not_even_itself(string text)
    {
        var signature = MinHasher.Compute(text);

        Assert.Same(MinHashSignature.Empty, signature);
        Assert.Equal(0, signature.Similarity(MinHasher.Compute(text)));
        Assert.False(signature.IsSameText(MinHashSignature.Empty));
        Assert.Empty(LshBanding.Default.Keys(signature));
    }

    [Fact]
    public void A_signature_survives_a_round_trip_through_bytes_and_base64()
    {
        var signature = MinHasher.Compute(Letters.TaserUse);

        var bytes = signature.ToBytes();
        var fromBytes = MinHashSignature.FromBytes(bytes);
        var fromBase64 = MinHashSignature.FromBase64(signature.ToBase64());

        Assert.Equal(1 + 2 + 8 + (4 * MinHasher.HashCount), bytes.Length);
        Assert.Equal(signature, fromBytes);
        Assert.Equal(signature, fromBase64);
        Assert.Equal(signature.ContentHash, fromBase64.ContentHash);
        Assert.Equal(1.0, fromBase64.Similarity(signature));
        Assert.True(fromBase64.IsSameText(signature));
    }

    [Fact]
    public void The_empty_signature_survives_a_round_trip()
        => Assert.Same(MinHashSignature.Empty, MinHashSignature.FromBase64(MinHashSignature.Empty.ToBase64()));

    [Fact]
    public void Bytes_of_another_format_version_or_a_damaged_value_are_refused()
    {
        var bytes = MinHasher.Compute(Letters.TaserUse).ToBytes();
        var otherVersion = (byte[])bytes.Clone();
        otherVersion[0] = MinHashSignature.FormatVersion + 1;

        Assert.False(MinHashSignature.TryFromBytes(otherVersion, out _));
        Assert.False(MinHashSignature.TryFromBytes(bytes.AsSpan(0, bytes.Length - 1), out _));
        Assert.False(MinHashSignature.TryFromBytes([], out _));
        Assert.False(MinHashSignature.TryFromBase64("not base64!", out _));
        Assert.False(MinHashSignature.TryFromBase64(null, out _));
        Assert.Throws<FormatException>(() => MinHashSignature.FromBytes(otherVersion));
    }
}
