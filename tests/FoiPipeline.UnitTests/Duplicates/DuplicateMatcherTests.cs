using FoiPipeline.Analysis;
using FoiPipeline.Analysis.Duplicates;

namespace FoiPipeline.UnitTests.Duplicates;

public class DuplicateMatcherTests
{
    private static readonly DateTimeOffset January = new(2026, 1, 12, 9, 30, 0, TimeSpan.Zero);

    private readonly DuplicateMatcher _matcher = new();

    internal static FingerprintRecord Request(string id, string letter, string? email, string? name, DateTimeOffset? receivedAt = null)
        => FingerprintRecord.Create(id, MinHasher.ComputeForRequest(letter, Letters.RequestSpans(letter)), email, name, receivedAt ?? January);

    [Theory]
    [InlineData(Letters.TaserUseNewGreetingAndYears)]
    [InlineData(Letters.TaserUseChangedYears)]
    [InlineData(Letters.TaserUseReordered)]
    [InlineData(Letters.TaserUseReworded)]
    public void A_request_re_sent_with_small_changes_is_found_with_high_similarity(string resent)
    {
        var original = Request("taser-1", Letters.TaserUse, "alex.morgan@example.com", "Alex Morgan");
        var again = Request("taser-2", resent, "alex.morgan@example.com", "Alex Morgan", January.AddDays(40));

        var match = Assert.Single(_matcher.Match(again, [original]));

        Assert.Equal("taser-1", match.RequestId);
        Assert.InRange(match.Similarity, 0.7, 0.99);
        Assert.False(match.IsExactCopy);
        Assert.Equal(January, match.ReceivedAt);
    }

    [Fact]
    public void A_short_request_re_sent_with_another_greeting_and_year_range_is_still_found()
    {
        var again = Letters.CounterTerrorismArrests
            .Replace("Dear Metropolitan Police Service,", "Hello,", StringComparison.Ordinal)
            .Replace("2020 to 2024", "2021 to 2025", StringComparison.Ordinal)
            .Replace("Many thanks,", "Regards,", StringComparison.Ordinal);

        var match = Assert.Single(_matcher.Match(
            Request("ct-2", again, null, "Priya Shah"),
            [Request("ct-1", Letters.CounterTerrorismArrests, null, "Priya Shah")]));

        Assert.Equal(DuplicateKind.Repeat, match.Kind);
        Assert.InRange(match.Similarity, 0.7, 0.95);
    }

    [Fact]
    public void The_same_requester_re_sending_is_a_repeat()
    {
        var original = Request("taser-1", Letters.TaserUse, "Alex.Morgan@Example.com", "Alex Morgan");
        var again = Request("taser-2", Letters.TaserUseNewGreetingAndYears, " <alex.morgan@example.com> ", "A. Morgan");

        Assert.Equal(DuplicateKind.Repeat, Assert.Single(_matcher.Match(again, [original])).Kind);
    }

    [Fact]
    public void Without_email_addresses_the_same_name_is_the_same_requester()
    {
        var original = Request("taser-1", Letters.TaserUse, null, "Mr Alex Morgan");
        var again = Request("taser-2", Letters.TaserUseReworded, null, "alex  morgan");

        Assert.Equal(DuplicateKind.Repeat, Assert.Single(_matcher.Match(again, [original])).Kind);
    }

    [Fact]
    public void Different_addresses_are_different_requesters_even_under_one_name()
    {
        var original = Request("taser-1", Letters.TaserUse, "alex@example.com", "Alex Morgan");
        var again = Request("taser-2", Letters.TaserUse, "a.morgan@example.net", "Alex Morgan");

        Assert.Equal(DuplicateKind.RoundRobin, Assert.Single(_matcher.Match(again, [original])).Kind);
    }

    [Fact]
    public void WhatDoTheyKnow_reply_addresses_are_per_request_so_the_name_decides()
    {
        var original = Request("taser-1", Letters.TaserUse, "foi+request-912345-a1b2c3d4@whatdotheyknow.com", "Alex Morgan");
        var again = Request("taser-2", Letters.TaserUse, "foi+request-934567-e5f6a7b8@whatdotheyknow.com", "Alex Morgan");
        var other = Request("taser-3", Letters.TaserUse, "foi+request-934999-c9d0e1f2@whatdotheyknow.com", "Kim Lee");

        var matches = _matcher.Match(again, [original, other]);

        Assert.Equal(DuplicateKind.Repeat, matches.Single(m => m.RequestId == "taser-1").Kind);
        Assert.Equal(DuplicateKind.RoundRobin, matches.Single(m => m.RequestId == "taser-3").Kind);
    }

    [Fact]
    public void The_same_long_text_from_different_requesters_is_a_round_robin()
    {
        var first = Request(
            "fr-1",
            Letters.FacialRecognitionCampaign("Dear FOI Officer,", "Yours faithfully,\nJane Holt\nLiberty Watch volunteer"),
            "jane.holt@example.org",
            "Jane Holt");
        var second = Request(
            "fr-2",
            Letters.FacialRecognitionCampaign("To whom it may concern,", "Kind regards,\n\nMohammed Rahman"),
            "m.rahman@example.co.uk",
            "Mohammed Rahman",
            January.AddDays(1));

        var match = Assert.Single(_matcher.Match(second, [first]));

        Assert.Equal(DuplicateKind.RoundRobin, match.Kind);
        Assert.Equal("round-robin", match.KindName);
        Assert.True(match.IsExactCopy);
        Assert.Equal(1.0, match.Similarity);
    }

