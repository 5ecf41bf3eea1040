using FoiPipeline.Analysis.Layout;
using static FoiPipeline.UnitTests.Analysis.Letters;

namespace FoiPipeline.UnitTests.Analysis;

/// <summary>Where the request is in a letter, and what around it is not the request.</summary>
public class LetterLayoutTests
{
    private static string Of(string text, Region region) => text[region.Start..region.End];

    private static Region Single(LetterLayout layout, RegionKind kind) => Assert.Single(layout.Regions, r => r.Kind == kind);

    [Fact]
    public void The_salutation_and_the_sign_off_with_the_signature_block_surround_the_request_and_are_not_part_of_it()
    {
        var text = "Dear Sir or Madam,\n\nHow many police dogs does the force have?\n\nYours faithfully,\nJane Smith\n12 High Street\nNorthvale\n";

        var layout = LetterLayout.Of(text);

        Assert.Equal("Dear Sir or Madam,", Of(text, Single(layout, RegionKind.Salutation)));
        Assert.Equal("How many police dogs does the force have?", Of(text, Single(layout, RegionKind.Request)).Trim());
        Assert.Equal("Yours faithfully,\nJane Smith\n12 High Street\nNorthvale\n", Of(text, Single(layout, RegionKind.Signature)));
        Assert.Equal(text.IndexOf("Yours faithfully", StringComparison.Ordinal), layout.SignOffStart);
        Assert.Equal("How many police dogs does the force have?", RequestText(text, layout).Trim());
    }

    [Theory]
    [InlineData("Kind regards,")]
    [InlineData("Many thanks")]
    [InlineData("Yours sincerely")]
    [InlineData("Regards")]
    public void Common_sign_offs_end_the_request(string signOff)
    {
        var text = $"Hello,\n\nPlease tell me how many speed cameras the force operates.\n\n{signOff}\nAlan Brown\n";

        var layout = LetterLayout.Of(text);

        Assert.Equal(text.IndexOf(signOff, StringComparison.Ordinal), layout.SignOffStart);
        Assert.DoesNotContain("Alan Brown", RequestText(text, layout), StringComparison.Ordinal);
    }

    [Fact]
    public void In_an_email_reply_the_quoted_earlier_correspondence_is_cut_out_of_the_request()
    {
        var body = "Thank you for your reply. Please could you also tell me how many speed cameras are in the county?\n\nRegards,\nAlan Brown\n\n"
            + "On 3 March 2025, FOI Unit <foi@example.police.uk> wrote:\n> Dear Mr Brown,\n> Your request about terrorism arrests has been logged.\n";

        var layout = LetterLayout.Of(Email(body, "RE: Speed cameras"));

        var quote = Single(layout, RegionKind.QuotedReply);
        Assert.StartsWith("On 3 March 2025", Of(body, quote), StringComparison.Ordinal);
        Assert.All(layout.RequestSpans, s => Assert.True(s.End <= quote.Start));
        Assert.DoesNotContain("terrorism", RequestText(body, layout), StringComparison.Ordinal);
        Assert.Null(layout.ForwardedFrom);
    }

