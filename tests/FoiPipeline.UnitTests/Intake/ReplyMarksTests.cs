using FoiPipeline.Intake;
using FoiPipeline.Intake.Email;

namespace FoiPipeline.UnitTests.Intake;

public class ReplyMarksTests
{
    private const string Quote = "On Mon, 2 Nov 2026 at 09:00, FOI Unit <foi@example.police.uk> wrote:\n> Thank you for your request.\n> We will reply by 1 December.";

    [Fact]
    public void A_reply_marks_everything_from_the_quote_header_to_the_end()
    {
        var text = "Thank you for your reply, but I asked for 2025 as well as 2024. Please add it.\n\n" + Quote;
        var mark = Assert.Single(ReplyMarks.Find(text));
        Assert.Equal((MarkKind.QuotedReply, text.IndexOf("On Mon", StringComparison.Ordinal), text.Length), (mark.Kind, mark.Start, mark.End));
    }

    [Theory]
    [InlineData("FYI\n\n")]
    [InlineData("Hi,\n\nThanks,\nJo\n\n")]
    public void A_forward_with_no_new_words_is_not_marked_because_its_quote_is_the_request(string above)
        => Assert.DoesNotContain(ReplyMarks.Find(above + Quote), m => m.Kind == MarkKind.QuotedReply);

    [Fact]
    public void A_gmail_forward_separator_means_the_block_below_is_content_however_long_the_note_above()
    {
        var text = "Please could you log the request below as an FOI request and acknowledge it today, thank you.\n\n"
            + "---------- Forwarded message ---------\nFrom: Jo Bloggs <jo@example.org>\nDate: Mon, 2 Nov 2026 at 09:13\nSubject: FOI\nTo: <team@example.police.uk>\n\n1. How many drones?";
        Assert.Empty(ReplyMarks.Find(text));
    }

    [Fact]
    public void Quoted_lines_inside_a_message_are_marked_on_their_own()
    {
        var text = "You said:\n> we do not hold this\nBut your annual report for 2025 lists it on page 12. Please check again.";
        var mark = Assert.Single(ReplyMarks.Find(text));
        Assert.Equal("> we do not hold this", text[mark.Start..mark.End]);
    }

    [Fact]
    public void A_message_that_is_only_quoted_lines_is_content_not_history()
        => Assert.Empty(ReplyMarks.Find("> 1. How many drones does the force own?\n> 2. What did they cost?"));

    [Fact]
    public void A_disclaimer_paragraph_is_marked_and_the_request_is_not()
    {
        var text = "1. How many drones does the force own?\n\nThis email and any attachments are confidential. If you are not the intended recipient, please delete it.";
        var mark = Assert.Single(ReplyMarks.Find(text));
        Assert.Equal(MarkKind.Disclaimer, mark.Kind);
        Assert.StartsWith("This email", text[mark.Start..mark.End], StringComparison.Ordinal);
    }
}
