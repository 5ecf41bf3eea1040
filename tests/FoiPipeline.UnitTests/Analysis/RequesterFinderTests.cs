using FoiPipeline.Analysis;
using FoiPipeline.Analysis.Layout;
using FoiPipeline.Intake;
using static FoiPipeline.UnitTests.Analysis.Letters;

namespace FoiPipeline.UnitTests.Analysis;

/// <summary>Who sent the letter, from its headers, a web form's fields or its signature.</summary>
public class RequesterFinderTests
{
    private static Requester Find(string text, EmailHeaders? email = null) => RequesterFinder.Find(text, LetterLayout.Of(text), email);

    [Fact]
    public void A_typed_letter_is_from_the_name_and_address_under_its_sign_off()
    {
        var text = "Dear Sir or Madam,\n\nHow many police dogs does the force have?\n\nYours faithfully,\nDr J. O'Neil\njo.oneil@example.org\n";

        Assert.Equal(new Requester("Dr J. O'Neil", "jo.oneil@example.org"), Find(text));
    }

    [Fact]
    public void A_line_under_the_sign_off_that_is_not_a_name_is_not_taken_for_one()
    {
        var text = "Dear Sir or Madam,\n\nHow many police dogs does the force have?\n\nYours faithfully,\nsent from my phone\n";

        Assert.Null(Find(text).Name);
    }

    [Fact]
    public void A_web_form_is_from_its_first_name_surname_and_email_fields()
    {
        var text = "Make a freedom of information request\nTitle: Mr\nFirst name: Rajesh\nSurname: Nair\nEmail address: r.nair@example.com\nDetails of your request: How many dangerous dogs were seized in 2024?\nHow would you like to receive the information: Email\n";

        Assert.Equal(new Requester("Rajesh Nair", "r.nair@example.com"), Find(text));
    }

    [Fact]
    public void A_web_form_with_a_single_name_field_is_from_that_name()
    {
        var text = "Name: Siân Pritchard\nEmail: sian@example.net\nYour request: How many shotgun certificates were revoked in 2024?\n";

        Assert.Equal(new Requester("Siân Pritchard", "sian@example.net"), Find(text));
    }

    [Fact]
    public void An_email_is_from_its_senders_display_name_and_address()
    {
        var text = "Hello,\n\nHow many police dogs does the force have?\n\nThanks,\nJ\n";

        var requester = Find(text, new EmailHeaders { FromName = "Jane Smith", FromAddress = "jane.smith@example.org" });

        Assert.Equal(new Requester("Jane Smith", "jane.smith@example.org"), requester);
    }

    [Fact]
    public void An_email_from_a_shared_mailbox_is_from_the_person_who_signed_it()
    {
        var text = "Hello,\n\nHow many police dogs does the force have?\n\nKind regards,\nPriya Shah\n";

        var requester = Find(text, new EmailHeaders { FromName = "Newsdesk", FromAddress = "newsdesk@example.org" });

        Assert.Equal(new Requester("Priya Shah", "newsdesk@example.org"), requester);
    }

    [Fact]
    public void The_address_of_the_authority_in_quoted_correspondence_is_not_the_requesters()
    {
        var text = "Dear FOI team,\n\nThank you for your reply. Please could you also tell me how many speed cameras are in the county?\n\nRegards,\nAlan Brown\n\n"
            + "On 3 March 2025, FOI Unit <foi@northvale.police.uk> wrote:\n> Dear Mr Brown,\n> Thank you for your request.\n";

        Assert.Equal(new Requester("Alan Brown", null), Find(text));
    }

    [Fact]
    public void The_address_of_the_authority_in_a_filed_response_is_not_the_requesters()
    {
        var text = "Dear FOI team,\n\nHow many speed cameras are in the county?\n\nYours sincerely,\nAlan Brown\n\nResponse\n\nWe hold 14 speed cameras. Contact foi@northvale.police.uk with any questions.\n";

        Assert.Equal(new Requester("Alan Brown", null), Find(text));
    }

    [Fact]
    public void An_address_given_in_the_request_itself_is_the_requesters_when_the_letter_is_not_signed()
    {
        var text = "How many speed cameras are in the county? Please reply to alan.brown@example.com.\n";

        Assert.Equal("alan.brown@example.com", Find(text).Email);
    }
}