    [Fact]
    public void Quoted_lines_between_the_senders_own_paragraphs_are_cut_out_and_both_paragraphs_stay_in_the_request()
    {
        var body = "Thank you for answering my earlier questions so quickly. You wrote:\n\n> We hold records of 14 fixed speed cameras.\n\n"
            + "Please tell me how many of those cameras were working on 1 March 2025.\n";

        var layout = LetterLayout.Of(Email(body, "RE: Speed cameras"));
        var request = RequestText(body, layout);

        Assert.Equal(2, layout.RequestSpans.Count);
        Assert.Contains("Thank you for answering", request, StringComparison.Ordinal);
        Assert.Contains("were working on 1 March 2025", request, StringComparison.Ordinal);
        Assert.DoesNotContain("14 fixed speed cameras", request, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mail_disclaimer_is_its_own_region_and_is_cut_out_of_the_request()
    {
        var body = "How many marked vehicles does the force own?\n\n"
            + "This email and any files transmitted with it are confidential and intended solely for the use of the individual to whom they are addressed.\n";

        var layout = LetterLayout.Of(Email(body, "Fleet"));

        Assert.StartsWith("This email and any files", Of(body, Single(layout, RegionKind.Disclaimer)), StringComparison.Ordinal);
        Assert.Equal("How many marked vehicles does the force own?", RequestText(body, layout).Trim());
    }

    private const string WebForm = """
        Skip to main content
        Accept all cookies   Reject additional cookies   Cookie settings
        We use cookies to make this site work and to collect information about how you use it.
        Make a freedom of information request
        Reference: WEB-58120
        Title: Mr
        First name: Rajesh
        Surname: Nair
        Email address: r.nair@example.com
        Telephone:
        Details of your request: How many dangerous dogs were seized in 2024?
        How many of these were destroyed?
        How would you like to receive the information: Email
        Was this page useful?  Yes  No
        Accessibility | Privacy notice | Cookies | Terms and conditions
        """;

    [Fact]
    public void A_web_form_submission_is_only_the_value_of_its_request_field()
    {
        var layout = LetterLayout.Of(WebForm);

        Assert.Equal(
            "How many dangerous dogs were seized in 2024?\nHow many of these were destroyed?",
            RequestText(WebForm, layout).Trim());
    }

    [Fact]
    public void The_website_chrome_and_the_other_form_fields_around_a_web_form_are_marked_as_such()
    {
        var layout = LetterLayout.Of(WebForm);

        Assert.StartsWith("Skip to main content", Of(WebForm, Single(layout, RegionKind.Chrome)), StringComparison.Ordinal);
        var fields = layout.Regions.Where(r => r.Kind == RegionKind.FormFields).Select(r => Of(WebForm, r)).ToList();
        Assert.Contains(fields, f => f.Contains("First name: Rajesh", StringComparison.Ordinal));
        Assert.Contains(fields, f => f.StartsWith("How would you like to receive", StringComparison.Ordinal));
        Assert.Equal("WEB-58120", layout.Reference);
    }

    private const string Forward = """
        Hi FOI team,

        This came into the press office inbox yesterday. I think it is an FOI request rather than a media enquiry, so I am passing it to you.

        Thanks,
        Gary

        From: Rosa Lindgren <rosa.lindgren@example.com>
        Sent: 02 June 2025 10:52
        To: Press Office <press@example.police.uk>
        Subject: Question about the summit

        Hello,

        Please could you tell me the total cost to the force of policing the summit?

        Many thanks,
        Rosa Lindgren
        """;

    [Fact]
    public void On_an_internal_forward_the_forwarded_message_is_the_request_and_the_covering_note_is_not()
    {
        var layout = LetterLayout.Of(Email(Forward, "FW: Question about the summit", "Gary Nolan", "gary.nolan@example.police.uk"));
        var request = RequestText(Forward, layout);

        Assert.StartsWith("Hi FOI team", Of(Forward, Single(layout, RegionKind.ForwardingNote)), StringComparison.Ordinal);
        Assert.Contains("the total cost to the force of policing the summit", request, StringComparison.Ordinal);
        Assert.DoesNotContain("press office inbox", request, StringComparison.Ordinal);
        Assert.DoesNotContain("Sent:", request, StringComparison.Ordinal);
        Assert.DoesNotContain("rosa.lindgren@example.com", request, StringComparison.Ordinal);
    }

    [Fact]
    public void On_an_internal_forward_the_sender_of_the_forwarded_message_is_named_not_the_colleague()
    {
        var layout = LetterLayout.Of(Email(Forward, "FW: Question about the summit", "Gary Nolan", "gary.nolan@example.police.uk"));

        Assert.NotNull(layout.ForwardedFrom);
        Assert.Equal("Rosa Lindgren", layout.ForwardedFrom.FromName);
        Assert.Equal("rosa.lindgren@example.com", layout.ForwardedFrom.FromAddress);
        Assert.Equal("Question about the summit", layout.ForwardedFrom.Subject);
    }

    [Fact]
    public void The_same_quoted_message_without_a_forward_subject_is_history_not_the_request()
    {
        var layout = LetterLayout.Of(Email(Forward, "Question about the summit", "Gary Nolan", "gary.nolan@example.police.uk"));

        Assert.Null(layout.ForwardedFrom);
        Assert.DoesNotContain("policing the summit", RequestText(Forward, layout), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Response")]
    [InlineData("Our response:")]
    public void A_filed_authority_response_after_a_response_heading_is_not_part_of_the_request(string heading)
    {
        var text = $"Terror Arrests (3056_15)\n\nHow many people were arrested under section 41 of the Terrorism Act in 2014?\n\n{heading}\n\nWe can confirm that 12 people were arrested. Informants were not used.\n";

        var layout = LetterLayout.Of(text);

        Assert.StartsWith(heading, Of(text, Single(layout, RegionKind.AuthorityReply)), StringComparison.Ordinal);
        Assert.Equal("How many people were arrested under section 41 of the Terrorism Act in 2014?", RequestText(text, layout).Trim());
    }

    [Fact]
    public void A_filed_response_with_no_request_in_it_has_no_request()
    {
        var text = "Response\n\nWe can confirm that Northvale Police holds information relating to the covert use of facial recognition. The information is withheld under section 31.\n";

        var layout = LetterLayout.Of(text);

        Assert.False(layout.HasRequest);
        Assert.Empty(layout.RequestSpans);
        Assert.Equal(0, Single(layout, RegionKind.AuthorityReply).Start);
    }

    [Fact]
    public void A_disclosure_log_heading_gives_the_title_and_its_parenthesised_reference()
    {
        var text = "Terror Arrests (3056_15)\n\nHow many people were arrested under the Terrorism Act in 2014?\n";

        var layout = LetterLayout.Of(text);

        Assert.Equal("Terror Arrests", layout.Title);
        Assert.Equal("3056_15", layout.Reference);
        Assert.Equal("Terror Arrests (3056_15)", Of(text, Single(layout, RegionKind.Title)));
    }

    [Theory]
    [InlineData("Reference: WEB-58120", "WEB-58120")]
    [InlineData("Our ref: FOI/2025/0412", "FOI/2025/0412")]
    public void A_labelled_reference_near_the_top_is_the_letters_reference(string line, string reference)
    {
        var text = $"{line}\n\nDear Sir or Madam,\n\nHow many police horses does the force keep?\n\nYours faithfully,\nJane Smith\n";

        Assert.Equal(reference, LetterLayout.Of(text).Reference);
    }

    [Fact]
    public void A_re_line_names_the_request_and_is_not_part_of_it()
    {
        var text = "Re: Police horses\n\nDear Sir or Madam,\n\nHow many police horses does the force keep?\n\nYours faithfully,\nJane Smith\n";

        var layout = LetterLayout.Of(text);

        Assert.Equal("Police horses", layout.Title);
        Assert.DoesNotContain("Police horses", RequestText(text, layout), StringComparison.Ordinal);
    }

    [Fact]
    public void A_requesters_reply_that_thanks_the_authority_for_its_letter_is_still_the_request()
    {
        // A reply to a clarification often opens this way; only the authority thanks the requester for their request.
        var text = Letter("Thank you for your letter of 3 March asking me to clarify my request. I would like the number of Taser discharges in 2024 only.");

        var layout = LetterLayout.Of(text);

        Assert.True(layout.HasRequest);
        Assert.DoesNotContain(layout.Regions, r => r.Kind == RegionKind.AuthorityReply);
        Assert.Contains("the number of Taser discharges in 2024 only", RequestText(text, layout), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Thank you for your request received on 11 February 2025.")]
    [InlineData("Thank you for your email of 11 February 2025 requesting information about Taser.")]
    [InlineData("Thank you for your letter dated 11 February 2025, in which you requested figures on Taser.")]
    public void The_authority_thanking_the_requester_for_their_request_begins_a_filed_reply(string thanks)
    {
        var text = $"How many Taser discharges were there in 2024?\n\n{thanks} The force recorded 212 discharges.\n";

        var layout = LetterLayout.Of(text);

        Assert.StartsWith(thanks, Of(text, Single(layout, RegionKind.AuthorityReply)), StringComparison.Ordinal);
        Assert.Equal("How many Taser discharges were there in 2024?", RequestText(text, layout).Trim());
    }
}