    [Fact]
    public void A_round_robin_is_found_even_when_the_whole_letter_is_fingerprinted()
    {
        var first = Letters.FacialRecognitionCampaign("Dear FOI Officer,", "Yours faithfully,\nJane Holt");
        var second = Letters.FacialRecognitionCampaign("To whom it may concern,", "Kind regards,\n\nMohammed Rahman");

        var match = Assert.Single(_matcher.Match(
            FingerprintRecord.Create("fr-2", MinHasher.Compute(second), "m.rahman@example.co.uk", null, January),
            [FingerprintRecord.Create("fr-1", MinHasher.Compute(first), "jane.holt@example.org", null, January)]));

        Assert.Equal(DuplicateKind.RoundRobin, match.Kind);
        Assert.False(match.IsExactCopy);
        Assert.InRange(match.Similarity, 0.85, 0.99);
    }

    [Fact]
    public void An_exact_copy_is_reported_as_one_with_similarity_one()
    {
        var original = Request("anpr-1", Letters.AnprCameras, "sam.patel@example.com", "Sam Patel");
        var copy = Request("anpr-2", Letters.AnprCameras.ToUpperInvariant().Replace("\n", "\r\n", StringComparison.Ordinal), "sam.patel@example.com", "Sam Patel");

        var match = Assert.Single(_matcher.Match(copy, [original]));

        Assert.True(match.IsExactCopy);
        Assert.Equal(1.0, match.Similarity);
        Assert.Equal(DuplicateKind.Repeat, match.Kind);
        Assert.Equal("repeat", match.KindName);
    }

    [Fact]
    public void Different_letters_on_the_same_topic_are_not_matched()
    {
        var cameras = Request("anpr-1", Letters.AnprCameras, "sam.patel@example.com", "Sam Patel");
        var hotlists = Request("anpr-2", Letters.AnprHotlists, "chris.doyle@example.com", "Chris Doyle");

        Assert.Empty(_matcher.Match(hotlists, [cameras]));
        Assert.True(hotlists.Signature.Similarity(cameras.Signature) < 0.3);
    }

    [Fact]
    public void Unrelated_letters_from_the_same_requester_are_not_matched()
    {
        var taser = Request("taser-1", Letters.TaserUse, "alex.morgan@example.com", "Alex Morgan");
        var stops = Request("sas-1", Letters.StopAndSearch, "alex.morgan@example.com", "Alex Morgan");

        Assert.Empty(_matcher.Match(stops, [taser]));
    }

    [Fact]
    public void Requests_from_unknown_requesters_cannot_be_repeats()
    {
        var original = Request("taser-1", Letters.TaserUse, null, null);
        var again = Request("taser-2", Letters.TaserUse, null, "   ");

        Assert.Equal(DuplicateKind.RoundRobin, Assert.Single(_matcher.Match(again, [original])).Kind);
    }

    [Fact]
    public void Matches_come_most_similar_first_without_the_request_itself_or_repeated_candidates()
    {
        var request = Request("taser-5", Letters.TaserUse, "alex.morgan@example.com", "Alex Morgan");
        FingerprintRecord[] candidates =
        [
            Request("taser-2", Letters.TaserUseReordered, "alex.morgan@example.com", "Alex Morgan"),
            request,
            Request("taser-1", Letters.TaserUse, "kim.lee@example.com", "Kim Lee"),
            Request("taser-3", Letters.TaserUseChangedYears, "alex.morgan@example.com", "Alex Morgan"),
            Request("taser-1", Letters.TaserUse, "kim.lee@example.com", "Kim Lee"),
            Request("anpr-1", Letters.AnprCameras, "alex.morgan@example.com", "Alex Morgan"),
        ];

        var matches = _matcher.Match(request, candidates);

        Assert.Equal(["taser-1", "taser-3", "taser-2"], matches.Select(m => m.RequestId));
        Assert.Equal([DuplicateKind.RoundRobin, DuplicateKind.Repeat, DuplicateKind.Repeat], matches.Select(m => m.Kind));
    }

    [Fact]
    public void A_higher_threshold_keeps_only_the_closest_matches()
    {
        var original = Request("taser-1", Letters.TaserUse, null, "Alex Morgan");
        var strict = new DuplicateMatcher(threshold: 0.9);

        Assert.Single(strict.Match(Request("taser-2", Letters.TaserUseChangedYears, null, "Alex Morgan"), [original]));
        Assert.Empty(strict.Match(Request("taser-3", Letters.TaserUseReordered, null, "Alex Morgan"), [original]));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.01)]
    [InlineData(double.NaN)]
    public void A_threshold_outside_zero_to_one_is_refused(double threshold)
        => Assert.Throws<ArgumentOutOfRangeException>(() => new DuplicateMatcher(threshold));

    [Fact]
    public void A_request_without_words_matches_nothing()
    {
        var empty = Request("blank-1", "", "alex.morgan@example.com", "Alex Morgan");

        Assert.Empty(_matcher.Match(empty, [Request("blank-2", " ", "alex.morgan@example.com", "Alex Morgan")]));
    }
}
