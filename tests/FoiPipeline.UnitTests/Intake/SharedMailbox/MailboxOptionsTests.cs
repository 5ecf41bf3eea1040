using FoiPipeline.Intake.SharedMailbox;

namespace FoiPipeline.UnitTests.Intake.SharedMailbox;

public sealed class MailboxOptionsTests
{
    [Fact]
    public void No_mailbox_means_the_connector_is_off_and_nothing_else_is_checked()
    {
        var options = new MailboxOptions { PageSize = 0, GraphBaseUrl = new Uri("http://graph.example") };

        Assert.False(options.Enabled);
        Assert.True(new MailboxOptionsValidator().Validate(null, options).Succeeded);
    }

    [Fact]
    public void The_defaults_with_a_mailbox_are_valid()
        => Assert.True(new MailboxOptionsValidator().Validate(null, new MailboxOptions { Mailbox = "foi@force.police.uk" }).Succeeded);

    [Fact]
    public void Bad_mailbox_settings_fail_with_messages_that_name_each_setting()
    {
        var options = new MailboxOptions
        {
            Mailbox = "foi@force.police.uk",
            Category = " ",
            MoveToFolder = null,
            GraphBaseUrl = new Uri("http://graph.microsoft.com/v1.0"),
            PageSize = 0,
            StateContainer = "Mailbox_State",
            PollInterval = TimeSpan.Zero,
        };

        var failures = new MailboxOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.Contains("set Category or MoveToFolder", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("GraphBaseUrl", StringComparison.Ordinal) && f.Contains("https", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("PageSize", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("StateContainer", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("PollInterval", StringComparison.Ordinal));
    }

    [Fact]
    public void Moving_taken_mail_into_the_folder_being_read_is_refused()
    {
        var failures = new MailboxOptionsValidator().Validate(null, new MailboxOptions { Mailbox = "foi@force.police.uk", MoveToFolder = "Inbox" }).Failures;

        Assert.Contains(failures!, f => f.Contains("MoveToFolder is the folder being read", StringComparison.Ordinal));
    }

    [Fact]
    public void The_same_message_is_always_the_same_blob_and_the_graph_id_is_the_fallback()
    {
        var listed = new DeltaMessage("AAMk1=", "<abc@mail.example.org>", [], null, Removed: false);
        var movedAndListedAgain = listed with { Id = "AAMk2=" };
        var noInternetId = listed with { InternetMessageId = null };

        Assert.Equal(MailboxConnector.BlobNameFor(listed), MailboxConnector.BlobNameFor(movedAndListedAgain));
        Assert.Matches("^mail-[0-9a-f]{40}\\.eml$", MailboxConnector.BlobNameFor(listed));
        Assert.Matches("^mail-graph-[0-9a-f]{40}\\.eml$", MailboxConnector.BlobNameFor(noInternetId));
    }

    [Fact]
    public void A_delta_page_reads_messages_removals_and_exactly_one_link()
    {
        var page = GraphMailClient.ParseDeltaPage(BinaryData.FromString("""
            { "@odata.nextLink": "https://graph.microsoft.com/v1.0/users/x/mailFolders/inbox/messages/delta?$skiptoken=abc",
              "value": [
                { "id": "m1", "internetMessageId": "<1@example.org>", "categories": ["Blue"], "receivedDateTime": "2026-11-20T09:30:00Z" },
                { "id": "m2", "@removed": { "reason": "deleted" } } ] }
            """));

        Assert.Equal(2, page.Messages.Count);
        var first = page.Messages[0];
        Assert.Equal(("m1", "<1@example.org>", false), (first.Id, first.InternetMessageId, first.Removed));
        Assert.Equal(["Blue"], first.Categories);
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero), first.ReceivedAt);
        Assert.True(page.Messages[1].Removed);
        Assert.NotNull(page.NextLink);
        Assert.Null(page.DeltaLink);
        Assert.Throws<InvalidDataException>(() => GraphMailClient.ParseDeltaPage(BinaryData.FromString("""{ "value": [] }""")));
    }
}
